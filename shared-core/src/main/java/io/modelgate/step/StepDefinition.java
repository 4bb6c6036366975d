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
 * @param jvmOptions options the front ends start the step's JVM with (before -jar)
 */
public record StepDefinition(
        String name,
        String summary,
        List<Param> params,
        Map<String, String> outputs,
        List<String> secrets,
        List<String> jvmOptions) {

    /**
     * The JVM options of a step whose own work is over in about a second, or which waits on others (a
     * test command, a Spark job, a registry): C1 alone. On a CI agent's 2 cores the C2 compiler would
     * otherwise compete with the run it compiles for (docs/benchmarks/junit.md, registry.md).
     */
    public static final List<String> SHORT_RUN = List.of("-XX:TieredStopAtLevel=1");

    public StepDefinition {
        params = List.copyOf(params);
        outputs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(outputs));
        secrets = List.copyOf(secrets);
        jvmOptions = List.copyOf(jvmOptions);
    }

    /** A step started with {@link #SHORT_RUN}: what the front ends pass to java before -jar. */
    public StepDefinition(String name, String summary, List<Param> params, Map<String, String> outputs, List<String> secrets) {
        this(name, summary, params, outputs, secrets, SHORT_RUN);
    }

    public Optional<Param> param(String paramName) {
        return params.stream().filter(p -> p.name().equals(paramName)).findFirst();
    }
}
