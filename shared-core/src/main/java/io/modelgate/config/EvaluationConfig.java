package io.modelgate.config;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * evaluate-model's settings for one model: the frozen evaluation set (a Delta table declared under
 * {@code tables:}, pinned by version or timestamp), its columns, the task and metrics, the
 * bootstrap, slices and fairness rules, and how the two models are scored.
 */
public record EvaluationConfig(
        @JsonPropertyDescription("The evaluation set: a table declared under tables:; required")
        String table,
        @JsonPropertyDescription("The table version to read (time travel); unpinned, the latest, which the evaluation records")
        Long version,
        @JsonPropertyDescription("Read the table as of this ISO-8601 timestamp instead of a version")
        String timestamp,
        @JsonPropertyDescription("The label column; required")
        String label,
        @JsonPropertyDescription("A column identifying each row, carried into the scored table (a project's own scoring job is checked on it)")
        String key,
        @JsonPropertyDescription("A column of sample weights (numeric, not negative)")
        String weight,
        @JsonPropertyDescription("binary (default), multiclass or regression")
        Task task,
        @JsonPropertyDescription("The metrics to compute; default all of the task's. binary: roc_auc, average_precision, log_loss, brier, "
                + "accuracy, precision, recall, f1; multiclass: accuracy, macro_f1, weighted_f1, log_loss (with classes); "
                + "regression: rmse, mae, r2, mape")
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
        List<String> metrics,
        @JsonPropertyDescription("binary: a row is predicted positive when its score is at least this (accuracy, precision, recall, f1, fairness)")
        Double threshold,
        @JsonPropertyDescription("multiclass: the classes in the order of the models' probability outputs; needed for log_loss")
        List<String> classes,
        @JsonPropertyDescription("Groups to evaluate apart: each entry's by: lists one or more columns")
        List<Slice> slices,
        @JsonPropertyDescription("Groups with fewer rows are reported as too small and never fail a rule")
        Integer minRows,
        @JsonPropertyDescription("Metric -> how much worse than the champion's any slice group may be (absolute, on the point estimate)")
        Map<String, Double> sliceMaxRegression,
        @JsonPropertyDescription("Largest gap allowed between the groups of a column, on one metric")
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
        List<Fairness> fairness,
        @JsonPropertyDescription("Bootstrap resamples for the confidence intervals")
        Integer resamples,
        @JsonPropertyDescription("Level of the confidence intervals the report shows, 0.5..0.999")
        Double confidence,
        @JsonPropertyDescription("Seed of the bootstrap: the same seed on the same scored table repeats the intervals exactly")
        Long seed,
        @JsonPropertyDescription("A job under jobs: that scores the evaluation set instead of the suite's job; it writes the same columns")
        String scoringJob,
        @JsonPropertyDescription("Spark settings of the suite's scoring job (master, conf, jars, env, timeout, spark_home, python; "
                + "app only to point at a copy of the script where the cluster can read it)")
        JobConfig spark,
        @JsonPropertyDescription("Path or URI of the scored Delta table, which both the job and ModelGate must reach; "
                + "default <output-dir>/scored, relative to the project")
        String scoredTable,
        @JsonPropertyDescription("The MLflow experiment of the evaluation runs")
        String experiment) {

    public enum Task {
        @JsonProperty("binary") BINARY,
        @JsonProperty("multiclass") MULTICLASS,
        @JsonProperty("regression") REGRESSION
    }

    public static final Map<Task, List<String>> METRICS = Map.of(
            Task.BINARY, List.of("roc_auc", "average_precision", "log_loss", "brier", "accuracy", "precision", "recall", "f1"),
            Task.MULTICLASS, List.of("accuracy", "macro_f1", "weighted_f1", "log_loss"),
            Task.REGRESSION, List.of("rmse", "mae", "r2", "mape"));

    /** What a fairness rule can compare between groups (binary: at the threshold). */
    public static final Set<String> FAIRNESS_METRICS = Set.of("tpr", "fpr", "selection_rate", "accuracy");

    public EvaluationConfig {
        task = task == null ? Task.BINARY : task;
        metrics = metrics == null || metrics.isEmpty() ? defaultMetrics(task, classes != null) : List.copyOf(metrics);
        threshold = threshold == null ? 0.5 : threshold;
        classes = classes == null ? null : List.copyOf(classes);
        slices = slices == null ? List.of() : List.copyOf(slices);
        minRows = minRows == null ? 100 : minRows;
        sliceMaxRegression = sliceMaxRegression == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(sliceMaxRegression));
        fairness = fairness == null ? List.of() : List.copyOf(fairness);
        resamples = resamples == null ? 1000 : resamples;
        confidence = confidence == null ? 0.95 : confidence;
        seed = seed == null ? 0L : seed;
        experiment = experiment == null ? "modelgate-evaluations" : experiment;
    }

    /** All of the task's metrics; multiclass log_loss only when the classes of the probability outputs are known. */
    private static List<String> defaultMetrics(Task task, boolean classesKnown) {
        return METRICS.get(task).stream().filter(m -> task != Task.MULTICLASS || !m.equals("log_loss") || classesKnown).toList();
    }

    /** One way of cutting the evaluation set into groups: by the values of one or more columns. */
    public record Slice(
            @JsonPropertyDescription("The columns whose values make a group")
            @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            List<String> by,
            @JsonPropertyDescription("Overrides min_rows for these groups")
            Integer minRows) {
        public Slice {
            by = by == null ? List.of() : List.copyOf(by);
        }

        /** "country" or "segment × device" */
        public String name() {
            return String.join(" × ", by);
        }
    }

    /** The largest gap between the groups of a column on one metric. */
    public record Fairness(
            @JsonPropertyDescription("The column whose groups are compared")
            String by,
            @JsonPropertyDescription("tpr, fpr, selection_rate or accuracy")
            String metric,
            @JsonPropertyDescription("Largest gap allowed between the best and the worst group")
            Double maxGap,
            @JsonPropertyDescription("The candidate's gap may not be wider than the champion's either")
            Boolean noWiderThanChampion) {
        public Fairness {
            noWiderThanChampion = noWiderThanChampion != null && noWiderThanChampion;
        }
    }

    void validate(ConfigCheck check, String path, Map<String, TableConfig> tables, Map<String, JobConfig> jobs) {
        if (table == null || table.isBlank()) {
            throw check.fail(path, "table is required: the evaluation set, a table declared under tables:");
        }
        if (!tables.containsKey(table)) {
            throw check.fail(ConfigCheck.join(path, "table"), "table \"" + table + "\" is not declared under tables:"
                    + (tables.isEmpty() ? "" : " (declared: " + String.join(", ", tables.keySet()) + ")"));
        }
        if (version != null && timestamp != null) {
            throw check.fail(path, "choose one of version or timestamp");
        }
        if (version != null && version < 0) {
            throw check.fail(ConfigCheck.join(path, "version"), "must not be negative, got " + version);
        }
        if (label == null || label.isBlank()) {
            throw check.fail(path, "label is required: the column of true labels (or targets)");
        }
        List<String> known = METRICS.get(task);
        for (int i = 0; i < metrics.size(); i++) {
            if (!known.contains(metrics.get(i))) {
                throw check.fail(ConfigCheck.join(path, "metrics[" + i + "]"), "unknown " + task.name().toLowerCase(java.util.Locale.ROOT)
                        + " metric \"" + metrics.get(i) + "\" (known: " + String.join(", ", known) + ")");
            }
        }
        if (task == Task.MULTICLASS && metrics.contains("log_loss") && (classes == null || classes.size() < 2)) {
            throw check.fail(ConfigCheck.join(path, "classes"), "multiclass log_loss needs classes: the order of the models' probability outputs");
        }
        if (threshold.isNaN() || threshold.isInfinite()) {
            throw check.fail(ConfigCheck.join(path, "threshold"), "must be a finite number, got " + threshold);
        }
        for (int i = 0; i < slices.size(); i++) {
            Slice slice = slices.get(i);
            String at = ConfigCheck.join(path, "slices[" + i + "]");
            if (slice == null || slice.by().isEmpty()) {
                throw check.fail(at, "by is required: one or more columns whose values make the groups");
            }
            if (slice.minRows() != null && slice.minRows() < 1) {
                throw check.fail(ConfigCheck.join(at, "min_rows"), "must be at least 1, got " + slice.minRows());
            }
        }
        if (minRows < 1) {
            throw check.fail(ConfigCheck.join(path, "min_rows"), "must be at least 1, got " + minRows);
        }
        sliceMaxRegression.forEach((metric, limit) -> {
            String at = ConfigCheck.join(path, "slice_max_regression." + metric);
            if (!metrics.contains(metric)) {
                throw check.fail(at, "\"" + metric + "\" is not one of the evaluation's metrics (" + String.join(", ", metrics) + ")");
            }
            if (limit == null || !Double.isFinite(limit) || limit < 0) {
                throw check.fail(at, "must be a number, 0 or more, got " + limit);
            }
        });
        if (!sliceMaxRegression.isEmpty() && slices.isEmpty()) {
            throw check.fail(ConfigCheck.join(path, "slice_max_regression"), "no slices: declared: add slices: [{by: [column]}]");
        }
        for (int i = 0; i < fairness.size(); i++) {
            Fairness rule = fairness.get(i);
            String at = ConfigCheck.join(path, "fairness[" + i + "]");
            if (rule == null || rule.by() == null || rule.by().isBlank()) {
                throw check.fail(at, "by is required: the column whose groups are compared");
            }
            if (rule.metric() == null || !FAIRNESS_METRICS.contains(rule.metric())) {
                throw check.fail(ConfigCheck.join(at, "metric"), "unknown fairness metric \"" + rule.metric() + "\" (known: accuracy, fpr, selection_rate, tpr)");
            }
            if (task != Task.BINARY && !rule.metric().equals("accuracy")) {
                throw check.fail(ConfigCheck.join(at, "metric"), rule.metric() + " needs a binary task; " + task.name().toLowerCase(java.util.Locale.ROOT)
                        + " fairness compares accuracy");
            }
            if (task == Task.REGRESSION) {
                throw check.fail(at, "fairness rules compare classification metrics: not for a regression task");
            }
            if (rule.maxGap() == null || !Double.isFinite(rule.maxGap()) || rule.maxGap() < 0) {
                throw check.fail(ConfigCheck.join(at, "max_gap"), "required: a number, 0 or more");
            }
        }
        if (resamples < 0 || resamples > 100_000) {
            throw check.fail(ConfigCheck.join(path, "resamples"), "must be between 0 and 100000, got " + resamples);
        }
        if (!(confidence >= 0.5 && confidence <= 0.999)) {
            throw check.fail(ConfigCheck.join(path, "confidence"), "must be between 0.5 and 0.999, got " + confidence);
        }
        if (scoringJob != null && !jobs.containsKey(scoringJob)) {
            throw check.fail(ConfigCheck.join(path, "scoring_job"), "job \"" + scoringJob + "\" is not declared under jobs:"
                    + (jobs.isEmpty() ? "" : " (declared: " + String.join(", ", jobs.keySet()) + ")"));
        }
        if (scoringJob != null && spark != null) {
            throw check.fail(ConfigCheck.join(path, "spark"), "the settings of the suite's scoring job do not apply to scoring_job " + scoringJob);
        }
    }
}
