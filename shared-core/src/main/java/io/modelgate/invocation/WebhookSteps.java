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
 * How the webhook relay runs catalogue steps for a {@code steps} route: each in an invocation of
 * its own through {@link StepRunner}, exactly as the front end that started the receiver runs a
 * step (same configuration file and environment, masking, reports, messages in its words), each
 * step's console going to {@code console.log} beside its reports.
 */
public final class WebhookSteps implements StepLauncher {

    private final Map<String, String> env;
    private final Invocation.Options options;

    /** @param options the receiver's options; each step gets them with its own output directory */
    public WebhookSteps(Map<String, String> env, Invocation.Options options) {
        this.env = env;
        this.options = options;
    }

    @Override
    public Result run(String step, Map<String, String> params, Path outputDir) {
        StepDefinition definition = StepCatalogue.find(step).orElseThrow(() -> new IllegalArgumentException("no step " + step));
        try {
            Files.createDirectories(outputDir);
        } catch (IOException e) {
            return new Result("ERROR", 3, "cannot create " + outputDir + ": " + e.getMessage());
        }
        Invocation.Options own = new Invocation.Options(options.frontEnd(), options.workDir(), options.config(), options.environment(),
                outputDir, options.debug(), false, true);
        try (PrintStream console = new PrintStream(new FileOutputStream(outputDir.resolve("console.log").toFile()), true, StandardCharsets.UTF_8)) {
            StepResult result = StepRunner.run(new Invocation(env, own, Map.of(), console, console), definition, () -> params, null).result();
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
