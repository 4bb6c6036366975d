package io.modelgate.validation;

import io.modelgate.config.MetricThreshold;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricComparisonTest {

    static MetricThreshold rule(Double threshold, Double minAbsolute, Double minRelative, boolean higherIsBetter, Double maxRegression) {
        return new MetricThreshold(threshold, minAbsolute, minRelative, higherIsBetter, maxRegression);
    }

    private static List<RuleCheck> compare(MetricThreshold rule, Double candidate, Double champion) {
        Map<String, Double> candidateMetrics = new LinkedHashMap<>();
        if (candidate != null) candidateMetrics.put("m", candidate);
        Map<String, Double> championMetrics = new LinkedHashMap<>();
        if (champion != null) championMetrics.put("m", champion);
        return MetricComparison.compare(Map.of("m", rule), candidateMetrics, championMetrics);
    }

    @Test
    void aThresholdIsMetAtEquality() {
        assertTrue(compare(rule(0.8, null, null, true, null), 0.8, 0.9).get(0).ok());
        assertFalse(compare(rule(0.8, null, null, true, null), 0.7999, 0.9).get(0).ok());
        assertTrue(compare(rule(0.45, null, null, false, null), 0.45, 0.3).get(0).ok());
        RuleCheck failed = compare(rule(0.45, null, null, false, null), 0.46, 0.3).get(0);
        assertEquals("<= 0.45", failed.rule());
        assertEquals("0.46 > 0.45", failed.reason());
    }

    @Test
    void absoluteChangeIsAddedInFloatingPointAsMlflowDoes() {
        // 0.7 + 0.1 is 0.7999999999999999 in binary floating point; 0.8 passes, as in MLflow.
        assertTrue(compare(rule(null, 0.1, null, true, null), 0.8, 0.7).get(0).ok());
        RuleCheck lower = compare(rule(null, 0.05, null, false, null), 0.36, 0.4).get(0);
        assertFalse(lower.ok());
        assertEquals("<= champion - 0.05", lower.rule());
        assertEquals("needs <= 0.35", lower.reason());
    }

    @Test
    void zeroAbsoluteChangeMeansNoWorseThanTheChampion() {
        assertTrue(compare(rule(null, 0.0, null, true, null), 0.83, 0.83).get(0).ok());
        assertFalse(compare(rule(null, 0.0, null, true, null), 0.8299, 0.83).get(0).ok());
    }

    @Test
    void relativeChangeIsAgainstTheChampionsMagnitude() {
        assertTrue(compare(rule(null, null, 0.1, true, null), 1.1, 1.0).get(0).ok());
        assertFalse(compare(rule(null, null, 0.1, true, null), 1.09, 1.0).get(0).ok());
        // Negative champion: dividing by |champion| keeps "better" meaning better.
        assertTrue(compare(rule(null, null, 0.5, true, null), -1.0, -2.0).get(0).ok());
        RuleCheck lower = compare(rule(null, null, 0.01, false, null), 0.40, 0.401).get(0);
        assertFalse(lower.ok());
        assertEquals("reduction >= 1% of champion", lower.rule());
    }

    @Test
    void aZeroChampionNeedsAStrictlyBetterCandidate() {
        assertFalse(compare(rule(null, null, 0.1, true, null), 0.0, 0.0).get(0).ok());
        assertTrue(compare(rule(null, null, 0.1, true, null), 1e-9, 0.0).get(0).ok());
        assertTrue(compare(rule(null, null, 0.1, false, null), -1e-9, 0.0).get(0).ok());
    }

    @Test
    void maxRegressionBoundsHowMuchWorseAGuardMetricMayGet() {
        MetricThreshold latency = rule(null, null, null, false, 5.0);
        assertTrue(compare(latency, 105.0, 100.0).get(0).ok());
        RuleCheck slower = compare(latency, 106.0, 100.0).get(0);
        assertFalse(slower.ok());
        assertEquals("regressed by 6 > 5", slower.reason());
        assertTrue(compare(rule(null, null, null, true, 0.02), 0.81, 0.83).get(0).ok());
    }

    @Test
    void aFirstModelIsJudgedOnAbsoluteThresholdsAlone() {
        List<RuleCheck> checks = MetricComparison.compare(Map.of("m", rule(0.8, 0.01, 0.05, true, 0.1)), Map.of("m", 0.85), null);
        assertEquals(4, checks.size());
        assertTrue(checks.stream().allMatch(RuleCheck::ok));
        assertEquals("", checks.get(0).reason());
        assertEquals("first model, no baseline: judged on absolute thresholds alone", checks.get(1).reason());
        assertNull(checks.get(1).champion());
        assertFalse(MetricComparison.compare(Map.of("m", rule(0.8, 0.01, null, true, null)), Map.of("m", 0.75), null).get(0).ok());
    }

    @Test
    void aMetricMissingOnTheCandidateFailsEveryRule() {
        List<RuleCheck> checks = compare(rule(0.8, 0.01, null, true, null), null, 0.8);
        assertEquals(2, checks.size());
        assertTrue(checks.stream().noneMatch(RuleCheck::ok));
        assertEquals("missing on the candidate: its run did not log m", checks.get(0).reason());
    }

    @Test
    void aMetricMissingOnTheChampionFailsTheChangeRulesOnly() {
        List<RuleCheck> checks = compare(rule(0.8, 0.01, null, true, null), 0.9, null);
        assertTrue(checks.get(0).ok(), "the absolute threshold still applies");
        assertFalse(checks.get(1).ok());
        assertEquals("missing on the champion: its run did not log m", checks.get(1).reason());
    }

    @Test
    void nanAndInfinitiesAreRefusedNotCompared() {
        RuleCheck nan = compare(rule(0.8, null, null, true, null), Double.NaN, 0.8).get(0);
        assertFalse(nan.ok());
        assertEquals("candidate value is NaN, not a finite number", nan.reason());
        // +Infinity would pass ">=" if compared; it is refused instead.
        assertFalse(compare(rule(0.8, null, null, true, null), Double.POSITIVE_INFINITY, 0.8).get(0).ok());
        RuleCheck championInfinite = compare(rule(null, 0.01, null, false, null), 0.4, Double.NEGATIVE_INFINITY).get(0);
        assertFalse(championInfinite.ok());
        assertEquals("champion value is -Infinity, not a finite number", championInfinite.reason());
    }

    @Test
    void numbersReadAsWritten() {
        assertEquals("0.8", MetricComparison.number(0.8));
        assertEquals("0.35", MetricComparison.number(0.4 - 0.05));
        assertEquals("1e-10", MetricComparison.number(1e-10));
        assertEquals("100", MetricComparison.number(100));
    }

    /** An evaluated metric: candidate 0.85, champion 0.83 (+0.02), the change's 95% interval [-0.004, +0.044], relative [-0.005, +0.053]. */
    private static Map<String, io.modelgate.evaluation.Estimates.Estimate> evaluated(double lower, double upper) {
        var level = 0.95;
        var estimate = new io.modelgate.evaluation.Estimates.Estimate(0.85, 0.83,
                List.of(new io.modelgate.evaluation.Estimates.Interval(level, 0.82, 0.88)),
                List.of(new io.modelgate.evaluation.Estimates.Interval(level, lower, upper)),
                List.of(new io.modelgate.evaluation.Estimates.Interval(level, lower / 0.83, upper / 0.83)), 0);
        return Map.of("m", estimate);
    }

    private static MetricThreshold confident(Double minAbsolute, Double minRelative, boolean higher, Double maxRegression) {
        return new MetricThreshold(null, minAbsolute, minRelative, higher, maxRegression, 0.95);
    }

    @Test
    void withAConfidenceTheChangeRulesAreJudgedOnTheIntervalsBound() {
        // +0.02 passes min_absolute_change 0.005 on the point estimate, not with 95% confidence: the lower bound is below.
        RuleCheck pointwise = MetricComparison.compare(Map.of("m", rule(null, 0.005, null, true, null)), Map.of(), Map.of(), evaluated(-0.004, 0.044), null).get(0);
        assertTrue(pointwise.ok(), pointwise.toString());
        RuleCheck confident = MetricComparison.compare(Map.of("m", confident(0.005, null, true, null)), Map.of(), Map.of(), evaluated(-0.004, 0.044), null).get(0);
        assertFalse(confident.ok());
        assertEquals(">= champion + 0.005 with 95% confidence", confident.rule());
        assertEquals("decided by the lower bound −0.004 of the 95% interval of the change [−0.004, +0.044] < +0.005", confident.reason());
        assertEquals("change", confident.intervalOf());
        RuleCheck beyondNoise = MetricComparison.compare(Map.of("m", confident(0.005, null, true, null)), Map.of(), Map.of(), evaluated(0.006, 0.044), null).get(0);
        assertTrue(beyondNoise.ok());
        assertTrue(beyondNoise.reason().startsWith("decided by the lower bound +0.006"), beyondNoise.reason());
    }

    @Test
    void lowerIsBetterIsJudgedOnTheUpperBoundAndRegressionAndRelativeChangeToo() {
        // A loss: the change must be a reduction of at least 0.01 with 95% confidence: upper bound <= -0.01.
        assertTrue(MetricComparison.compare(Map.of("m", confident(0.01, null, false, null)), Map.of(), Map.of(), evaluated(-0.05, -0.011), null).get(0).ok());
        RuleCheck loss = MetricComparison.compare(Map.of("m", confident(0.01, null, false, null)), Map.of(), Map.of(), evaluated(-0.05, -0.009), null).get(0);
        assertFalse(loss.ok());
        assertTrue(loss.reason().contains("upper bound −0.009"), loss.reason());
        // max_regression 0.01 for a greater-is-better metric: the lower bound may not be under -0.01.
        assertTrue(MetricComparison.compare(Map.of("m", confident(null, null, true, 0.01)), Map.of(), Map.of(), evaluated(-0.009, 0.02), null).get(0).ok());
        assertFalse(MetricComparison.compare(Map.of("m", confident(null, null, true, 0.01)), Map.of(), Map.of(), evaluated(-0.011, 0.02), null).get(0).ok());
        // min_relative_change on the relative interval: [0.0072, 0.053] >= 0.005 passes, [-0.005, 0.053] does not.
        assertTrue(MetricComparison.compare(Map.of("m", confident(null, 0.005, true, null)), Map.of(), Map.of(), evaluated(0.006, 0.044), null).get(0).ok());
        RuleCheck relative = MetricComparison.compare(Map.of("m", confident(null, 0.005, true, null)), Map.of(), Map.of(), evaluated(-0.004, 0.044), null).get(0);
        assertFalse(relative.ok());
        assertEquals("relative change", relative.intervalOf());
    }

    @Test
    void loggedMetricsFromDifferentDataFailTheChangeRulesButNotTheThresholds() {
        List<RuleCheck> checks = MetricComparison.compare(Map.of("m", rule(0.8, 0.0, null, true, null)), Map.of("m", 0.9), Map.of("m", 0.85),
                Map.of(), "require_same_dataset: different data");
        assertTrue(checks.get(0).ok());
        assertFalse(checks.get(1).ok());
        assertEquals("require_same_dataset: different data", checks.get(1).reason());
    }
}
