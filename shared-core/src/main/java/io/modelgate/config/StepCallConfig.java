package io.modelgate.config;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import java.util.Map;

/** One catalogue step of a {@code steps} route, with its parameters (placeholders allowed). */
public record StepCallConfig(
        @JsonPropertyDescription("Catalogue step, e.g. validate-model")
        String step,
        @JsonPropertyDescription("Its parameters by name, e.g. model: \"{model}\", candidate: \"{version}\"")
        Map<String, String> params) {

    public StepCallConfig {
        params = params == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
    }
}
