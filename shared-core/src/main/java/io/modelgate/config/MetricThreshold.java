package io.modelgate.config;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * The rule for one metric, with MLflow's MetricThreshold semantics (threshold,
 * min_absolute_change, min_relative_change, greater_is_better), plus max_regression for
 * guard metrics such as latency, which may get worse by at most that much.
 */
public record MetricThreshold(
        @JsonPropertyDescription("Absolute bound: candidate >= threshold (or <= when greater_is_better is false)")
        Double threshold,
        @JsonPropertyDescription("The candidate must beat the champion by at least this much (absolute)")
        Double minAbsoluteChange,
        @JsonPropertyDescription("The candidate must beat the champion by at least this share of the champion's value, 0..1")
        Double minRelativeChange,
        @JsonPropertyDescription("Whether a higher value is better; required")
        Boolean greaterIsBetter,
        @JsonPropertyDescription("The candidate may be worse than the champion by at most this much (absolute)")
        Double maxRegression,
        @JsonPropertyDescription("With an evaluation: judge min_absolute_change, min_relative_change and max_regression on the bound of "
                + "the bootstrap confidence interval of the difference at this level (e.g. 0.95), not on the point estimate")
        Double confidence) {

    public MetricThreshold(Double threshold, Double minAbsoluteChange, Double minRelativeChange, Boolean greaterIsBetter, Double maxRegression) {
        this(threshold, minAbsoluteChange, minRelativeChange, greaterIsBetter, maxRegression, null);
    }

    void validate(ConfigCheck check, String path) {
        if (greaterIsBetter == null) {
            throw check.fail(path, "greater_is_better is required (true or false)");
        }
        if (threshold == null && minAbsoluteChange == null && minRelativeChange == null && maxRegression == null) {
            throw check.fail(path, "no rule: set threshold, min_absolute_change, min_relative_change or max_regression");
        }
        requireFinite(check, path, "threshold", threshold);
        requireFinite(check, path, "min_absolute_change", minAbsoluteChange);
        requireFinite(check, path, "min_relative_change", minRelativeChange);
        requireFinite(check, path, "max_regression", maxRegression);
        if (minAbsoluteChange != null && minAbsoluteChange < 0) {
            throw check.fail(ConfigCheck.join(path, "min_absolute_change"), "must not be negative, got " + minAbsoluteChange);
        }
        if (minRelativeChange != null && (minRelativeChange < 0 || minRelativeChange > 1)) {
            throw check.fail(ConfigCheck.join(path, "min_relative_change"), "must be between 0 and 1, got " + minRelativeChange);
        }
        if (maxRegression != null && maxRegression < 0) {
            throw check.fail(ConfigCheck.join(path, "max_regression"), "must not be negative, got " + maxRegression);
        }
        if (confidence != null && !(confidence >= 0.5 && confidence <= 0.999)) {
            throw check.fail(ConfigCheck.join(path, "confidence"), "must be between 0.5 and 0.999, got " + confidence);
        }
    }

    private static void requireFinite(ConfigCheck check, String path, String key, Double value) {
        if (value != null && !Double.isFinite(value)) {
            throw check.fail(ConfigCheck.join(path, key), "must be a finite number, got " + value);
        }
    }
}
