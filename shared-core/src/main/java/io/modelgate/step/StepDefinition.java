package io.modelgate.step;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A step as the catalogue defines it, once: name, parameters, outputs and secrets. Front ends and
 * docs are generated from, or held to, this definition; the code that runs it is registered apart.
 *
 * @param name     kebab-case name, e.g. {@code validate-model}
 * @param summary  one line for help texts
 * @param params   typed parameters
 * @param outputs  output name to description
 * @param secrets  config keys that name secret environment variables the step may read
 */
public record StepDefinition(
        String name,
        String summary,
        List<Param> params,
        Map<String, String> outputs,
        List<String> secrets) {

    public StepDefinition {
        params = List.copyOf(params);
        outputs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(outputs));
        secrets = List.copyOf(secrets);
    }

    public Optional<Param> param(String paramName) {
        return params.stream().filter(p -> p.name().equals(paramName)).findFirst();
    }
}
