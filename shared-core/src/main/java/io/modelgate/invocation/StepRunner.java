package io.modelgate.invocation;

import io.modelgate.ci.CiContext;
import io.modelgate.config.ResolvedConfig;
import io.modelgate.step.CommonOption;
import io.modelgate.fault.Fault;
import io.modelgate.github.GitHubReport;
import io.modelgate.report.ReportWriter;
import io.modelgate.secret.SecretMasker;
import io.modelgate.step.Console;
import io.modelgate.step.StepContext;
import io.modelgate.step.StepDefinition;
import io.modelgate.step.StepParams;
import io.modelgate.step.StepResult;
import io.modelgate.step.Verdict;

import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Runs one catalogue step inside the envelope, the same way for every front end: the GitHub check
 * started (when asked), the parameters checked, the configuration loaded and the environment
 * chosen, the step run, its reports written, the check finished. Every failure becomes an ERROR
 * result with its exit code; nothing is thrown.
 */
public final class StepRunner {

    /** The result, reports written, and the masker that holds every secret the step could read. */
    public record Outcome(StepResult result, SecretMasker masker, String reportError) {
    }

    private StepRunner() {
    }

    /**
     * @param params      raw parameter values by kebab name; read inside the run so that a bad
     *                    params document becomes a usage error result like any other
     * @param publication where to publish the result on GitHub; null for nowhere
     */
    public static Outcome run(Invocation invocation, StepDefinition definition, Supplier<Map<String, ?>> params, Publication publication) {
        if (publication != null) {
            try {
                invocation.configFile(); // its secrets are masked in what the check's start sends
            } catch (RuntimeException e) {
                // The run below reports it.
            }
        }
        GitHubReport github = publication == null ? null
                : publication.start(definition.name(), model(definition, params), CiContext.runUrl(invocation.env()), invocation.masker());
        StepResult result;
        try {
            // The configuration first: it names the secrets, which the step may print and a refused
            // parameter value may hold.
            invocation.configFile();
            StepParams checked = StepParams.parse(definition, params.get(), invocation.frontEnd());
            requireSecrets(invocation, definition, checked);
            result = Steps.of(definition).run(new StepContext(checked, invocation.config(), invocation.env(), invocation.projectDir(),
                    invocation.options().outputDir(), invocation.ci(),
                    new Console(invocation.options().json() ? invocation.err() : invocation.out(),
                            invocation.options().quiet() ? null : invocation.err(), invocation.masker()),
                    Clock.systemUTC(), invocation.frontEnd()));
        } catch (RuntimeException | Error e) {
            // Anything a step did not expect, a JVM error included, is still a result with exit 3.
            result = StepResult.error(definition.name(), invocation.fault(null, e));
        }
        Outcome outcome = written(invocation, result);
        if (github != null) {
            github.finish(outcome.result(), outcome.masker());
        }
        return outcome;
    }

    /**
     * The secret variables the chosen environment names that this step would use (its catalogue
     * secrets; for a job's, the job it runs) must be set: one that is not is exit 2, the same
     * answer {@code config validate --env} gives, so a forgotten secret mapping is never a green
     * check. A local run may go on with a warning under {@code --allow-unset-secrets}.
     */
    static void requireSecrets(Invocation invocation, StepDefinition definition, StepParams params) {
        ResolvedConfig config = invocation.config();
        String option = CommonOption.ALLOW_UNSET_SECRETS.spelling(invocation.frontEnd());
        boolean local = "local".equals(invocation.ci().platform()) && option != null;
        config.secretVariables().forEach((variable, keyPath) -> {
            if (!uses(definition, keyPath, params)) return;
            String value = invocation.env().get(variable);
            if (value != null && !value.isEmpty()) {
                config.requireMaskable(keyPath, variable, value);
            } else if (local && invocation.options().allowUnsetSecrets()) {
                invocation.err().println("modelgate: warning: " + config.place(keyPath) + ": environment variable " + variable
                        + " is not set; going on without it (" + option + ")");
            } else {
                throw config.errorAt(keyPath, "environment variable " + variable + " is not set" + (!local ? ""
                        : " (export it; to run locally without it, pass " + option + ")"));
            }
        });
    }

    /** Whether a secret at {@code keyPath} is one the step declares; {@code jobs.*} means the job the step runs, when it names one. */
    static boolean uses(StepDefinition definition, String keyPath, StepParams params) {
        String job = definition.param("job").isPresent() ? params.string("job") : null;
        for (String declared : definition.secrets()) {
            String pattern = job != null ? declared.replace("jobs.*.", "jobs." + job + ".") : declared;
            if (keyPath.matches(Pattern.quote(pattern).replace("*", "\\E[^.]+\\Q"))) return true;
        }
        return false;
    }

    /** Writes a result's reports to the output directory, masked; a failure to write is the outcome's report error. */
    public static Outcome written(Invocation invocation, StepResult result) {
        SecretMasker masker = invocation.masker();
        // Masked here, once, whatever happens next: every front end prints and publishes this result.
        StepResult masked = result.masked(masker);
        try {
            return new Outcome(ReportWriter.write(masked, invocation.options().outputDir(), masker), masker, null);
        } catch (Fault e) {
            String reportError = masker.mask(e.getMessage());
            // The result is not recorded: a run that passed must not say so.
            return new Outcome(masked.exitCode() != 0 ? masked : new StepResult(masked.step(), Verdict.ERROR, Fault.Kind.INFRASTRUCTURE,
                    masked.headline() + "; but the reports could not be written: " + reportError, masked.tables(), masked.checks(),
                    masked.annotations(), masked.outputs(), masked.artifacts(), masked.log(), masked.charts()), masker, reportError);
        }
    }

    /** The model the step is about, for the check's and the comment's names; null when none or not readable. */
    private static String model(StepDefinition definition, Supplier<Map<String, ?>> params) {
        if (definition.param("model").isEmpty()) return null;
        try {
            Object value = params.get().get("model");
            return value == null || value.toString().isBlank() ? null : value.toString().trim();
        } catch (Fault e) {
            return null; // the step's run reports the bad params document
        }
    }
}
