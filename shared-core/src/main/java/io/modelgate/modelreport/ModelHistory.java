package io.modelgate.modelreport;

import io.modelgate.config.MetricThreshold;
import io.modelgate.config.ModelConfig;
import io.modelgate.mlflow.ModelRegistry;
import io.modelgate.mlflow.ModelVersion;
import io.modelgate.mlflow.RegisteredModel;
import io.modelgate.mlflow.RunRecord;
import io.modelgate.registry.PromotionEvidence;
import io.modelgate.registry.Target;
import io.modelgate.registry.Transition;
import io.modelgate.registry.ValidationRecord;
import io.modelgate.fault.Fault;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every version of a registered model as the registry knows it, for {@code modelgate report}:
 * status, creation time, aliases and stage, its run's metrics, its validation record and
 * promotion evidence, plus the metrics the model's gate judges, with their rules.
 *
 * @param model        the registered name
 * @param registry     aliases or stages, as modelgate.yaml declares
 * @param location     the MLflow server read
 * @param champion     the version holding the champion alias (or Production stage), if any
 * @param previous     the version that held it before (previous-champion alias, else the model tag), if any
 * @param gatedMetrics the validation rules per metric, in declaration order
 * @param versions     oldest first
 * @param evaluation   the newest version's recorded evaluation (evaluate-model), if any
 */
public record ModelHistory(String model, ModelConfig.Registry registry, String location, Integer champion, Integer previous,
                           Map<String, MetricThreshold> gatedMetrics, List<Version> versions, Optional<Evaluation> evaluation) {

    public ModelHistory {
        gatedMetrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(gatedMetrics));
        versions = List.copyOf(versions);
    }

    public ModelHistory(String model, ModelConfig.Registry registry, String location, Integer champion, Integer previous,
                        Map<String, MetricThreshold> gatedMetrics, List<Version> versions) {
        this(model, registry, location, champion, previous, gatedMetrics, versions, Optional.empty());
    }

    /**
     * The newest evaluation recorded on a version: which versions it compared, its MLflow run, and
     * per slice the change of the evaluation's first metric with its interval, worst first.
     */
    public record Evaluation(int candidate, String baseline, String runId, List<io.modelgate.step.StepResult.Chart> charts) {
        public Evaluation {
            charts = List.copyOf(charts);
        }
    }

    /**
     * One version.
     *
     * @param runProblem why its run's metrics are not shown (no run, run deleted or gone), or null
     * @param metrics    its run's metrics; empty when there is a run problem
     * @param validation the modelgate.validation.* tags, if validate-model recorded a verdict
     * @param promotion  the modelgate.promotion.* tags of its last promotion (short key to value)
     */
    public record Version(int version, String status, Instant created, String stage, List<String> aliases, String runId,
                          String runProblem, Map<String, Double> metrics, Optional<ValidationRecord> validation,
                          Map<String, String> promotion) {
        public Version {
            aliases = List.copyOf(aliases);
            metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
            promotion = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(promotion));
        }

        /** The metric's value when it is a finite number. */
        public Optional<Double> value(String metric) {
            Double value = metrics.get(metric);
            return value == null || !Double.isFinite(value) ? Optional.empty() : Optional.of(value);
        }

        /** passed, failed, or "-" when never validated. */
        public String verdict() {
            return validation.map(ValidationRecord::status).orElse("-");
        }
    }

    /** Reads the model's history: one registered-models/get, the version pages, then one runs/get per distinct run. */
    public static ModelHistory read(ModelRegistry registry, String name, ModelConfig config) {
        RegisteredModel state = registry.model(name);
        Target champion = Target.champion(config.registry());
        Integer championVersion = champion.holder(state).orElse(null);
        Integer previousVersion = (champion.isAlias() ? state.aliasVersion(champion.previousAlias()) : Optional.<Integer>empty())
                .or(() -> state.tag(Transition.previousTag(champion)).filter(v -> v.strip().matches("[0-9]{1,9}"))
                        .map(v -> Integer.parseInt(v.strip())))
                .orElse(null);
        Map<Integer, List<String>> aliases = new LinkedHashMap<>();
        state.aliases().forEach((alias, version) -> aliases.computeIfAbsent(version, v -> new ArrayList<>()).add(alias));
        Map<String, RunOrProblem> runs = new LinkedHashMap<>();
        List<Version> versions = new ArrayList<>();
        List<ModelVersion> all = registry.allVersions(name);
        for (ModelVersion v : all) {
            RunOrProblem run = v.runId() == null || v.runId().isBlank() ? new RunOrProblem(null, "no run")
                    : runs.computeIfAbsent(v.runId(), id -> readRun(registry, id));
            Map<String, String> promotion = PromotionEvidence.of(v.tags()).map(PromotionEvidence::shown).orElse(Map.of());
            List<String> versionAliases = new ArrayList<>(aliases.getOrDefault(v.version(), List.of()));
            versionAliases.sort(null);
            versions.add(new Version(v.version(), v.status(), v.created(), v.stage(), versionAliases, v.runId(), run.problem(),
                    run.problem() != null ? Map.of() : run.run().metrics(), ValidationRecord.of(v), promotion));
        }
        return new ModelHistory(state.name(), config.registry(), registry.location(), championVersion, previousVersion,
                config.validation().metrics(), versions, evaluation(registry, config, all));
    }

    /** The newest version's evaluation run, read for its slice charts; none when no version was evaluated or its run is gone. */
    private static Optional<Evaluation> evaluation(ModelRegistry registry, ModelConfig config, List<ModelVersion> versions) {
        if (config.evaluation() == null) return Optional.empty();
        for (int i = versions.size() - 1; i >= 0; i--) {
            ModelVersion v = versions.get(i);
            String runId = v.tags().get(io.modelgate.evaluation.EvaluationRecord.RUN_TAG);
            if (runId == null || runId.isBlank()) continue;
            RunOrProblem run = readRun(registry, runId);
            if (run.problem() != null) return Optional.empty();
            return Optional.of(new Evaluation(v.version(), v.tags().getOrDefault(io.modelgate.evaluation.EvaluationRecord.BASELINE_TAG, ""), runId,
                    io.modelgate.evaluation.EvaluationRecord.charts(run.run(), config.evaluation().metrics().get(0), config.evaluation().confidence())));
        }
        return Optional.empty();
    }

    private record RunOrProblem(RunRecord run, String problem) {
    }

    /**
     * A run that is gone is shown as such; a deleted run's metrics are not shown, as validate-model
     * does not take them as a baseline. An unreachable server still fails the whole report.
     */
    private static RunOrProblem readRun(ModelRegistry registry, String runId) {
        try {
            RunRecord run = registry.run(runId);
            return new RunOrProblem(run, run.deleted() ? "run deleted" : null);
        } catch (Fault e) {
            if (e.kind() == Fault.Kind.USAGE) return new RunOrProblem(null, "run not found");
            throw e;
        }
    }

    /** What the version is to the model: champion, previous champion, other aliases, stage. */
    public String role(Version version) {
        List<String> roles = new ArrayList<>();
        if (champion != null && champion == version.version()) roles.add("champion");
        if (previous != null && previous == version.version()) roles.add("previous champion");
        for (String alias : version.aliases()) {
            if (!alias.equals("champion") && !alias.equals("previous-champion")) roles.add("@" + alias);
        }
        if (!"None".equals(version.stage())) roles.add(version.stage());
        return String.join(", ", roles);
    }

    public Optional<Version> version(Integer number) {
        return number == null ? Optional.empty() : versions.stream().filter(v -> v.version() == number).findFirst();
    }
}
