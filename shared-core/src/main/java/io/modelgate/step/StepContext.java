package io.modelgate.step;

import io.modelgate.ci.CiContext;
import io.modelgate.config.ResolvedConfig;
import io.modelgate.report.Console;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * What a step runs with: its checked parameters, the configuration resolved for the
 * environment, the process environment (where secrets come from), the output directory,
 * the CI facts (branch, commit, actor, run URL), a console that masks secrets, and a clock.
 */
public record StepContext(
        StepParams params,
        ResolvedConfig config,
        Map<String, String> env,
        Path projectDir,
        Path outputDir,
        CiContext ci,
        Console console,
        Clock clock) {

    public String stepName() {
        return params.definition().name();
    }
}
