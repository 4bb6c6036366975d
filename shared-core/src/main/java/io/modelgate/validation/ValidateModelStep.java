package io.modelgate.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelgate.config.ConfigMapper;
import io.modelgate.config.ModelConfig;
import io.modelgate.config.ValidationConfig;
import io.modelgate.audit.AuditRecord;
import io.modelgate.audit.AuditSinks;
import io.modelgate.evaluation.CandidateCannotScore;
import io.modelgate.evaluation.ModelEvaluation;
import io.modelgate.mlflow.MlflowRestClient;
import io.modelgate.mlflow.ModelRegistry;
import io.modelgate.mlflow.ModelVersion;
import io.modelgate.mlflow.RegisteredModel;
import io.modelgate.registry.Contenders;
import io.modelgate.registry.PromotionLock;
import io.modelgate.registry.RegistryStep;
import io.modelgate.mlflow.RunRecord;
import io.modelgate.registry.Target;
import io.modelgate.registry.ValidationRecord;
import io.modelgate.registry.VersionSelector;
import io.modelgate.step.Step;
import io.modelgate.step.StepContext;
import io.modelgate.fault.Fault;
import io.modelgate.step.StepResult;
import io.modelgate.step.Verdict;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code validate-model} step: takes the candidate's and the champion's metrics from the model's
 * evaluation (both scored on the frozen evaluation set, the recorded evaluation reused) when it has
 * one, else from their MLflow runs, judges them under the model's rules (on an interval's bound where
 * a rule asks for confidence), checks the required evidence, records the
 * verdict on the candidate version (so promote-model's require_validation can trust it) and,
 * with --promote-on-pass, promotes a passing candidate under the environment's policy.
 */
public final class ValidateModelStep implements Step {

    private static final Duration PROMOTION_LOCK_WAIT = Duration.ofSeconds(60);

    @Override
    public StepResult run(StepContext ctx) {
        String key = ctx.params().string("model");
        ModelConfig config = ctx.config().model(key);
        ValidationConfig validation = config.validation();
        // Parameters are checked before any call to MLflow: bad input costs no round trip.
        Optional<VersionSelector> candidateSelector = VersionSelector.param(ctx, "candidate");
        Optional<VersionSelector> baselineSelector = VersionSelector.param(ctx, "baseline");
        Optional<Target> promoteTo = ctx.params().has("promote-on-pass")
                ? Optional.of(Target.parse(ctx.params().string("promote-on-pass"), config.registry(), key, ctx.spell("promote-on-pass"))) : Optional.empty();
        if (validation.mode() == ValidationConfig.Mode.DISABLED) {
            return StepResult.builder(ValidationReport.STEP, Verdict.SKIPPED, "validation of " + key + " is disabled in " + ctx.config().file().displayName())
                    .output("passed", "false").build();
        }
        if (validation.metrics().isEmpty() && validation.requiredTags().isEmpty() && validation.requiredArtifacts().isEmpty()
                && !validation.requireSignature() && !validation.requireInputExample()) {
            throw Fault.usage("models." + key + ".validation declares no metrics and no required evidence in "
                    + ctx.config().file().displayName() + ": there is nothing to validate");
        }
        String name = RegistryStep.registeredName(key, config);
        MlflowRestClient registry = MlflowRestClient.from(ctx.config(), ctx.env());
        RegisteredModel state = registry.model(name);
        Contenders contenders = Contenders.choose(registry, state, config.registry(), candidateSelector, baselineSelector,
                v -> ValidationRecord.of(v).isPresent(), "validation", ctx.spell("candidate"), "validated");
        ModelVersion candidate = contenders.candidate();
        Optional<ModelVersion> champion = contenders.champion();
        if (contenders.candidateIsChampion()) {
            return StepResult.builder(ValidationReport.STEP, Verdict.SKIPPED,
                            name + " v" + candidate.version() + " is the champion already: there is nothing to compare it with")
                    .output("candidate-version", String.valueOf(candidate.version()))
                    .output("baseline-version", String.valueOf(candidate.version())).output("passed", "false").build();
        }

        String candidateRunId = ctx.params().has("metrics-run") ? ctx.params().string("metrics-run") : candidate.runId();
        RunRecord candidateRun = registry.run(requireRun(candidateRunId, candidate, ctx));
        List<StepResult.Check> evidence = new ArrayList<>();
        Contender candidateSide = new Contender(String.valueOf(candidate.version()), candidateRun.runId(), link(registry, name, candidate), candidateRun.metrics());
        Contender championSide = null;
        if (champion.isPresent()) {
            RunRecord championRun = registry.run(requireRun(champion.get().runId(), champion.get(), ctx));
            Map<String, Double> baseline = championRun.metrics();
            if (championRun.deleted()) {
                // A deleted run's metrics are no baseline anyone can check: the change rules fail, saying why.
                baseline = Map.of();
                evidence.add(new StepResult.Check("champion run", Verdict.FAILED, "the champion's run " + championRun.runId()
                        + " is deleted: restore it, or pass " + ctx.spell("baseline") + " to compare with another version"));
            }
            championSide = new Contender(String.valueOf(champion.get().version()), championRun.runId(), link(registry, name, champion.get()), baseline);
        }
        if (candidateRun.deleted()) {
            evidence.add(new StepResult.Check("candidate run", Verdict.FAILED, "the candidate's run " + candidateRun.runId() + " is deleted"));
        }
        evidence.addAll(requiredEvidence(registry, validation, candidate, candidateRun));
        ModelEvaluation.Summary evaluation = null;
        if (config.evaluation() != null) {
            try {
                evaluation = evaluation(ctx, registry, key, config, candidate, champion.orElse(null));
                evidence.add(new StepResult.Check("evaluation slices and fairness", evaluation.passed() ? Verdict.PASSED : Verdict.FAILED,
                        evaluation.passed() ? "within the slice and fairness rules (evaluation run " + evaluation.runId() + ")"
                                : String.join("; ", evaluation.failures())));
            } catch (CandidateCannotScore e) {
                evidence.add(new StepResult.Check("the candidate scores the evaluation set", Verdict.FAILED, e.getMessage()));
            }
        }
        String loggedProblem = validation.requireSameDataset() && championSide != null ? SameDataset.problem(candidateRun, registry.run(championSide.runId())) : null;
        List<RuleCheck> rules = MetricComparison.compare(validation.metrics(), candidateSide.metrics(),
                championSide == null ? null : championSide.metrics(), evaluation == null ? Map.of() : evaluation.metrics(), loggedProblem);
        StepResult report = ValidationReport.build(key, candidateSide, championSide, rules, evidence, validation.mode(), evaluation);
        boolean passed = Boolean.parseBoolean(report.outputs().get("passed"));

        if (validation.mode() == ValidationConfig.Mode.DRY_RUN) {
            ctx.console().line("dry run: no validation record is written on " + name + " v" + candidate.version());
            return report;
        }
        ValidationRecord record = new ValidationRecord(passed ? ValidationRecord.PASSED : ValidationRecord.FAILED, ctx.ci().commit(),
                ctx.clock().instant().toString(), ValidationRecord.thresholdsHash(validation), championSide == null ? "" : championSide.version(), ctx.ci().runUrl());
        record.tags().forEach((tag, value) -> registry.setVersionTag(name, candidate.version(), tag, value));
        AuditSinks.forRun(ctx).append(new AuditRecord(ctx.clock().instant().toString(), "validate",
                record.status(), name, candidate.version(), null, champion.map(ModelVersion::version).orElse(null),
                ctx.config().environment(), ctx.ci().actor(), ctx.ci().branch(), ctx.ci().commit(), ctx.ci().runUrl(),
                registry.location(), report.headline()));
        ctx.console().line("recorded validation " + record.status() + " on " + name + " v" + candidate.version());

        StepResult finished = report;
        if (passed && promoteTo.isPresent()) {
            Target target = promoteTo.get();
            StepResult promotion = RegistryStep.transition(ctx, registry, key, PROMOTION_LOCK_WAIT)
                    .run("promote", registry.version(name, candidate.version()), target, PromotionLock.Read.of(registry, name, ctx.clock()), false);
            finished = withPromotion(report, promotion, target);
        }
        if (!validation.logReport()) {
            return finished;
        }
        String reportRun = candidate.runId() != null && !candidate.runId().isBlank() ? candidate.runId() : candidateRun.runId();
        return ReportArtifacts.log(ctx, registry, reportRun, candidateRun, finished);
    }

    /**
     * The evaluation to gate on: the one recorded on the candidate when it compared exactly this
     * champion on this version of the evaluation set under the same settings and levels, else a new
     * one (recorded unless this is a dry run).
     */
    private static ModelEvaluation.Summary evaluation(StepContext ctx, MlflowRestClient mlflow, String key, ModelConfig config,
                                                      ModelVersion candidate, ModelVersion champion) {
        List<Double> levels = ModelEvaluation.ruleLevels(config);
        Optional<ModelEvaluation.Summary> recorded = ModelEvaluation.recorded(ctx, mlflow, key, config, candidate, champion, levels);
        if (recorded.isPresent()) {
            ctx.console().line("reusing the evaluation recorded on v" + candidate.version() + ": run " + recorded.get().runId()
                    + " on " + recorded.get().dataset() + " version " + recorded.get().datasetVersion());
            return recorded.get();
        }
        return ModelEvaluation.evaluate(ctx, mlflow, mlflow, key, config, candidate, champion, levels,
                config.validation().mode() != ValidationConfig.Mode.DRY_RUN);
    }

    private static String requireRun(String runId, ModelVersion version, StepContext ctx) {
        if (runId == null || runId.isBlank()) {
            throw Fault.usage("model " + version.model() + " version " + version.version() + " has no run to read metrics from; pass " + ctx.spell("metrics-run") + " RUN_ID");
        }
        return runId;
    }

    private static List<StepResult.Check> requiredEvidence(ModelRegistry registry, ValidationConfig validation, ModelVersion candidate, RunRecord run) {
        List<StepResult.Check> checks = new ArrayList<>();
        for (String tag : validation.requiredTags()) {
            boolean present = candidate.tags().containsKey(tag) || run.tags().containsKey(tag);
            checks.add(new StepResult.Check("tag " + tag, present ? Verdict.PASSED : Verdict.FAILED,
                    present ? "set on the " + (candidate.tags().containsKey(tag) ? "version" : "run") : "neither the version nor its run has tag " + tag));
        }
        if (validation.requireSignature() || validation.requireInputExample()) {
            Optional<JsonNode> description = registry.modelFile(candidate, "MLmodel").map(ValidateModelStep::yaml);
            if (validation.requireSignature()) {
                checks.add(present(description, "signature", "model signature", candidate));
            }
            if (validation.requireInputExample()) {
                checks.add(present(description, "saved_input_example_info", "input example", candidate));
            }
        }
        for (String artifact : validation.requiredArtifacts()) {
            boolean present = registry.hasArtifact(run.runId(), artifact);
            checks.add(new StepResult.Check("artifact " + artifact, present ? Verdict.PASSED : Verdict.FAILED,
                    present ? "logged by run " + run.runId() : "run " + run.runId() + " logged no artifact " + artifact));
        }
        return checks;
    }

    private static StepResult.Check present(Optional<JsonNode> description, String key, String what, ModelVersion candidate) {
        if (description.isEmpty()) {
            return new StepResult.Check(what, Verdict.FAILED, "no MLmodel file found for " + candidate.source());
        }
        boolean present = !description.get().path(key).isMissingNode() && !description.get().path(key).isNull();
        return new StepResult.Check(what, present ? Verdict.PASSED : Verdict.FAILED,
                present ? "logged with the model" : "the logged model (" + candidate.source() + ") has no " + what);
    }

    private static JsonNode yaml(String text) {
        try {
            return ConfigMapper.get().readTree(text);
        } catch (java.io.IOException e) {
            return ConfigMapper.get().createObjectNode();
        }
    }

    private static String link(ModelRegistry registry, String model, ModelVersion version) {
        return registry.location() + "/#/models/" + java.net.URLEncoder.encode(model, StandardCharsets.UTF_8).replace("+", "%20")
                + "/versions/" + version.version();
    }

    /** The validation report followed by the promotion's: a refused promotion fails the step. */
    private static StepResult withPromotion(StepResult report, StepResult promotion, Target target) {
        StepResult.Builder merged = StepResult.builder(ValidationReport.STEP, promotion.verdict(),
                        report.headline() + "; " + (promotion.verdict() == Verdict.PASSED ? "" : "promotion to " + target.name() + " ")
                                + promotion.headline())
                .errorKind(promotion.errorKind())
                .checks(report.checks())
                .checks(promotion.checks())
                .log(promotion.log());
        report.tables().forEach(merged::table);
        promotion.tables().forEach(merged::table);
        report.annotations().forEach(merged::annotation);
        promotion.annotations().forEach(merged::annotation);
        report.charts().forEach(merged::chart);
        report.outputs().forEach(merged::output);
        merged.output("promoted", promotion.verdict() == Verdict.PASSED ? target.name() : "");
        return merged.build();
    }
}
