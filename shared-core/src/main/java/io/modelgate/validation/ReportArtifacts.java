package io.modelgate.validation;

import io.modelgate.mlflow.ModelRegistry;
import io.modelgate.mlflow.RunRecord;
import io.modelgate.report.ReportWriter;
import io.modelgate.step.StepContext;
import io.modelgate.fault.Fault;
import io.modelgate.step.StepResult;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * Logs validate-model's report (result.json, result.md, the JUnit XML) as artifacts of the
 * candidate version's run, under {@code modelgate/validation/}, when {@code validation.log_report}
 * is set. The files are the ones written to the output directory, byte for byte.
 *
 * <p>The verdict is already recorded on the version when this runs, and promote-model trusts
 * that record, not these files; so a failed upload does not change the verdict. It is never
 * silent either: a warning line, a WARNING annotation in the result, and an empty
 * {@code report-artifacts} output.
 */
final class ReportArtifacts {

    static final String PATH = "modelgate/validation";
    static final String OUTPUT = "report-artifacts";

    private ReportArtifacts() {
    }

    /**
     * @param runId      the candidate version's run
     * @param metricsRun the run the candidate's metrics were read from (the same run, unless --metrics-run)
     */
    static StepResult log(StepContext ctx, ModelRegistry registry, String runId, RunRecord metricsRun, StepResult result) {
        int uploaded = 0;
        int total = 0;
        try {
            RunRecord run = metricsRun.runId().equals(runId) ? metricsRun : registry.run(runId);
            String uri = (run.artifactUri() == null ? "" : run.artifactUri()) + "/" + PATH;
            StepResult logged = result.toBuilder().output(OUTPUT, uri).build();
            Map<Path, String> files = ReportWriter.render(logged, ctx.outputDir(), ctx.console().masker()).files();
            total = files.size();
            for (Map.Entry<Path, String> file : files.entrySet()) {
                String name = file.getKey().getFileName().toString();
                registry.logArtifact(run, PATH + "/" + name, file.getValue().getBytes(StandardCharsets.UTF_8), contentType(name));
                uploaded++;
            }
            ctx.console().line("logged the report to " + uri);
            return logged;
        } catch (Fault e) {
            String reason = "the report was not logged to run " + runId + (total == 0 ? "" : " (" + uploaded + " of " + total + " files uploaded)")
                    + ": " + e.getMessage();
            ctx.console().line("warning: " + reason + "; the verdict stands");
            return result.toBuilder()
                    .annotation(new StepResult.Annotation(StepResult.Annotation.Level.WARNING, null, null, "report not logged to MLflow", reason))
                    .output(OUTPUT, "")
                    .build();
        }
    }

    private static String contentType(String name) {
        if (name.endsWith(".json")) return "application/json";
        if (name.endsWith(".xml")) return "application/xml";
        return "text/markdown; charset=utf-8";
    }
}
