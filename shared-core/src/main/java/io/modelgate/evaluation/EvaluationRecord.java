package io.modelgate.evaluation;

import io.modelgate.mlflow.ModelVersion;
import io.modelgate.mlflow.RunRecord;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An evaluation as MLflow keeps it: a run in the evaluation experiment with both models' metrics,
 * the differences and their interval bounds (per slice group too), the evaluation table and
 * version as the run's dataset input (context "evaluation"); and on the candidate version, tags
 * linking to it. validate-model reads them back to reuse an evaluation of exactly the same
 * candidate, champion, evaluation set version and settings.
 *
 * <p>Metric keys: {@code candidate.<metric>}, {@code baseline.<metric>}, {@code delta.<metric>},
 * and per level (ci95 for 0.95) {@code candidate.<metric>.ci95_lower} / {@code _upper}, the same
 * for {@code delta} and {@code relative} (the change over the champion's magnitude); per slice group
 * {@code slice.<slice>.<group>.<same keys>} and {@code slice.<slice>.<group>.rows}.
 */
public final class EvaluationRecord {

    public static final String RUN_TAG = "modelgate.evaluation.run_id";
    public static final String DATASET_TAG = "modelgate.evaluation.dataset";
    public static final String DATASET_VERSION_TAG = "modelgate.evaluation.dataset_version";
    public static final String BASELINE_TAG = "modelgate.evaluation.baseline_version";
    public static final String SETTINGS_TAG = "modelgate.evaluation.settings_hash";
    /** passed or failed: the slice and fairness rules; written last. */
    public static final String STATUS_TAG = "modelgate.evaluation.status";
    /** On the run: the failed slice and fairness rules, one per line. */
    public static final String FAILURES_TAG = "modelgate.evaluation.failures";
    public static final String LEVELS_PARAM = "confidence_levels";

    private EvaluationRecord() {
    }

    /** The version tags that link the candidate to its evaluation, status last. */
    static Map<String, String> versionTags(String runId, String dataset, long datasetVersion, Integer baselineVersion, String settingsHash, boolean passed) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(RUN_TAG, runId);
        tags.put(DATASET_TAG, dataset);
        tags.put(DATASET_VERSION_TAG, String.valueOf(datasetVersion));
        tags.put(BASELINE_TAG, baselineVersion == null ? "" : String.valueOf(baselineVersion));
        tags.put(SETTINGS_TAG, settingsHash);
        tags.put(STATUS_TAG, passed ? "passed" : "failed");
        return tags;
    }

    /** "ci95" for 0.95. */
    static String level(double level) {
        return "ci" + Numbers.percent(level);
    }

    /** The run's metrics for one group of rows, under {@code prefix} ("" for all rows). */
    static Map<String, Double> metrics(String prefix, Estimates.Group group, List<Double> levels, boolean baseline) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        if (!prefix.isEmpty()) metrics.put(prefix + "rows", (double) group.rows());
        group.metrics().forEach((name, e) -> {
            metrics.put(prefix + "candidate." + name, e.candidate());
            for (double level : levels) {
                Estimates.Interval own = e.candidateInterval(level);
                metrics.put(prefix + "candidate." + name + "." + level(level) + "_lower", own.lower());
                metrics.put(prefix + "candidate." + name + "." + level(level) + "_upper", own.upper());
            }
            if (!baseline) return;
            metrics.put(prefix + "baseline." + name, e.baseline());
            metrics.put(prefix + "delta." + name, e.delta());
            for (double level : levels) {
                Estimates.Interval delta = e.deltaInterval(level), relative = e.relativeInterval(level);
                metrics.put(prefix + "delta." + name + "." + level(level) + "_lower", delta.lower());
                metrics.put(prefix + "delta." + name + "." + level(level) + "_upper", delta.upper());
                metrics.put(prefix + "relative." + name + "." + level(level) + "_lower", relative.lower());
                metrics.put(prefix + "relative." + name + "." + level(level) + "_upper", relative.upper());
            }
        });
        return metrics;
    }

    /**
     * A slice or group name as a metric key part: MLflow allows letters, digits, _ - . / and spaces;
     * dots separate the key's parts, so they are replaced too.
     */
    static String keyPart(String text) {
        String cleaned = text.replaceAll("[^A-Za-z0-9_\\- ]", "_").strip();
        return cleaned.isEmpty() ? "_" : cleaned;
    }

    /**
     * The per-slice charts of a recorded evaluation run: each group's change of {@code metric} with
     * its interval at {@code level} (a first model: its value), worst first — what evaluate-model's
     * report draws, read back for {@code modelgate report}.
     */
    public static List<io.modelgate.step.StepResult.Chart> charts(RunRecord run, String metric, double level) {
        Map<String, Map<String, double[]>> slices = new LinkedHashMap<>();
        boolean baseline = run.metrics().containsKey("delta." + metric);
        String side = baseline ? "delta." : "candidate.";
        String lowerKey = side + metric + "." + level(level) + "_lower", upperKey = side + metric + "." + level(level) + "_upper";
        run.metrics().forEach((key, value) -> {
            if (!key.startsWith("slice.")) return;
            String[] parts = key.split("\\.", 4);
            if (parts.length < 4) return;
            String rest = parts[3];
            int index = rest.equals(side + metric) ? 0 : rest.equals(lowerKey) ? 1 : rest.equals(upperKey) ? 2 : -1;
            if (index < 0) return;
            double[] point = slices.computeIfAbsent(parts[1], k -> new LinkedHashMap<>())
                    .computeIfAbsent(parts[2], k -> new double[] {Double.NaN, Double.NaN, Double.NaN});
            point[index] = value;
        });
        boolean higher = MetricSet.higherIsBetter(metric);
        List<io.modelgate.step.StepResult.Chart> charts = new ArrayList<>();
        slices.forEach((slice, groups) -> {
            List<io.modelgate.step.StepResult.Chart.Point> points = new ArrayList<>();
            groups.forEach((group, p) -> {
                if (Double.isFinite(p[0]) && Double.isFinite(p[1]) && Double.isFinite(p[2])) {
                    points.add(new io.modelgate.step.StepResult.Chart.Point(group, p[0], p[1], p[2]));
                }
            });
            points.sort(java.util.Comparator.comparingDouble(p -> higher ? p.value() : -p.value()));
            if (!points.isEmpty()) {
                charts.add(new io.modelgate.step.StepResult.Chart((baseline ? "Change of " + metric : metric + " of the candidate") + " by " + slice
                        + ", " + Numbers.percent(level) + "% CI", baseline ? "change of " + metric : metric,
                        baseline ? 0 : run.metrics().getOrDefault("candidate." + metric, 0.0), points));
            }
        });
        return charts;
    }

    /** A short stable hash of the evaluation's settings, so that a reused evaluation was made under the same ones. */
    static String hash(String canonical) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8))).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The dataset's digest as the run records it: of its location and version. */
    static String digest(String path, long version) {
        return hash("delta:" + path + "@" + version).substring(0, 8);
    }

    /**
     * The evaluation recorded on this candidate, when it was made against exactly this champion,
     * this dataset and version and these settings, with every requested level; else empty.
     */
    static Optional<String> reusableRun(ModelVersion candidate, Integer baselineVersion, String dataset, long datasetVersion, String settingsHash) {
        Map<String, String> tags = candidate.tags();
        String runId = tags.get(RUN_TAG);
        if (runId == null || runId.isBlank() || !"passed".equals(tags.get(STATUS_TAG)) && !"failed".equals(tags.get(STATUS_TAG))) return Optional.empty();
        boolean same = dataset.equals(tags.get(DATASET_TAG)) && String.valueOf(datasetVersion).equals(tags.get(DATASET_VERSION_TAG))
                && (baselineVersion == null ? "" : String.valueOf(baselineVersion)).equals(tags.get(BASELINE_TAG))
                && settingsHash.equals(tags.get(SETTINGS_TAG));
        return same ? Optional.of(runId) : Optional.empty();
    }

    /** The all-rows estimates read back from a recorded run; empty when a level or metric is missing. */
    static Optional<Map<String, Estimates.Estimate>> estimates(RunRecord run, List<String> metricNames, List<Double> levels, boolean baseline) {
        Map<String, Double> m = run.metrics();
        Map<String, Estimates.Estimate> out = new LinkedHashMap<>();
        for (String name : metricNames) {
            Double candidate = m.get("candidate." + name);
            Double champion = baseline ? m.get("baseline." + name) : Double.valueOf(Double.NaN);
            if (candidate == null || champion == null) return Optional.empty();
            List<Estimates.Interval> own = new ArrayList<>(), deltas = new ArrayList<>(), relatives = new ArrayList<>();
            for (double level : levels) {
                Optional<Estimates.Interval> o = interval(m, "candidate." + name, level);
                if (o.isEmpty()) return Optional.empty();
                own.add(o.get());
                if (baseline) {
                    Optional<Estimates.Interval> d = interval(m, "delta." + name, level), r = interval(m, "relative." + name, level);
                    if (d.isEmpty() || r.isEmpty()) return Optional.empty();
                    deltas.add(d.get());
                    relatives.add(r.get());
                }
            }
            out.put(name, new Estimates.Estimate(candidate, champion, own, deltas, relatives, 0));
        }
        return Optional.of(out);
    }

    private static Optional<Estimates.Interval> interval(Map<String, Double> metrics, String key, double level) {
        Double lower = metrics.get(key + "." + level(level) + "_lower"), upper = metrics.get(key + "." + level(level) + "_upper");
        return lower == null || upper == null ? Optional.empty() : Optional.of(new Estimates.Interval(level, lower, upper));
    }
}
