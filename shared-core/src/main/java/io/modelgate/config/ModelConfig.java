package io.modelgate.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import java.util.Map;

/** One registered model: its registry style, its quality gate and its promotion policy. */
public record ModelConfig(
        @JsonPropertyDescription("aliases (challenger -> champion, default) or stages (None -> Staging -> Production)")
        Registry registry,
        @JsonPropertyDescription("Name of the registered model in MLflow, when it differs from the key")
        String registeredName,
        @JsonPropertyDescription("The quality gate of candidate versions")
        ValidationConfig validation,
        @JsonPropertyDescription("Promotion policy per environment name")
        Map<String, PromotionRule> promotion) {

    public enum Registry {
        @JsonProperty("aliases") ALIASES,
        @JsonProperty("stages") STAGES
    }

    public ModelConfig {
        registry = registry == null ? Registry.ALIASES : registry;
        validation = validation == null ? new ValidationConfig(null, null, null, null, null, null, null) : validation;
        promotion = promotion == null ? Map.of() : Map.copyOf(promotion);
    }

    void validate(ConfigCheck check, String path) {
        validation.validate(check, ConfigCheck.join(path, "validation"));
    }
}
