package io.modelgate.step;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A step as the catalogue defines it, once: name, parameters, outputs and secrets, plus the
 * code that runs it. Front ends and docs are generated from, or held to, this definition.
 *
 * @param name     kebab-case name, e.g. {@code validate-model}
 * @param summary  one line for help texts
 * @param params   typed parameters
 * @param outputs  output name to description
 * @param secrets  config keys that name secret environment variables the step may read
 * @param runner   the implementation
 */
public record StepDefinition(
        String name,
        String summary,
        List<Param> params,
        Map<String, String> outputs,
        List<String> secrets,
        Step runner) {

    public StepDefinition {
        params = List.copyOf(params);
        outputs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(outputs));
        secrets = List.copyOf(secrets);
    }

    public Optional<Param> param(String paramName) {
        return params.stream().filter(p -> p.name().equals(paramName)).findFirst();
    }
}
