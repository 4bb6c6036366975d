package io.modelgate.evaluation;

import java.util.Arrays;

/** The percentile interval of bootstrap replicates, interpolated linearly as numpy.percentile does by default. */
final class Percentiles {

    private Percentiles() {
    }

    /**
     * The central {@code level} interval of the defined replicates (NaN ones left out); NaN bounds
     * when fewer than half of them are defined.
     */
    static Estimates.Interval interval(double[] replicates, double level) {
        double[] defined = Arrays.stream(replicates).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (defined.length == 0 || defined.length * 2 < replicates.length) {
            return new Estimates.Interval(level, Double.NaN, Double.NaN);
        }
        double tail = (1 - level) / 2;
        return new Estimates.Interval(level, quantile(defined, tail), quantile(defined, 1 - tail));
    }

    static double quantile(double[] sorted, double q) {
        double h = (sorted.length - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
