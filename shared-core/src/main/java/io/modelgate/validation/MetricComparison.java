package io.modelgate.validation;

import io.modelgate.config.MetricThreshold;
import io.modelgate.evaluation.Estimates;
import io.modelgate.evaluation.Numbers;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Judges a candidate's metrics against the champion's with MLflow's MetricThreshold semantics
 * (mlflow.models.evaluation.validation._validate): {@code >=} / {@code <=} comparisons, the
 * absolute change added in floating point, the relative change against the champion's
 * magnitude, and a champion value of 0 compared against {@code 0 ± 1e-10} as MLflow does.
 *
 * <p>Beyond MLflow: with no champion (a first model) only absolute thresholds apply and the
 * change rules say so; a metric missing on the champion fails the change rules with that reason
 * (MLflow raises on it); NaN and infinities are refused with a reason instead of compared;
 * {@code max_regression} bounds how much worse a guard metric may get; and
 * {@code min_absolute_change: 0} is allowed, meaning "no worse than the champion".
 *
 * <p>With an evaluation, the metrics it computed are compared from it (both models on the same
 * rows), and a rule with {@code confidence} judges its change rules on the bound of the bootstrap
 * interval of the difference (or of the relative difference) at that level: the candidate must
 * have improved, or not regressed, by the amount asked with that confidence. The reason says
 * which bound decided.
 */
public final class MetricComparison {

    /** MLflow's stand-in change when the champion's value is 0. */
    static final double ZERO_BASELINE_EPSILON = 1e-10;

    private MetricComparison() {
    }

    /**
     * @param rules     the declared rules per metric, in report order
     * @param candidate the candidate's logged metrics
     * @param champion  the champion's logged metrics, or null for a first model with no baseline
     */
    public static List<RuleCheck> compare(Map<String, MetricThreshold> rules, Map<String, Double> candidate, Map<String, Double> champion) {
        return compare(rules, candidate, champion, Map.of(), null);
    }

    /**
     * @param evaluated      the evaluation's estimates per metric (empty without an evaluation): these metrics are compared from it
     * @param loggedProblem  why logged metrics may not be compared with the champion's (require_same_dataset), or null
     */
    public static List<RuleCheck> compare(Map<String, MetricThreshold> rules, Map<String, Double> candidate, Map<String, Double> champion,
                                          Map<String, Estimates.Estimate> evaluated, String loggedProblem) {
        List<RuleCheck> checks = new ArrayList<>();
        rules.forEach((metric, rule) -> {
            Estimates.Estimate estimate = evaluated.get(metric);
            if (estimate != null) {
                boolean first = champion == null;
                checks.addAll(compare(metric, rule, estimate.candidate(), first ? null : estimate.baseline(), first, estimate, null));
            } else {
                checks.addAll(compare(metric, rule, candidate.get(metric), champion == null ? null : champion.get(metric), champion == null,
                        null, loggedProblem));
            }
        });
        return checks;
    }

    private static List<RuleCheck> compare(String metric, MetricThreshold rule, Double candidate, Double champion, boolean firstModel,
                                           Estimates.Estimate estimate, String comparisonProblem) {
        boolean higher = rule.greaterIsBetter();
        String ge = higher ? ">=" : "<=";
        List<RuleCheck> checks = new ArrayList<>();
        String candidateProblem = candidate == null ? "missing on the candidate: its run did not log " + metric
                : !Double.isFinite(candidate) ? "candidate value is " + candidate + ", not a finite number" : null;
        // The intervals shown: at the rule's confidence, else at the evaluation's own level (its first).
        double level = estimate == null ? Double.NaN : rule.confidence() != null ? rule.confidence() : estimate.candidateIntervals().get(0).level();
        Estimates.Interval own = estimate == null ? null : estimate.candidateInterval(level);
        Estimates.Interval interval = estimate == null || firstModel ? null : estimate.deltaInterval(level);
        Estimates.Interval relativeInterval = estimate == null || firstModel ? null
                : rule.confidence() != null ? estimate.relativeInterval(level) : interval;
        if (rule.threshold() != null) {
            String text = ge + " " + number(rule.threshold());
            if (candidateProblem != null) {
                checks.add(new RuleCheck(metric, text, candidate, champion, false, candidateProblem, own, "value"));
            } else {
                boolean ok = higher ? candidate >= rule.threshold() : candidate <= rule.threshold();
                checks.add(new RuleCheck(metric, text, candidate, champion, ok,
                        ok ? "" : number(candidate) + (higher ? " < " : " > ") + number(rule.threshold()), own, "value"));
            }
        }
        String with = rule.confidence() == null || estimate == null ? "" : " with " + Numbers.percent(rule.confidence()) + "% confidence";
        if (rule.minAbsoluteChange() != null) {
            double delta = rule.minAbsoluteChange();
            checks.add(change(metric, ge + " champion " + (higher ? "+ " : "- ") + number(delta) + with, candidate, champion, firstModel,
                    candidateProblem, comparisonProblem, interval, "change", rule, () -> bound(interval, higher, higher ? delta : -delta, "change"), () -> {
                        double bound = higher ? champion + delta : champion - delta;
                        boolean ok = higher ? candidate >= bound : candidate <= bound;
                        return ok ? "" : "needs " + ge + " " + number(bound);
                    }));
        }
        if (rule.minRelativeChange() != null) {
            double share = rule.minRelativeChange();
            checks.add(change(metric, (higher ? "gain" : "reduction") + " >= " + percent(share) + " of champion" + with, candidate, champion, firstModel,
                    candidateProblem, comparisonProblem, relativeInterval, rule.confidence() != null ? "relative change" : "change", rule,
                    () -> bound(relativeInterval, higher, higher ? share : -share, "relative change"), () -> {
                        if (champion == 0) {
                            double bound = higher ? ZERO_BASELINE_EPSILON : -ZERO_BASELINE_EPSILON;
                            boolean ok = higher ? candidate >= bound : candidate <= bound;
                            return ok ? "" : "champion is 0: the candidate must be strictly better (MLflow's fallback)";
                        }
                        double relative = (higher ? candidate - champion : champion - candidate) / Math.abs(champion);
                        return relative < share ? "relative change " + percent(relative) + " < " + percent(share) : "";
                    }));
        }
        if (rule.maxRegression() != null) {
            double allowed = rule.maxRegression();
            checks.add(change(metric, "worse by at most " + number(allowed) + with, candidate, champion, firstModel,
                    candidateProblem, comparisonProblem, interval, "change", rule, () -> bound(interval, higher, higher ? -allowed : allowed, "change"), () -> {
                        double bound = higher ? champion - allowed : champion + allowed;
                        boolean ok = higher ? candidate >= bound : candidate <= bound;
                        return ok ? "" : "regressed by " + number(Math.abs(candidate - champion)) + " > " + number(allowed);
                    }));
        }
        return checks;
    }

    /**
     * A rule that compares with the champion: skipped for a first model, failed when a side is
     * missing or the comparison is refused; with a confidence, decided by the interval's bound.
     *
     * @param interval   the interval the rule is judged on with a confidence, null on the point estimate
     * @param byBound    the verdict on the interval: "" or why it failed, prefixed "ok:" when passing with a note
     */
    private static RuleCheck change(String metric, String rule, Double candidate, Double champion, boolean firstModel, String candidateProblem,
                                    String comparisonProblem, Estimates.Interval interval, String intervalOf, MetricThreshold threshold,
                                    java.util.function.Supplier<String> byBound, java.util.function.Supplier<String> failure) {
        if (firstModel) {
            return new RuleCheck(metric, rule, candidate, null, candidateProblem == null, candidateProblem == null
                    ? "first model, no baseline: judged on absolute thresholds alone" : candidateProblem, null, null);
        }
        if (candidateProblem != null) {
            return new RuleCheck(metric, rule, candidate, champion, false, candidateProblem, interval, intervalOf);
        }
        if (comparisonProblem != null) {
            return new RuleCheck(metric, rule, candidate, champion, false, comparisonProblem, interval, intervalOf);
        }
        if (champion == null) {
            return new RuleCheck(metric, rule, candidate, null, false, "missing on the champion: its run did not log " + metric, interval, intervalOf);
        }
        if (!Double.isFinite(champion)) {
            return new RuleCheck(metric, rule, candidate, champion, false, "champion value is " + champion + ", not a finite number", interval, intervalOf);
        }
        if (threshold.confidence() != null && interval != null) {
            String verdict = byBound.get();
            boolean ok = verdict.startsWith("ok: ");
            return new RuleCheck(metric, rule, candidate, champion, ok, ok ? verdict.substring(4) : verdict, interval, intervalOf);
        }
        String why = failure.get();
        return new RuleCheck(metric, rule, candidate, champion, why.isEmpty(), why, interval, intervalOf);
    }

    /**
     * Judges an interval of the change against a bound: greater-is-better needs the lower end at or
     * above {@code needed}, lower-is-better the upper end at or below it. Says which end decided.
     */
    private static String bound(Estimates.Interval interval, boolean higher, double needed, String what) {
        if (!interval.isDefined()) {
            return "the " + Numbers.percent(interval.level()) + "% interval of the " + what + " is undefined (too few resamples where the metric is defined)";
        }
        double end = higher ? interval.lower() : interval.upper();
        boolean ok = higher ? end >= needed : end <= needed;
        String side = higher ? "lower" : "upper";
        String text = "the " + side + " bound " + Numbers.signed(end) + " of the " + Numbers.percent(interval.level()) + "% interval of the " + what + " "
                + Numbers.interval(interval, true) + (ok ? (higher ? " >= " : " <= ") : (higher ? " < " : " > ")) + Numbers.signed(needed);
        return ok ? "ok: decided by " + text : "decided by " + text;
    }

    static String number(double value) {
        return String.format(Locale.ROOT, "%.6g", value).replaceAll("(\\.\\d*?)0+(e|$)", "$1$2").replaceAll("\\.(e|$)", "$1");
    }

    private static String percent(double share) {
        return number(share * 100) + "%";
    }
}
