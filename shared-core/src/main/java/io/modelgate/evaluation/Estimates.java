package io.modelgate.evaluation;

import java.util.List;
import java.util.Map;

/**
 * What the evaluation computed: every metric of both models on all rows and on each slice group,
 * with the bootstrap's intervals at each requested level.
 *
 * @param levels     the confidence levels of the intervals, e.g. [0.95]
 * @param resamples  bootstrap resamples drawn
 * @param overall    all rows
 * @param slices     per declared slice, its groups in order of first appearance
 */
public record Estimates(List<Double> levels, int resamples, Group overall, List<Slice> slices) {

    public Estimates {
        levels = List.copyOf(levels);
        slices = List.copyOf(slices);
    }

    /** A two-sided percentile interval of the bootstrap replicates. */
    public record Interval(double level, double lower, double upper) {
        public boolean isDefined() {
            return !Double.isNaN(lower) && !Double.isNaN(upper);
        }
    }

    /**
     * One metric of one group.
     *
     * @param candidate  the candidate's value on the rows (NaN when undefined, e.g. roc_auc with one class)
     * @param baseline   the champion's, NaN for a first model
     * @param candidateIntervals per level, of the candidate's own value
     * @param deltaIntervals     per level, of candidate − champion (paired); empty for a first model
     * @param relativeIntervals  per level, of (candidate − champion) / |champion|; empty for a first model
     * @param undefined  resamples in which the metric was undefined (left out of the intervals)
     */
    public record Estimate(double candidate, double baseline, List<Interval> candidateIntervals,
                           List<Interval> deltaIntervals, List<Interval> relativeIntervals, int undefined) {
        public Estimate {
            candidateIntervals = List.copyOf(candidateIntervals);
            deltaIntervals = List.copyOf(deltaIntervals);
            relativeIntervals = List.copyOf(relativeIntervals);
        }

        public double delta() {
            return candidate - baseline;
        }

        public Interval candidateInterval(double level) {
            return at(candidateIntervals, level);
        }

        public Interval deltaInterval(double level) {
            return at(deltaIntervals, level);
        }

        public Interval relativeInterval(double level) {
            return at(relativeIntervals, level);
        }

        private static Interval at(List<Interval> intervals, double level) {
            return intervals.stream().filter(i -> i.level() == level).findFirst().orElse(null);
        }
    }

    /**
     * A set of rows: all of them, or one group of a slice.
     *
     * @param name    the group's value(s), e.g. "DE" or "retail × mobile"; "all rows" for the whole set
     * @param rows    its row count
     * @param metrics per metric name, in the order asked
     */
    public record Group(String name, long rows, Map<String, Estimate> metrics) {
        public Group {
            metrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
        }
    }

    /** One declared slice: its name (the columns, e.g. "segment × device") and its groups. */
    public record Slice(String name, List<Group> groups) {
        public Slice {
            groups = List.copyOf(groups);
        }
    }
}
