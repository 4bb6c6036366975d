package io.modelgate.datacheck;

import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What a check needs measured on one side of the comparison (the table read, or its reference),
 * said once and independently of the engine that measures it: the Kernel engine in this JVM
 * ({@link KernelEngine}) or the Spark engine on a cluster both turn the same measures into the
 * same {@link Observations}. A measure is a value, so two checks that need the same thing share
 * one computation. {@code by} lists the grouping columns (empty: the whole table); each group's
 * value is kept under its key (see {@link Observations#groupKey}).
 */
sealed interface Measure {

    List<String> by();

    /** The columns the measure reads (grouping columns included). */
    List<String> columns();

    /** Live rows: after deletion vectors, within the partition filter. */
    record Rows(List<String> by) implements Measure {
        public List<String> columns() {
            return by;
        }
    }

    /** Null cells of a column. */
    record Nulls(String column, List<String> by) implements Measure {
        public List<String> columns() {
            return with(by, column);
        }
    }

    /**
     * Non-null numbers of a column: count, NaN count, min, max, mean and the sum of squared
     * deviations (Welford's, merged by Chan's formula); NaN counts apart and is left out of the rest.
     */
    record Moments(String column, List<String> by) implements Measure {
        public List<String> columns() {
            return with(by, column);
        }
    }

    /** Non-null numbers outside [min, max] (NaN is outside); null bounds are open. */
    record Outside(String column, Double min, Double max, List<String> by) implements Measure {
        public List<String> columns() {
            return with(by, column);
        }
    }

    /** Non-null values (as text) not in the allowed set: their count and the five smallest. */
    record NotAllowed(String column, SortedSet<String> allowed, List<String> by) implements Measure {
        public NotAllowed {
            allowed = new TreeSet<>(allowed);
        }

        public List<String> columns() {
            return with(by, column);
        }
    }

    /** The newest value of a timestamp or date column, in microseconds since the epoch (UTC). */
    record Newest(String column, List<String> by) implements Measure {
        public List<String> columns() {
            return with(by, column);
        }
    }

    /** Count per non-null value (as text); more than {@link Observations#MAX_CATEGORIES} values is refused. */
    record Counts(String column, List<String> by) implements Measure {
        public List<String> columns() {
            return with(by, column);
        }
    }

    /** Distinct keys over the whole table (a null is a value of its own in a key). */
    record Distinct(List<String> key) implements Measure {
        public List<String> by() {
            return List.of();
        }

        public List<String> columns() {
            return key;
        }
    }

    /**
     * A uniform sample of at most {@code size} non-null, non-NaN numbers of a column: the values of
     * the rows whose priority, a hash of (seed, data file name, row index in the file), is among the
     * {@code size} smallest (bottom-k sampling). It depends only on which rows the table holds, not
     * on the order or the threads that read them, and another engine draws the same rows.
     */
    record Sample(String column, int size, long seed, List<String> by) implements Measure {
        public List<String> columns() {
            return with(by, column);
        }
    }

    /** Non-null, non-NaN numbers counted in the bins of the given inner edges (see {@link io.modelgate.datacheck.drift.PopulationStability#bin}). */
    record Histogram(String column, double[] edges, List<String> by) implements Measure {
        public List<String> columns() {
            return with(by, column);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Histogram h && h.column.equals(column) && java.util.Arrays.equals(h.edges, edges) && h.by.equals(by);
        }

        @Override
        public int hashCode() {
            return column.hashCode() * 31 + java.util.Arrays.hashCode(edges) * 17 + by.hashCode();
        }

        @Override
        public String toString() {
            return "Histogram[" + column + ", " + java.util.Arrays.toString(edges) + ", " + by + "]";
        }
    }

    private static List<String> with(List<String> by, String column) {
        Set<String> all = new java.util.LinkedHashSet<>(by);
        all.add(column);
        return List.copyOf(all);
    }
}
