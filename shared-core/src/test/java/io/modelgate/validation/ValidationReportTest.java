package io.modelgate.validation;

import io.modelgate.config.ValidationConfig;
import io.modelgate.report.MarkdownReport;
import io.modelgate.step.StepResult;
import io.modelgate.step.Verdict;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ValidationReportTest {

    private static final Contender CANDIDATE = new Contender("3", "run3", "http://mlflow/#/models/fraud/versions/3", Map.of("auc", 0.71, "loss", 0.40));
    private static final Contender CHAMPION = new Contender("2", "run2", null, Map.of("auc", 0.83, "loss", 0.41));

    private static List<RuleCheck> rules(Contender champion) {
        return MetricComparison.compare(Map.of(
                "loss", MetricComparisonTest.rule(0.45, null, null, false, null),
                "auc", MetricComparisonTest.rule(0.8, 0.0, null, true, null)), CANDIDATE.metrics(), champion == null ? null : champion.metrics());
    }

    @Test
    void failingRowsComeFirstAndTheVerdictIsOneLine() {
        StepResult result = ValidationReport.build("fraud", CANDIDATE, CHAMPION, rules(CHAMPION), List.of(), ValidationConfig.Mode.ENABLED);
        assertEquals(Verdict.FAILED, result.verdict());
        assertEquals(1, result.exitCode());
        assertEquals("failed 2 of 3 checks: fraud v3 against champion v2", result.headline());
        List<List<String>> rows = result.tables().get(0).rows();
        assertEquals(List.of("auc", "0.71", "0.83", "-0.12", ">= 0.8", "no — 0.71 < 0.8"), rows.get(0));
        assertEquals("no — needs >= 0.83", rows.get(1).get(5));
        assertEquals("yes", rows.get(2).get(5));
        assertEquals(3, result.checks().size());
        assertEquals("false", result.outputs().get("passed"));
        assertTrue(MarkdownReport.render(result).contains("candidate v3 (run run3) http://mlflow/#/models/fraud/versions/3 vs champion v2 (run run2)"));
    }

    @Test
    void aDryRunReportsTheFailureButPasses() {
        StepResult result = ValidationReport.build("fraud", CANDIDATE, CHAMPION, rules(CHAMPION), List.of(), ValidationConfig.Mode.DRY_RUN);
        assertEquals(0, result.exitCode());
        assertTrue(result.headline().endsWith("[dry-run: reported only, never counts as a validation record]"), result.headline());
        assertEquals("false", result.outputs().get("passed"));
    }

    @Test
    void aFirstModelSaysSoAndMissingEvidenceFails() {
        StepResult result = ValidationReport.build("fraud", new Contender("1", "r1", null, Map.of("auc", 0.9, "loss", 0.3)), null,
                MetricComparison.compare(Map.of("auc", MetricComparisonTest.rule(0.8, 0.0, null, true, null)), Map.of("auc", 0.9), null),
                List.of(new StepResult.Check("signature", Verdict.FAILED, "the logged model has no signature")), ValidationConfig.Mode.ENABLED);
        assertEquals("failed 1 of 3 checks: fraud v1 (first model, no baseline)", result.headline());
        assertEquals("", result.outputs().get("baseline-version"));
        assertEquals(List.of("signature", "no", "the logged model has no signature"), result.tables().get(1).rows().get(0));
    }
}
