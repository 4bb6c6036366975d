package io.modelgate.evaluation;

import io.modelgate.config.EvaluationConfig.Task;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The paired Poisson bootstrap: repeatable by seed whatever the cores, and 95% intervals that cover 95% of the time. */
class BootstrapTest {

    private static final List<String> METRICS = List.of("roc_auc", "accuracy");

    /**
     * Simulated pairs of models whose population difference is known: scores are binormal (a
     * positive's score is N(μ, 1), a negative's N(0, 1)), the two models' noises correlated (ρ 0.5)
     * as two models of the same rows are. Then roc_auc = Φ(μ/√2) and accuracy at threshold t is
     * π(1 − Φ(t − μ)) + (1 − π)Φ(t).
     */
    private static final double MU_CANDIDATE = 1.2, MU_BASELINE = 0.9, RHO = 0.5, POSITIVES = 0.4, THRESHOLD = 0.5;

    @Test
    void aSeedRepeatsTheIntervalsExactlyWhateverTheCores() {
        Estimates one = evaluate(sample(new Random(3), 2000), 200, 11, 1);
        Estimates again = evaluate(sample(new Random(3), 2000), 200, 11, 2);
        Estimates other = evaluate(sample(new Random(3), 2000), 200, 12, 2);
        for (String metric : METRICS) {
            assertEquals(one.overall().metrics().get(metric), again.overall().metrics().get(metric), metric);
            assertNotEquals(one.overall().metrics().get(metric).deltaIntervals(), other.overall().metrics().get(metric).deltaIntervals(),
                    metric + ": another seed draws other resamples");
        }
        assertEquals(one.slices(), again.slices());
    }

    @Test
    @Tag("e2e")
    void ninetyFivePercentIntervalsCoverTheTrueDifferenceInNinetyFivePercentOfTrials() {
        double trueAuc = phi(MU_CANDIDATE / Math.sqrt(2)) - phi(MU_BASELINE / Math.sqrt(2));
        double trueAccuracy = accuracy(MU_CANDIDATE) - accuracy(MU_BASELINE);
        int trials = 400;
        int aucCovered = 0, accuracyCovered = 0;
        for (int trial = 0; trial < trials; trial++) {
            Estimates estimates = evaluate(sample(new Random(1000 + trial), 1000), 1000, trial, 2);
            Estimates.Interval auc = estimates.overall().metrics().get("roc_auc").deltaInterval(0.95);
            Estimates.Interval accuracy = estimates.overall().metrics().get("accuracy").deltaInterval(0.95);
            if (auc.lower() <= trueAuc && trueAuc <= auc.upper()) aucCovered++;
            if (accuracy.lower() <= trueAccuracy && trueAccuracy <= accuracy.upper()) accuracyCovered++;
        }
        double aucCoverage = aucCovered / (double) trials, accuracyCoverage = accuracyCovered / (double) trials;
        assertTrue(aucCoverage >= 0.93 && aucCoverage <= 0.97, "roc_auc difference covered in " + aucCoverage + " of " + trials + " trials");
        assertTrue(accuracyCoverage >= 0.93 && accuracyCoverage <= 0.97, "accuracy difference covered in " + accuracyCoverage + " of " + trials + " trials");
    }

    private static Estimates evaluate(Columns columns, int resamples, long seed, int threads) {
        return Evaluator.evaluate(columns, MetricSet.of(Task.BINARY, METRICS, 2), List.of("half"), THRESHOLD, resamples, seed, List.of(0.95), threads);
    }

    private static Columns sample(Random random, int rows) {
        int[] label = new int[rows];
        double[] candidate = new double[rows], baseline = new double[rows];
        short[] half = new short[rows];
        for (int r = 0; r < rows; r++) {
            label[r] = random.nextDouble() < POSITIVES ? 1 : 0;
            double shared = random.nextGaussian(), own = random.nextGaussian();
            double noiseCandidate = shared, noiseBaseline = RHO * shared + Math.sqrt(1 - RHO * RHO) * own;
            candidate[r] = label[r] * MU_CANDIDATE + noiseCandidate;
            baseline[r] = label[r] * MU_BASELINE + noiseBaseline;
            half[r] = (short) (r % 2);
        }
        List<List<String>> names = new ArrayList<>();
        names.add(List.of("even", "odd"));
        return new Columns(rows, label, null, candidate, baseline, null, null, null, null, null, List.of(half), names);
    }

    private static double accuracy(double mu) {
        return POSITIVES * (1 - phi(THRESHOLD - mu)) + (1 - POSITIVES) * phi(THRESHOLD);
    }

    /** The standard normal distribution function (Abramowitz and Stegun 7.1.26 through erf; error below 1.5e-7). */
    private static double phi(double x) {
        double z = Math.abs(x) / Math.sqrt(2);
        double t = 1 / (1 + 0.3275911 * z);
        double erf = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-z * z);
        return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
    }
}
