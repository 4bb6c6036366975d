package io.modelgate.evaluation;

import io.modelgate.fault.Fault;
import io.modelgate.spark.JobOutcome;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** How the scoring job's end becomes the evaluation's: the driver's own line tells the candidate's failure from the champion's. */
class ScoringJobTest {

    private static JobOutcome ended(JobOutcome.Ending ending, String detail, String... tail) {
        return new JobOutcome(ending, ending == JobOutcome.Ending.SUCCEEDED ? "FINISHED" : "FAILED", "local-1", null, Duration.ofSeconds(42),
                List.of(tail), detail);
    }

    @Test
    void aFinishedJobGivesItsDuration() {
        assertEquals(Duration.ofSeconds(42), ScoringJob.verdict("evaluate-model", ended(JobOutcome.Ending.SUCCEEDED, null), "the candidate (m v2)", "the champion (m v1)"));
    }

    @Test
    void theCandidatesFailureFailsTheGate() {
        CandidateCannotScore e = assertThrows(CandidateCannotScore.class, () -> ScoringJob.verdict("evaluate-model",
                ended(JobOutcome.Ending.FAILED, "the application ended FAILED", "Traceback (most recent call last):",
                        "modelgate-score: candidate-failed: MlflowException: Model does not have the \"python_function\" flavor", "ValueError: x"),
                "the candidate (m v2)", "the champion (m v1)"));
        assertEquals("the candidate (m v2) cannot score the evaluation set: MlflowException: Model does not have the \"python_function\" flavor", e.getMessage());
    }

    @Test
    void theChampionsFailureOrAnyOtherLeavesNoVerdict() {
        Fault champion = assertThrows(Fault.class, () -> ScoringJob.verdict("evaluate-model",
                ended(JobOutcome.Ending.FAILED, "the application ended FAILED", "modelgate-score: champion-failed: KeyError: 'f3'"),
                "the candidate (m v2)", "the champion (m v1)"));
        assertEquals(Fault.Kind.INFRASTRUCTURE, champion.kind());
        assertEquals("the champion (m v1) cannot score the evaluation set: KeyError: 'f3'; no verdict is possible without the champion's scores", champion.getMessage());
        Fault other = assertThrows(Fault.class, () -> ScoringJob.verdict("evaluate-model",
                ended(JobOutcome.Ending.FAILED, "the application ended FAILED", "pyspark.errors.exceptions.captured.AnalysisException: [PATH_NOT_FOUND] x"),
                "c", "b"));
        assertEquals(Fault.Kind.INFRASTRUCTURE, other.kind());
        assertEquals("the scoring job evaluate-model failed: the application ended FAILED; "
                + "pyspark.errors.exceptions.captured.AnalysisException: [PATH_NOT_FOUND] x", other.getMessage());
        Fault timeout = assertThrows(Fault.class, () -> ScoringJob.verdict("evaluate-model", ended(JobOutcome.Ending.TIMED_OUT, "timed out after 15m"), "c", "b"));
        assertEquals("the scoring job evaluate-model timed out after 15m", timeout.getMessage());
    }
}
