package io.modelgate.report;

import io.modelgate.secret.SecretMasker;
import io.modelgate.fault.Fault;
import io.modelgate.step.StepResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a result's reports to the output directory, secrets masked: {@code result.json},
 * {@code result.md} and {@code junit-<step>.xml}. The paths are added to the result's artifacts.
 */
public final class ReportWriter {

    private ReportWriter() {
    }

    public static StepResult write(StepResult result, Path outputDir, SecretMasker masker) {
        Reports reports = render(result, outputDir, masker);
        try {
            Files.createDirectories(outputDir);
            for (Map.Entry<Path, String> file : reports.files().entrySet()) {
                Files.writeString(file.getKey(), file.getValue());
            }
        } catch (IOException e) {
            throw Fault.infrastructure("cannot write reports to " + outputDir + ": " + e.getMessage(), e);
        }
        return reports.result();
    }

    /** The result with its report files among its artifacts, and each file's masked content. */
    public record Reports(StepResult result, Map<Path, String> files) {
    }

    /** The reports {@link #write} writes, without writing them (validate-model also logs them to MLflow). */
    public static Reports render(StepResult result, Path outputDir, SecretMasker masker) {
        Path json = outputDir.resolve("result.json");
        Path markdown = outputDir.resolve("result.md");
        Path junit = outputDir.resolve("junit-" + result.step() + ".xml");
        // Masked in the model first (before escaping), then each rendering again as a second net.
        StepResult withReports = result.masked(masker).withArtifacts(List.of(json, markdown, junit));
        Map<Path, String> files = new LinkedHashMap<>();
        files.put(markdown, masker.mask(MarkdownReport.render(withReports, true)));
        files.put(junit, masker.mask(JUnitReport.render(withReports)));
        files.put(json, masker.mask(JsonReport.render(withReports)));
        return new Reports(withReports, files);
    }
}
