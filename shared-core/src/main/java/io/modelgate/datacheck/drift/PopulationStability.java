package io.modelgate.datacheck.drift;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeSet;

/**
 * The population stability index, PSI = sum over bins of (cur - ref) * ln(cur / ref), of bin shares.
 *
 * <p>Numeric columns: {@code bins} quantile bins of the reference (the deciles by default, with
 * numpy's default linear interpolation), outer bins open-ended so that current values outside
 * the reference's range still count; a value equal to an edge falls in the bin below it, and
 * tied edges merge. An empty bin's share becomes {@link #EPSILON} (0.0001, as Evidently does)
 * so the logarithm stays finite. Categorical columns: one bin per category of either side.
 */
public final class PopulationStability {

    public static final double EPSILON = 1e-4;

    private PopulationStability() {
    }

    /** Inner bin edges: the reference's quantiles at 1/bins .. (bins-1)/bins, distinct, ascending. */
    public static double[] edges(double[] sortedReference, int bins) {
        TreeSet<Double> edges = new TreeSet<>();
        for (int i = 1; i < bins; i++) {
            edges.add(quantile(sortedReference, (double) i / bins));
        }
        return edges.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** numpy.quantile's default (linear) method on sorted values. */
    public static double quantile(double[] sorted, double q) {
        double h = (sorted.length - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    /** The bin of a value: how many edges are strictly below it (numpy.searchsorted side='left'). */
    public static int bin(double[] edges, double value) {
        if (edges.length <= 32) {
            // A few edges (10 bins by default): a linear count beats the binary search's branches.
            int below = 0;
            while (below < edges.length && edges[below] < value) below++;
            return below;
        }
        int at = Arrays.binarySearch(edges, value);
        if (at >= 0) {
            while (at > 0 && edges[at - 1] == value) at--;
            return at;
        }
        return -at - 1;
    }

    /** PSI of two histograms over the same bins. */
    public static double index(long[] reference, long[] current) {
        long refTotal = Arrays.stream(reference).sum();
        long curTotal = Arrays.stream(current).sum();
        double psi = 0;
        for (int i = 0; i < reference.length; i++) {
            double r = share(reference[i], refTotal);
            double c = share(current[i], curTotal);
            psi += (c - r) * Math.log(c / r);
        }
        return psi;
    }

    /** PSI of two categorical histograms; categories missing on one side count zero there. */
    public static double index(Map<String, Long> reference, Map<String, Long> current) {
        TreeSet<String> categories = new TreeSet<>(reference.keySet());
        categories.addAll(current.keySet());
        long[] ref = categories.stream().mapToLong(k -> reference.getOrDefault(k, 0L)).toArray();
        long[] cur = categories.stream().mapToLong(k -> current.getOrDefault(k, 0L)).toArray();
        return index(ref, cur);
    }

    private static double share(long count, long total) {
        double share = total == 0 ? 0 : (double) count / total;
        return share == 0 ? EPSILON : share;
    }
}
