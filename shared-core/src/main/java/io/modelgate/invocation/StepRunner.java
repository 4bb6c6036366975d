package io.modelgate.invocation;

import io.modelgate.fault.Fault;
import io.modelgate.step.StepContext;
import io.modelgate.step.StepDefinition;
import io.modelgate.step.StepParams;
import io.modelgate.step.StepResult;
import io.modelgate.step.Verdict;

import io.modelgate.ci.CiContext;
import io.modelgate.config.ConfigFile;
import io.modelgate.config.EnvironmentSelector;
import io.modelgate.config.ResolvedConfig;
import io.modelgate.step.Console;
import io.modelgate.report.ReportWriter;
import io.modelgate.secret.SecretMasker;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs one catalogue step the same way for every front end: checks the parameters, loads the
 * configuration, selects the environment, runs the step and writes its reports. Every failure
 * becomes an ERROR result with the right exit code; nothing is thrown.
 */
public final class StepRunner {

    /**
     * Where the configuration and reports are, and how to run.
     *
     * @param config      the modelgate.yaml to read
     * @param environment the environment to use; null to derive it from the branch
     * @param outputDir   where result.json, result.md and the JUnit XML go
     * @param debug       print stack traces of errors
     */
    public record Options(Path config, String environment, Path outputDir, boolean debug) {
    }

    /** The result, reports written, and the masker that holds every secret the step could read. */
    public record Outcome(StepResult result, SecretMasker masker, String reportError) {
    }

    private final Map<String, String> env;
    private final PrintStream console;
    private final PrintStream err;

    /**
     * @param env     the process environment (secrets come only from here)
     * @param console where the step's progress lines go
     * @param err     where stack traces go in debug mode
     */
    public StepRunner(Map<String, String> env, PrintStream console, PrintStream err) {
        this.env = env;
        this.console = console;
        this.err = err;
    }

    /**
     * @param params       raw parameter values by kebab name; read inside the run so that a bad
     *                     params document becomes a usage error result like any other
     * @param secretsKnown called once the configuration names its secret variables, before the
     *                     step prints anything (front ends register masks there)
     */
    public Outcome run(StepDefinition definition, Supplier<Map<String, ?>> params, Options options, Consumer<SecretMasker> secretsKnown) {
        SecretMasker masker = SecretMasker.of(env, List.of());
        StepResult result;
        try {
            // The config first: it names the secrets, which a refused parameter value may hold.
            ConfigFile file = ConfigFile.load(options.config());
            masker = SecretMasker.of(env, file.secretVariables().keySet());
            secretsKnown.accept(masker);
            StepParams checked = StepParams.parse(definition, params.get());
            Path projectDir = options.config().toAbsolutePath().getParent();
            CiContext ci = CiContext.detect(env, projectDir);
            ResolvedConfig config = EnvironmentSelector.select(file, options.environment(), ci);
            result = Steps.of(definition).run(new StepContext(checked, config, env, projectDir, options.outputDir(), ci,
                    new Console(console, masker), Clock.systemUTC()));
        } catch (Fault e) {
            debug(options, masker, e);
            result = StepResult.error(definition.name(), e);
        } catch (RuntimeException | Error e) {
            // Anything a step did not expect, a JVM error included, is still a result with exit 3.
            debug(options, masker, e);
            result = StepResult.error(definition.name(), Fault.infrastructure(
                    "internal error: " + e + (options.debug() ? "" : " (run with --debug for the stack trace)"), e));
        }
        // Masked here, once, whatever happens next: every front end prints and publishes this result.
        result = result.masked(masker);
        String reportError = null;
        try {
            result = ReportWriter.write(result, options.outputDir(), masker);
        } catch (Fault e) {
            reportError = masker.mask(e.getMessage());
            // The result is not recorded: a run that passed must not say so.
            if (result.exitCode() == 0) {
                result = new StepResult(result.step(), Verdict.ERROR, Fault.Kind.INFRASTRUCTURE,
                        result.headline() + "; but the reports could not be written: " + reportError, result.tables(), result.checks(),
                        result.annotations(), result.outputs(), result.artifacts(), result.log());
            }
        }
        return new Outcome(result, masker, reportError);
    }

    private void debug(Options options, SecretMasker masker, Throwable e) {
        if (options.debug()) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            err.print(masker.mask(trace.toString()));
        }
    }
}
