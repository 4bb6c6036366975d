package io.modelgate.invocation;

import io.modelgate.step.StepCatalogue;
import io.modelgate.step.StepDefinition;
import io.modelgate.step.StepResult;
import io.modelgate.webhook.StepLauncher;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * How the webhook relay runs catalogue steps for a {@code steps} route: through {@link StepRunner},
 * exactly as the command line runs them (same configuration file, environment, masking and
 * reports), each step's console going to {@code console.log} beside its reports.
 */
public final class WebhookSteps implements StepLauncher {

    private final Map<String, String> env;
    private final Path config;
    private final String environment;
    private final boolean debug;

    public WebhookSteps(Map<String, String> env, Path config, String environment, boolean debug) {
        this.env = env;
        this.config = config;
        this.environment = environment;
        this.debug = debug;
    }

    @Override
    public Result run(String step, Map<String, String> params, Path outputDir) {
        StepDefinition definition = StepCatalogue.find(step).orElseThrow(() -> new IllegalArgumentException("no step " + step));
        try {
            Files.createDirectories(outputDir);
        } catch (IOException e) {
            return new Result("ERROR", 3, "cannot create " + outputDir + ": " + e.getMessage());
        }
        try (PrintStream console = new PrintStream(new FileOutputStream(outputDir.resolve("console.log").toFile()), true, StandardCharsets.UTF_8)) {
            StepResult result = new StepRunner(env, console, console).run(definition, () -> params,
                    new StepRunner.Options(config, environment, outputDir, debug), masker -> { }).result();
            return new Result(result.verdict().name(), result.exitCode(), result.headline());
        } catch (IOException e) {
            return new Result("ERROR", 3, "cannot write " + outputDir.resolve("console.log") + ": " + e.getMessage());
        }
    }

    @Override
    public boolean knows(String step) {
        return StepCatalogue.find(step).isPresent();
    }
}
