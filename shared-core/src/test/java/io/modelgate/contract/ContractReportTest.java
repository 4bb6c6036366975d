package io.modelgate.contract;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelgate.config.ContractConfig;
import io.modelgate.mlflow.ModelVersion;
import io.modelgate.registry.CheckModelRecord;
import io.modelgate.step.StepResult;
import io.modelgate.step.Verdict;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The verdict and evidence of check-model from what the checks found, without Python or MLflow. */
class ContractReportTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ModelVersion V2 = new ModelVersion("churn", 2, "None", "READY", "r2", "models:/m-2", Map.of(), List.of());
    private static final ModelVersion V1 = new ModelVersion("churn", 1, "None", "READY", "r1", "models:/m-1", Map.of(), List.of());
    private static final String SIGNATURE = "signature:\n  inputs: '[{\"type\": \"double\", \"name\": \"x\"}]'\n";

    private static Scoring scoring(String json) throws Exception {
        return new Scoring(JSON.readTree(json));
    }

    private static ContractConfig contract(String yaml) throws Exception {
        return io.modelgate.config.ConfigMapper.get().readValue(yaml, ContractConfig.class);
    }

    private static Map<String, String> verdicts(StepResult result) {
        Map<String, String> verdicts = new java.util.LinkedHashMap<>();
        result.checks().forEach(c -> verdicts.put(c.name(), c.verdict() + " " + c.detail()));
        return verdicts;
    }

    @Test
    void aFirstModelWithoutSignaturePassesWithTheReasonsAndNoComparison() throws Exception {
        ContractReport report = new ContractReport("churn", V2, Optional.empty(), contract("budgets: { max_p95_ratio: 1.2, max_model_mb: 1 }"));
        report.signature(Optional.empty(), null);
        report.scoring(scoring("{\"load_seconds\": 0.5, \"size_bytes\": 524288, \"example_rows\": 3, \"rows\": 3, \"peak_rss_mb\": 250,"
                + " \"batch_ms\": [2, 3, 4], \"single_ms\": [1, 1, 2], \"mlflow_version\": \"3.17.2\"}"));
        StepResult result = report.build();
        assertEquals(Verdict.PASSED, result.verdict(), result.headline());
        Map<String, String> checks = verdicts(result);
        assertEquals("SKIPPED v2 was logged without a signature: its compatibility with the champion and the feature table cannot be checked",
                checks.get("signature"));
        assertEquals("SKIPPED first model: no champion to compare with", checks.get("budget max_p95_ratio"));
        assertEquals("PASSED model size 0.50 MiB within the budget of 1.00 MiB", checks.get("budget max_model_mb"));
        assertEquals("passed: churn v2 (first model): signature none, loads in 0.50 s, batch p95 3.90 ms, single-row p95 1.90 ms, 0.50 MiB",
                result.headline());
        CheckModelRecord record = report.record("passed", "abc", "2026-12-03T00:00:00Z", "");
        assertEquals("none", record.signature());
        assertEquals("3.90", record.p95Ms());
        assertEquals("", record.onlineP95Ms(), "nothing was served");
        assertEquals("", record.baselineVersion());
    }

    @Test
    void aChampionThatCannotBeMeasuredFailsTheRatioRatherThanPassingIt() throws Exception {
        ContractReport report = new ContractReport("churn", V2, Optional.of(V1), contract("budgets: { max_p95_ratio: 1.2 }"));
        ModelSignature signature = ModelSignature.fromMlmodel(SIGNATURE).orElseThrow();
        report.signature(Optional.of(signature), Optional.empty());
        report.scoring(scoring("{\"load_seconds\": 0.5, \"size_bytes\": 10, \"rows\": 3, \"batch_ms\": [2], \"single_ms\": [1]}"));
        report.championScoring(scoring("{\"failure\": {\"stage\": \"load\", \"message\": \"ModuleNotFoundError: No module named 'xgboost'\\nmore\"}}"));
        StepResult result = report.build();
        Map<String, String> checks = verdicts(result);
        assertEquals("PASSED the champion v1 has no signature: nothing to compare with", checks.get("signature"));
        assertEquals("FAILED the champion v1 could not be measured, so the ratio cannot be judged: ModuleNotFoundError: No module named 'xgboost'",
                checks.get("budget max_p95_ratio"));
        assertEquals(Verdict.FAILED, result.verdict());
        assertEquals("no-baseline", result.outputs().get("signature"));
    }

    @Test
    void aFailedLoadFailsWithItsErrorAndSkipsTheBudgetsItPrevented() throws Exception {
        ContractReport report = new ContractReport("churn", V2, Optional.of(V1), contract("budgets: { max_load_seconds: 5, max_p95_ms: { batch: 10 } }"));
        ModelSignature signature = ModelSignature.fromMlmodel(SIGNATURE).orElseThrow();
        report.signature(Optional.of(signature), Optional.of(signature));
        report.scoring(scoring("{\"failure\": {\"stage\": \"load\", \"message\": \"ModuleNotFoundError: No module named 'xgboost'\"}, \"size_bytes\": 10}"));
        StepResult result = report.build();
        assertEquals("failed 1 of 4 checks: churn v2 against champion v1: loads: mlflow.pyfunc.load_model failed: "
                + "ModuleNotFoundError: No module named 'xgboost'", result.headline());
        Map<String, String> checks = verdicts(result);
        assertEquals("PASSED identical to the champion v1's", checks.get("signature"));
        assertEquals("SKIPPED load time not measured: the model did not get that far", checks.get("budget max_load_seconds"));
        assertTrue(result.log().contains("No module named 'xgboost'"), result.log());
    }

    @Test
    void aServerThatNeverLoggedSaysSo() throws Exception {
        ContractReport report = new ContractReport("churn", V2, Optional.empty(), contract("serve: true"));
        report.served(new ScoringServer.Outcome(false, Optional.empty(), List.of("the scoring server exited before answering /ping"), 0, "", 41234));
        assertEquals("FAILED the scoring server exited before answering /ping; it logged nothing", verdicts(report.build()).get("serves"));
    }
}
