package io.modelgate.invocation;

import io.modelgate.ci.CiContext;
import io.modelgate.fault.Fault;
import io.modelgate.github.GitHubReport;
import io.modelgate.report.MarkdownReport;
import io.modelgate.report.ReportWriter;
import io.modelgate.secret.SecretMasker;
import io.modelgate.step.Console;
import io.modelgate.step.StepContext;
import io.modelgate.step.StepDefinition;
import io.modelgate.step.StepParams;
import io.modelgate.step.StepResult;

import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;

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
        GitHubReport github = publication == null ? null
                : publication.start(definition.name(), model(definition, params), CiContext.runUrl(invocation.env()));
        StepResult result;
        try {
            StepParams checked = StepParams.parse(definition, params.get(), invocation.frontEnd());
            // The configuration first: its secrets are masked before the step prints anything.
            invocation.configFile();
            result = Steps.of(definition).run(new StepContext(checked, invocation.config(), invocation.env(), invocation.projectDir(),
                    invocation.options().outputDir(), invocation.ci(),
                    new Console(invocation.options().json() ? invocation.err() : invocation.out(), invocation.masker()),
                    Clock.systemUTC(), invocation.frontEnd()));
        } catch (RuntimeException e) {
            result = StepResult.error(definition.name(), invocation.fault(null, e));
        }
        Outcome outcome = written(invocation, result);
        if (github != null) {
            github.finish(outcome.result(), outcome.masker().mask(MarkdownReport.render(outcome.result())));
        }
        return outcome;
    }

    /** Writes a result's reports to the output directory, masked; a failure to write is the outcome's report error. */
    public static Outcome written(Invocation invocation, StepResult result) {
        SecretMasker masker = invocation.masker();
        try {
            return new Outcome(ReportWriter.write(result, invocation.options().outputDir(), masker), masker, null);
        } catch (Fault e) {
            return new Outcome(result, masker, masker.mask(e.getMessage()));
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
