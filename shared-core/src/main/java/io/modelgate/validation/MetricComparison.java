package io.modelgate.validation;

import io.modelgate.config.MetricThreshold;

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
        List<RuleCheck> checks = new ArrayList<>();
        rules.forEach((metric, rule) -> checks.addAll(compare(metric, rule, candidate.get(metric),
                champion == null ? null : champion.get(metric), champion == null)));
        return checks;
    }

    private static List<RuleCheck> compare(String metric, MetricThreshold rule, Double candidate, Double champion, boolean firstModel) {
        boolean higher = rule.greaterIsBetter();
        String ge = higher ? ">=" : "<=";
        List<RuleCheck> checks = new ArrayList<>();
        String candidateProblem = candidate == null ? "missing on the candidate: its run did not log " + metric
                : !Double.isFinite(candidate) ? "candidate value is " + candidate + ", not a finite number" : null;
        if (rule.threshold() != null) {
            String text = ge + " " + number(rule.threshold());
            if (candidateProblem != null) {
                checks.add(new RuleCheck(metric, text, candidate, champion, false, candidateProblem));
            } else {
                boolean ok = higher ? candidate >= rule.threshold() : candidate <= rule.threshold();
                checks.add(new RuleCheck(metric, text, candidate, champion, ok,
                        ok ? "" : number(candidate) + (higher ? " < " : " > ") + number(rule.threshold())));
            }
        }
        if (rule.minAbsoluteChange() != null) {
            double delta = rule.minAbsoluteChange();
            checks.add(change(metric, ge + " champion " + (higher ? "+ " : "- ") + number(delta), candidate, champion, firstModel, candidateProblem,
                    () -> {
                        double bound = higher ? champion + delta : champion - delta;
                        boolean ok = higher ? candidate >= bound : candidate <= bound;
                        return ok ? "" : "needs " + ge + " " + number(bound);
                    }));
        }
        if (rule.minRelativeChange() != null) {
            double share = rule.minRelativeChange();
            checks.add(change(metric, (higher ? "gain" : "reduction") + " >= " + percent(share) + " of champion", candidate, champion, firstModel, candidateProblem,
                    () -> {
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
            checks.add(change(metric, "worse by at most " + number(allowed), candidate, champion, firstModel, candidateProblem,
                    () -> {
                        double bound = higher ? champion - allowed : champion + allowed;
                        boolean ok = higher ? candidate >= bound : candidate <= bound;
                        return ok ? "" : "regressed by " + number(Math.abs(candidate - champion)) + " > " + number(allowed);
                    }));
        }
        return checks;
    }

    /** A rule that compares with the champion: skipped for a first model, failed when a side is missing. */
    private static RuleCheck change(String metric, String rule, Double candidate, Double champion, boolean firstModel,
                                    String candidateProblem, java.util.function.Supplier<String> failure) {
        if (firstModel) {
            return new RuleCheck(metric, rule, candidate, null, candidateProblem == null, candidateProblem == null
                    ? "first model, no baseline: judged on absolute thresholds alone" : candidateProblem);
        }
        if (candidateProblem != null) {
            return new RuleCheck(metric, rule, candidate, champion, false, candidateProblem);
        }
        if (champion == null) {
            return new RuleCheck(metric, rule, candidate, null, false, "missing on the champion: its run did not log " + metric);
        }
        if (!Double.isFinite(champion)) {
            return new RuleCheck(metric, rule, candidate, champion, false, "champion value is " + champion + ", not a finite number");
        }
        String why = failure.get();
        return new RuleCheck(metric, rule, candidate, champion, why.isEmpty(), why);
    }

    static String number(double value) {
        return String.format(Locale.ROOT, "%.6g", value).replaceAll("(\\.\\d*?)0+(e|$)", "$1$2").replaceAll("\\.(e|$)", "$1");
    }

    private static String percent(double share) {
        return number(share * 100) + "%";
    }
}
