package com.example;

import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ScoringTest {

    /** Counts runs within the test JVM: surefire re-runs a failed test in the same JVM. */
    private static int flakyRuns;

    @Test
    void scoresAllRows() {
        assertEquals(3, 1 + 2);
    }

    @Test
    void rejectsNegativeAmounts() {
        System.out.println("scoring -5.0");
        assertEquals("rejected", "accepted", "amount must be rejected");
    }

    @Test
    void retriesTheFeatureStore() {
        flakyRuns++;
        assertEquals(2, flakyRuns, "feature store answered on the second call only");
    }

    @Test
    @Disabled("no GPU on this agent")
    void usesTheGpu() {
    }
}
