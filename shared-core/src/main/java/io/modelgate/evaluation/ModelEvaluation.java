package io.modelgate.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.modelgate.audit.AuditRecord;
import io.modelgate.audit.AuditSinks;
import io.modelgate.config.EvaluationConfig;
import io.modelgate.config.ModelConfig;
import io.modelgate.config.MetricThreshold;
import io.modelgate.config.TableConfig;
import io.modelgate.delta.DeltaTable;
import io.modelgate.fault.Fault;
import io.modelgate.mlflow.ModelRegistry;
import io.modelgate.mlflow.ModelVersion;
import io.modelgate.mlflow.RunRecord;
import io.modelgate.mlflow.TrackingRuns;
import io.modelgate.registry.RegistryStep;
import io.modelgate.step.StepContext;
import io.modelgate.step.StepResult;
import org.apache.hadoop.conf.Configuration;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One evaluation of a candidate against the champion (or of a first model alone): the evaluation
 * set checked and pinned, both models scored by one job into one scored table, the metrics, their
 * paired bootstrap intervals, the slices and fairness rules computed here from that table, and the
 * evidence recorded — an MLflow run with the evaluation set as its dataset input, tags on the
 * candidate version linking to it, an audit record. Nothing is recorded when anything fails before
 * the verdict; the tags come last, their status last of all.
 */
public final class ModelEvaluation {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelEvaluation() {
    }

    /**
     * What validate-model gates on.
     *
     * @param runId          the MLflow evaluation run, null when not recorded (a dry run)
     * @param dataset        "holdout (path)"
     * @param metrics        the all-rows estimates per configured metric
     * @param passed         whether the slice and fairness rules passed
     * @param failures       the failed slice and fairness rules
     * @param reused         read back from a recorded run rather than computed now
     * @param report         evaluate-model's report of it, null when reused
     */
    public record Summary(String runId, String dataset, long datasetVersion, Integer baselineVersion, List<Double> levels,
                          Map<String, Estimates.Estimate> metrics, boolean passed, List<String> failures, boolean reused, StepResult report) {
        public Summary {
            levels = List.copyOf(levels);
            metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
            failures = List.copyOf(failures);
        }
    }

    /** The interval levels validate-model's rules ask for ({@code confidence}), so an evaluation recorded with them can be reused. */
    public static List<Double> ruleLevels(ModelConfig model) {
        if (model.validation() == null) return List.of();
        return model.validation().metrics().values().stream().map(MetricThreshold::confidence)
                .filter(java.util.Objects::nonNull).distinct().toList();
    }

    /** The evaluation set of a model, pinned: opened at its version, timestamp or latest. */
    private record EvaluationSet(EvaluationConfig config, String path, DeltaTable table) {
        String dataset() {
            return config.table() + " (" + path + ")";
        }
    }

    private static EvaluationSet evaluationSet(StepContext ctx, String key, EvaluationConfig config, Engine engine) {
        TableConfig table = ctx.config().table(config.table());
        String path = DeltaTable.resolve(ctx.projectDir(), table.path());
        DeltaTable opened = DeltaTable.open(engine, config.table(), path, config.version(),
                config.timestamp() == null ? null : DeltaTable.instant("models." + key + ".evaluation.timestamp", config.timestamp()));
        return new EvaluationSet(config, path, opened);
    }

    /** The evaluation's settings, of those that change its numbers. */
    static String settingsHash(EvaluationConfig c) {
        return EvaluationRecord.hash(String.join("|", c.table(), c.label(), String.valueOf(c.key()), String.valueOf(c.weight()), c.task().name(),
                String.join(",", c.metrics()), String.valueOf(c.threshold()), String.valueOf(c.classes()), String.valueOf(c.slices()),
                String.valueOf(c.minRows()), String.valueOf(new java.util.TreeMap<>(c.sliceMaxRegression())), String.valueOf(c.fairness()),
                String.valueOf(c.resamples()), String.valueOf(c.confidence()), String.valueOf(c.seed())));
    }

    static String modelUri(String registeredName, ModelVersion version) {
        return "models:/" + registeredName + "/" + version.version();
    }

    /**
     * The evaluation recorded on the candidate, reusable when it compared exactly this champion on
     * this version of the evaluation set, under the same settings, with every level asked for.
     */
    public static Optional<Summary> recorded(StepContext ctx, ModelRegistry registry, String key, ModelConfig model,
                                             ModelVersion candidate, ModelVersion champion, List<Double> levels) {
        EvaluationConfig config = model.evaluation();
        EvaluationSet set = evaluationSet(ctx, key, config, DefaultEngine.create(new Configuration()));
        Integer baselineVersion = champion == null ? null : champion.version();
        Optional<String> runId = EvaluationRecord.reusableRun(candidate, baselineVersion, set.dataset(), set.table().version(), settingsHash(config));
        if (runId.isEmpty()) return Optional.empty();
        RunRecord run;
        try {
            run = registry.run(runId.get());
        } catch (Fault e) {
            if (e.kind() == Fault.Kind.USAGE) return Optional.empty();
            throw e;
        }
        if (run.deleted()) return Optional.empty();
        List<Double> all = levels(config, levels);
        return EvaluationRecord.estimates(run, config.metrics(), all, champion != null).map(metrics -> {
            String failures = run.tags().getOrDefault(EvaluationRecord.FAILURES_TAG, "");
            return new Summary(run.runId(), set.dataset(), set.table().version(), baselineVersion, all, metrics,
                    "passed".equals(candidate.tags().get(EvaluationRecord.STATUS_TAG)),
                    failures.isBlank() ? List.of() : List.of(failures.split("\n")), true, null);
        });
    }

    static List<Double> levels(EvaluationConfig config, List<Double> more) {
        TreeSet<Double> levels = new TreeSet<>(more);
        levels.add(config.confidence());
        List<Double> ordered = new ArrayList<>(List.of(config.confidence()));
        levels.stream().filter(l -> !l.equals(config.confidence())).forEach(ordered::add);
        return ordered;
    }

    /**
     * Scores, computes and (with {@code record}) records one evaluation.
     *
     * @param champion null for a first model
     * @param levels   interval levels asked for besides the evaluation's own (validate-model's rules)
     * @throws CandidateCannotScore when the candidate cannot be loaded or score the evaluation set
     */
    public static Summary evaluate(StepContext ctx, ModelRegistry registry, TrackingRuns tracking, String key, ModelConfig model,
                                   ModelVersion candidate, ModelVersion champion, List<Double> levels, boolean record) {
        EvaluationConfig config = model.evaluation();
        String name = RegistryStep.registeredName(key, model);
        Engine engine = DefaultEngine.create(new Configuration());
        EvaluationSet set = evaluationSet(ctx, key, config, engine);
        ScoredTable.checkInput(set.table(), config);
        String candidateName = "the candidate (" + name + " v" + candidate.version() + ")";
        String championName = champion == null ? null : "the champion (" + name + " v" + champion.version() + ")";
        String candidateUri = modelUri(name, candidate);
        String championUri = champion == null ? null : modelUri(name, champion);
        String scoredPath = config.scoredTable() != null ? DeltaTable.resolve(ctx.projectDir(), config.scoredTable())
                : ctx.outputDir().resolve("scored").toAbsolutePath().normalize().toString();
        String metadata = metadata(candidateUri, championUri, set.path(), set.table().version());

        Duration scoring = ScoringJob.run(ctx, config, new ScoringJob.Request(set.path(), set.table().version(), scoredPath, candidateUri, championUri, metadata),
                candidateName, championName);
        long started = System.nanoTime();
        DeltaTable scored = DeltaTable.open(engine, "scored", scoredPath, null, null);
        checkMetadata(ctx, scored, candidateUri, championUri, set);
        int threads = Runtime.getRuntime().availableProcessors();
        // Only the evaluator holds the columns: it lets go of the scores once it has sorted the rows.
        AtomicReference<Columns> columns = new AtomicReference<>(ScoredTable.read(scored, config, candidateName, championName, threads));
        int rows = columns.get().rows();
        long read = System.nanoTime();
        List<Double> allLevels = levels(config, levels);
        List<String> computed = new ArrayList<>(config.metrics());
        config.fairness().forEach(f -> {
            if (!computed.contains(f.metric())) computed.add(f.metric());
        });
        List<String> sliceNames = ScoredTable.slices(config).stream().map(by -> String.join(" × ", by)).toList();
        MetricSet metrics = MetricSet.of(config.task(), computed, classes(columns.get()));
        Estimates estimates = Evaluator.evaluate(columns.getAndSet(null), metrics, sliceNames,
                config.threshold(), config.resamples(), config.seed(), allLevels, threads);
        long computedAt = System.nanoTime();
        ctx.console().line("evaluate-model: read " + rows + " scored rows in " + seconds(read - started) + ", computed the metrics and "
                + config.resamples() + " bootstrap resamples in " + seconds(computedAt - read) + " (" + threads + " cores)");

        boolean baseline = champion != null;
        List<GroupRules.SliceOutcome> slices = GroupRules.slices(estimates, config, baseline);
        List<GroupRules.FairnessOutcome> fairness = GroupRules.fairness(estimates, config, baseline);
        List<String> failures = new ArrayList<>();
        for (GroupRules.SliceOutcome slice : slices) {
            for (GroupRules.GroupOutcome group : slice.groups()) {
                group.failures().forEach(f -> failures.add("slice " + slice.slice().name() + " = " + group.group().name() + ": " + f));
            }
        }
        fairness.stream().filter(f -> !f.passed()).forEach(f -> failures.add("fairness: " + f.detail()));
        boolean passed = failures.isEmpty();
        EvaluationReport.Timings timings = new EvaluationReport.Timings(scoring, Duration.ofNanos(read - started), Duration.ofNanos(computedAt - read));
        EvaluationReport.Subject subject = new EvaluationReport.Subject(name, candidate.version(), baseline ? champion.version() : null,
                set.table().describe(), scored.describe());
        StepResult report = EvaluationReport.build(subject, config, estimates, slices, fairness, timings, passed);

        String runId = null;
        if (record) {
            runId = recordRun(ctx, tracking, config, subject, set, scored, estimates, candidateUri, championUri, rows, passed, failures, allLevels);
            EvaluationRecord.versionTags(runId, set.dataset(), set.table().version(), subject.baselineVersion(), settingsHash(config), passed)
                    .forEach((tag, value) -> registry.setVersionTag(name, candidate.version(), tag, value));
            AuditSinks.forRun(ctx).append(new AuditRecord(ctx.clock().instant().toString(), "evaluate", passed ? "passed" : "failed", name,
                    candidate.version(), null, baseline ? champion.version() : null, ctx.config().environment(), ctx.ci().actor(),
                    ctx.ci().branch(), ctx.ci().commit(), ctx.ci().runUrl(), registry.location(), report.headline()));
            ctx.console().line("recorded evaluation run " + runId + " on " + name + " v" + candidate.version());
            report = report.toBuilder().output("run-id", runId).build();
        }
        return new Summary(runId, set.dataset(), set.table().version(), subject.baselineVersion(), allLevels,
                filter(estimates.overall().metrics(), config.metrics()), passed, failures, false, report);
    }

    private static Map<String, Estimates.Estimate> filter(Map<String, Estimates.Estimate> all, List<String> names) {
        Map<String, Estimates.Estimate> out = new LinkedHashMap<>();
        names.forEach(n -> out.put(n, all.get(n)));
        return out;
    }

    /** The number of classes of a multiclass table: its labels' and predictions' indices. */
    private static int classes(Columns columns) {
        int max = 0;
        for (int[] array : new int[][] {columns.label(), columns.candidateClass(), columns.baselineClass()}) {
            if (array == null || columns.candidateClass() == null) continue;
            for (int v : array) max = Math.max(max, v);
        }
        return max + 1;
    }

    private static String seconds(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    static String metadata(String candidateUri, String championUri, String table, long version) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode node = root.putObject("modelgate_evaluation");
        node.put("candidate", candidateUri);
        node.put("baseline", championUri);
        node.put("table", table);
        node.put("table_version", version);
        return root.toString();
    }

    /**
     * The scored table's last commit names the models and the evaluation set it was made from; a
     * table from another evaluation is refused. A project's job that writes no metadata is trusted,
     * with a warning.
     */
    private static void checkMetadata(StepContext ctx, DeltaTable scored, String candidateUri, String championUri, EvaluationSet set) {
        Optional<String> text = scored.commitMetadata();
        JsonNode recorded = null;
        try {
            if (text.isPresent()) recorded = JSON.readTree(text.get()).path("modelgate_evaluation");
        } catch (IOException e) {
            recorded = null;
        }
        if (recorded == null || recorded.isMissingNode()) {
            ctx.console().line("warning: the scored table " + scored.describe() + " carries no modelgate_evaluation commit metadata: "
                    + "ModelGate cannot confirm which models scored it (pass MODELGATE_SCORED_METADATA as the commit's userMetadata)");
            return;
        }
        String expected = metadata(candidateUri, championUri, set.path(), set.table().version());
        try {
            if (!JSON.readTree(expected).path("modelgate_evaluation").equals(recorded)) {
                throw Fault.usage("the scored table " + scored.describe() + " was written for another evaluation: its commit says " + recorded
                        + ", this evaluation is " + JSON.readTree(expected).path("modelgate_evaluation"));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String recordRun(StepContext ctx, TrackingRuns tracking, EvaluationConfig config, EvaluationReport.Subject subject,
                                    EvaluationSet set, DeltaTable scored, Estimates estimates, String candidateUri, String championUri,
                                    long rows, boolean passed, List<String> failures, List<Double> levels) {
        long now = ctx.clock().millis();
        String experiment = tracking.experimentId(config.experiment());
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("modelgate.model", subject.model());
        tags.put("modelgate.candidate_version", String.valueOf(subject.candidateVersion()));
        tags.put("modelgate.baseline_version", subject.baselineVersion() == null ? "" : String.valueOf(subject.baselineVersion()));
        tags.put(EvaluationRecord.DATASET_TAG, set.dataset());
        tags.put(EvaluationRecord.DATASET_VERSION_TAG, String.valueOf(set.table().version()));
        tags.put(EvaluationRecord.STATUS_TAG, passed ? "passed" : "failed");
        tags.put(EvaluationRecord.FAILURES_TAG, truncate(String.join("\n", failures)));
        if (ctx.ci().commit() != null) tags.put("modelgate.commit", ctx.ci().commit());
        if (ctx.ci().runUrl() != null) tags.put("modelgate.run_url", ctx.ci().runUrl());
        String runName = "evaluate " + subject.model() + " v" + subject.candidateVersion()
                + (subject.baselineVersion() == null ? " (first model)" : " vs v" + subject.baselineVersion());
        String runId = tracking.createRun(experiment, runName, now, tags);
        try {
            Map<String, String> params = new LinkedHashMap<>();
            params.put("task", config.task().name().toLowerCase(java.util.Locale.ROOT));
            params.put("metrics", String.join(",", config.metrics()));
            params.put("resamples", String.valueOf(config.resamples()));
            params.put("seed", String.valueOf(config.seed()));
            params.put(EvaluationRecord.LEVELS_PARAM, String.join(",", levels.stream().map(String::valueOf).toList()));
            if (config.task() == EvaluationConfig.Task.BINARY) params.put("threshold", String.valueOf(config.threshold()));
            params.put("candidate_uri", candidateUri);
            if (championUri != null) params.put("baseline_uri", championUri);
            params.put("dataset_path", set.path());
            params.put("dataset_version", String.valueOf(set.table().version()));
            params.put("scored_table", scored.path());
            params.put("scored_table_version", String.valueOf(scored.version()));
            params.put("rows", String.valueOf(rows));
            Map<String, Double> metrics = new LinkedHashMap<>(EvaluationRecord.metrics("", estimates.overall(), levels, subject.baselineVersion() != null));
            for (Estimates.Slice slice : estimates.slices()) {
                for (Estimates.Group group : slice.groups()) {
                    metrics.putAll(EvaluationRecord.metrics("slice." + EvaluationRecord.keyPart(slice.name()) + "." + EvaluationRecord.keyPart(group.name()) + ".",
                            group, List.of(config.confidence()), subject.baselineVersion() != null));
                }
            }
            tracking.log(runId, metrics, params, Map.of(), now);
            tracking.logInput(runId, new TrackingRuns.DatasetInput(config.table(), EvaluationRecord.digest(set.path(), set.table().version()), "delta",
                    JSON.createObjectNode().put("path", set.path()).put("delta_table_version", set.table().version()).toString(),
                    null, JSON.createObjectNode().put("num_rows", rows).toString(), "evaluation"));
            tracking.endRun(runId, true, ctx.clock().millis());
            return runId;
        } catch (RuntimeException e) {
            try {
                tracking.endRun(runId, false, ctx.clock().millis());
            } catch (RuntimeException ignored) {
                // The first failure is the one to report.
            }
            throw e;
        }
    }

    /** MLflow keeps tag values up to 8,000 characters. */
    private static String truncate(String text) {
        return text.length() <= 7900 ? text : text.substring(0, 7900) + "\n…";
    }
}
