package io.modelgate.datacheck;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What an engine measured on one side: for each {@link Measure}, its value per group (the key ""
 * for the whole table). The values are plain data (counts, the records below), the same whichever
 * engine measured them, so that the checks judge them alike.
 */
final class Observations {

    /** Distinct values kept per column and group for categorical measures; more means the column is not categorical. */
    static final int MAX_CATEGORIES = 10_000;

    /** How many values not allowed are shown: the smallest ones, so that every engine and thread count shows the same. */
    static final int EXAMPLES = 5;

    /** Count, NaN count, min, max, mean and sum of squared deviations of the non-null, non-NaN numbers. */
    record Moments(long count, long nan, double min, double max, double mean, double m2) {
        static final Moments EMPTY = new Moments(0, 0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0, 0);

        /** The sample standard deviation (ddof 1, as pandas' std); NaN below two values. */
        double stddev() {
            return count < 2 ? Double.NaN : Math.sqrt(m2 / (count - 1));
        }

        /** Chan et al.'s pairwise combination. */
        Moments plus(Moments o) {
            if (o.count == 0) return new Moments(count, nan + o.nan, min, max, mean, m2);
            if (count == 0) return new Moments(o.count, nan + o.nan, o.min, o.max, o.mean, o.m2);
            long n = count + o.count;
            double delta = o.mean - mean;
            double mean = this.mean + delta * o.count / n;
            double m2 = this.m2 + o.m2 + delta * delta * ((double) count * o.count / n);
            return new Moments(n, nan + o.nan, Math.min(min, o.min), Math.max(max, o.max), mean, m2);
        }
    }

    /** Values outside a range, and the smallest and largest non-null value seen (NaN aside). */
    record Outside(long outside, double min, double max) {
    }

    /** Values not allowed: how many, and the smallest few. */
    record NotAllowed(long count, List<String> smallest) {
    }

    /** A bottom-k sample: how many values the side had, and the sampled ones sorted ascending. */
    record Sample(long seen, double[] sorted) {
        boolean exact() {
            return sorted.length == seen;
        }
    }

    private final Map<Measure, Map<String, Object>> values = new LinkedHashMap<>();

    void put(Measure measure, String group, Object value) {
        values.computeIfAbsent(measure, m -> new TreeMap<>()).put(group, value);
    }

    /** The value of a measure for a group; null when the group had no rows. */
    Object get(Measure measure, String group) {
        Map<String, Object> groups = values.get(measure);
        if (groups == null) throw new IllegalStateException("not measured: " + measure);
        return groups.get(group);
    }

    long count(Measure measure, String group) {
        Object value = get(measure, group);
        return value == null ? 0 : (Long) value;
    }

    /** The groups a grouped measure saw, in key order. */
    Set<String> groups(Measure measure) {
        Map<String, Object> groups = values.get(measure);
        if (groups == null) throw new IllegalStateException("not measured: " + measure);
        return groups.keySet();
    }

    Map<Measure, Map<String, Object>> all() {
        return values;
    }

    /** The key of a group: "country=FR, channel=web"; "" for the whole table. */
    static String groupKey(List<String> by, List<String> values) {
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < by.size(); i++) {
            if (i > 0) key.append(", ");
            key.append(by.get(i)).append('=').append(values.get(i));
        }
        return key.toString();
    }
}
