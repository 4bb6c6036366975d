package io.modelgate.evaluation;

import io.modelgate.config.EvaluationConfig;

import java.util.ArrayList;
import java.util.List;

/**
 * The rules on groups of rows: no slice group may regress by more than {@code slice_max_regression}
 * (groups under {@code min_rows} are too small to judge and never fail), and the gap between the
 * best and the worst group of a fairness column stays within {@code max_gap} (and, when asked, no
 * wider than the champion's).
 */
final class GroupRules {

    private GroupRules() {
    }

    /**
     * One group of a declared slice, judged.
     *
     * @param failures why it fails, empty when it passes or is too small
     */
    record GroupOutcome(Estimates.Group group, boolean tooSmall, List<String> failures) {
        GroupOutcome {
            failures = List.copyOf(failures);
        }
    }

    /** A declared slice and its groups, judged. */
    record SliceOutcome(EvaluationConfig.Slice slice, List<GroupOutcome> groups) {
        SliceOutcome {
            groups = List.copyOf(groups);
        }

        long failed() {
            return groups.stream().filter(g -> !g.failures().isEmpty()).count();
        }
    }

    /**
     * A fairness rule, judged.
     *
     * @param groups       the column's groups, with the metric of both models
     * @param candidateGap the largest minus the smallest value among the groups large enough, NaN with fewer than two
     * @param championGap  the same for the champion, NaN for a first model
     */
    record FairnessOutcome(EvaluationConfig.Fairness rule, List<Estimates.Group> groups, int minRows, double candidateGap,
                           double championGap, boolean passed, String detail) {
        FairnessOutcome {
            groups = List.copyOf(groups);
        }
    }

    static List<SliceOutcome> slices(Estimates estimates, EvaluationConfig config, boolean baseline) {
        List<SliceOutcome> outcomes = new ArrayList<>();
        for (int s = 0; s < config.slices().size(); s++) {
            EvaluationConfig.Slice slice = config.slices().get(s);
            int minRows = slice.minRows() != null ? slice.minRows() : config.minRows();
            List<GroupOutcome> groups = new ArrayList<>();
            for (Estimates.Group group : estimates.slices().get(s).groups()) {
                boolean tooSmall = group.rows() < minRows;
                List<String> failures = new ArrayList<>();
                if (!tooSmall && baseline) {
                    config.sliceMaxRegression().forEach((metric, limit) -> {
                        Estimates.Estimate e = group.metrics().get(metric);
                        double regression = MetricSet.higherIsBetter(metric) ? e.baseline() - e.candidate() : e.candidate() - e.baseline();
                        if (regression > limit) {
                            failures.add(metric + " regressed by " + Numbers.format(regression) + " > " + Numbers.format(limit));
                        }
                    });
                }
                groups.add(new GroupOutcome(group, tooSmall, failures));
            }
            outcomes.add(new SliceOutcome(slice, groups));
        }
        return outcomes;
    }

    static List<FairnessOutcome> fairness(Estimates estimates, EvaluationConfig config, boolean baseline) {
        List<List<String>> groupings = ScoredTable.slices(config);
        List<FairnessOutcome> outcomes = new ArrayList<>();
        for (EvaluationConfig.Fairness rule : config.fairness()) {
            List<Estimates.Group> groups = estimates.slices().get(groupings.indexOf(List.of(rule.by()))).groups();
            double candidateGap = gap(groups, rule.metric(), config.minRows(), false);
            double championGap = baseline ? gap(groups, rule.metric(), config.minRows(), true) : Double.NaN;
            String detail;
            boolean passed;
            if (Double.isNaN(candidateGap)) {
                passed = true;
                detail = "fewer than two groups of " + rule.by() + " have " + config.minRows() + " rows or more: no gap to judge";
            } else {
                boolean withinMax = candidateGap <= rule.maxGap();
                boolean noWider = !rule.noWiderThanChampion() || Double.isNaN(championGap) || candidateGap <= championGap;
                passed = withinMax && noWider;
                detail = rule.metric() + " gap between the groups of " + rule.by() + ": " + Numbers.format(candidateGap)
                        + (withinMax ? " <= " : " > ") + Numbers.format(rule.maxGap())
                        + (Double.isNaN(championGap) ? "" : "; the champion's " + Numbers.format(championGap)
                        + (rule.noWiderThanChampion() ? (noWider ? ", not exceeded" : ", exceeded") : ""));
            }
            outcomes.add(new FairnessOutcome(rule, groups, config.minRows(), candidateGap, championGap, passed, detail));
        }
        return outcomes;
    }

    private static double gap(List<Estimates.Group> groups, String metric, int minRows, boolean champion) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        int counted = 0;
        for (Estimates.Group group : groups) {
            if (group.rows() < minRows) continue;
            Estimates.Estimate e = group.metrics().get(metric);
            double value = champion ? e.baseline() : e.candidate();
            if (!Double.isFinite(value)) continue;
            lo = Math.min(lo, value);
            hi = Math.max(hi, value);
            counted++;
        }
        return counted < 2 ? Double.NaN : hi - lo;
    }
}
