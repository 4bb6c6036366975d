package io.modelgate.contract;

import java.util.List;

/**
 * The percentiles of a series of latencies in milliseconds, as numpy's {@code percentile} computes
 * them by default (linear interpolation between the closest ranks); {@code LatencyTest} holds them to numpy.
 *
 * @param count how many calls were measured
 */
public record Latency(int count, double p50, double p95, double p99) {

    public static Latency of(List<Double> millis) {
        double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (sorted.length == 0) throw new IllegalArgumentException("no latencies measured");
        return new Latency(sorted.length, percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99));
    }

    /** numpy.percentile(values, q) with method="linear", of values sorted ascending. */
    static double percentile(double[] sorted, double q) {
        double rank = q / 100.0 * (sorted.length - 1);
        int below = (int) Math.floor(rank);
        int above = Math.min(below + 1, sorted.length - 1);
        double fraction = rank - below;
        return sorted[below] + (sorted[above] - sorted[below]) * fraction;
    }

    @Override
    public String toString() {
        return "p50 " + ms(p50) + ", p95 " + ms(p95) + ", p99 " + ms(p99) + " ms over " + count + " calls";
    }

    /** A figure for a report: whole above 100, one decimal above 10, else two. */
    public static String ms(double value) {
        return String.format(java.util.Locale.ROOT, value >= 100 ? "%.0f" : value >= 10 ? "%.1f" : "%.2f", value);
    }
}
