package io.modelgate.validation;

/**
 * The outcome of one rule for one metric: a row of the validation table.
 *
 * @param metric    the metric's name
 * @param rule      the rule as a reviewer reads it, e.g. {@code >= 0.80} or {@code >= champion + 0.01}
 * @param candidate the candidate's value, null when it did not log the metric
 * @param champion  the champion's value, null for a first model or when it did not log the metric
 * @param ok        whether the candidate passes this rule
 * @param reason    why it failed, or a note (e.g. "first model, no baseline", which interval bound decided); empty when plainly passed
 * @param interval  with an evaluation: the interval the row shows (at the rule's confidence, else the evaluation's level), else null
 * @param intervalOf what the interval is of: "value" (a threshold row), "change" or "relative change"
 */
public record RuleCheck(String metric, String rule, Double candidate, Double champion, boolean ok, String reason,
                        io.modelgate.evaluation.Estimates.Interval interval, String intervalOf) {

    /** The candidate's change against the champion, when both values are finite. */
    public Double change() {
        if (candidate == null || champion == null || !Double.isFinite(candidate) || !Double.isFinite(champion)) {
            return null;
        }
        return candidate - champion;
    }
}
