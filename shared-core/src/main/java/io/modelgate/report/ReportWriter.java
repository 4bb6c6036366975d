package io.modelgate.report;

import io.modelgate.secret.SecretMasker;
import io.modelgate.step.StepError;
import io.modelgate.step.StepResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a result's reports to the output directory, secrets masked: {@code result.json},
 * {@code result.md} and {@code junit-<step>.xml}. The paths are added to the result's artifacts.
 */
public final class ReportWriter {

    private ReportWriter() {
    }

    public static StepResult write(StepResult result, Path outputDir, SecretMasker masker) {
        Path json = outputDir.resolve("result.json");
        Path markdown = outputDir.resolve("result.md");
        Path junit = outputDir.resolve("junit-" + result.step() + ".xml");
        StepResult withReports = result.withArtifacts(List.of(json, markdown, junit));
        try {
            Files.createDirectories(outputDir);
            Files.writeString(markdown, masker.mask(MarkdownReport.render(withReports)));
            Files.writeString(junit, masker.mask(JUnitReport.render(withReports)));
            Files.writeString(json, masker.mask(JsonReport.render(withReports)));
        } catch (IOException e) {
            throw StepError.infrastructure("cannot write reports to " + outputDir + ": " + e.getMessage(), e);
        }
        return withReports;
    }
}
