package io.modelgate.evaluation;

import io.modelgate.config.ModelConfig;
import io.modelgate.fault.Fault;
import io.modelgate.mlflow.MlflowRestClient;
import io.modelgate.mlflow.ModelVersion;
import io.modelgate.mlflow.RegisteredModel;
import io.modelgate.registry.Contenders;
import io.modelgate.registry.RegistryStep;
import io.modelgate.registry.ValidationRecord;
import io.modelgate.registry.VersionSelector;
import io.modelgate.step.Step;
import io.modelgate.step.StepContext;
import io.modelgate.step.StepResult;
import io.modelgate.step.Verdict;

import java.util.List;
import java.util.Optional;

/**
 * The {@code evaluate-model} step: the candidate and the champion scored by one job on the model's
 * frozen evaluation set, their metrics and the paired bootstrap intervals of the differences, per
 * slice too, the slice and fairness rules, recorded as an MLflow evaluation run linked from the
 * candidate version. It fails (exit 1) when a slice or fairness rule fails or the candidate cannot
 * score; the metric rules themselves are validate-model's, which gates on this evaluation.
 */
public final class EvaluateModelStep implements Step {

    @Override
    public StepResult run(StepContext ctx) {
        String key = ctx.params().string("model");
        ModelConfig config = ctx.config().model(key);
        if (config.evaluation() == null) {
            throw Fault.usage("models." + key + " declares no evaluation in " + ctx.config().file().displayName()
                    + ": add models." + key + ".evaluation (table, label, metrics)");
        }
        Optional<VersionSelector> candidateSelector = VersionSelector.param(ctx, "candidate");
        Optional<VersionSelector> baselineSelector = VersionSelector.param(ctx, "baseline");
        String name = RegistryStep.registeredName(key, config);
        MlflowRestClient mlflow = MlflowRestClient.from(ctx.config(), ctx.env());
        RegisteredModel state = mlflow.model(name);
        // The same candidate validate-model would judge (the newest without a validation record), against the same champion.
        Contenders contenders = Contenders.choose(mlflow, state, config.registry(), candidateSelector, baselineSelector,
                v -> ValidationRecord.of(v).isPresent(), "validation", ctx.spell("candidate"), "evaluated");
        ModelVersion candidate = contenders.candidate();
        ModelVersion champion = contenders.champion().orElse(null);
        if (contenders.candidateIsChampion()) {
            return StepResult.builder(EvaluationReport.STEP, Verdict.SKIPPED,
                            name + " v" + candidate.version() + " is the champion already: there is nothing to compare it with")
                    .output("candidate-version", String.valueOf(candidate.version())).output("baseline-version", String.valueOf(candidate.version()))
                    .output("passed", "false").build();
        }
        try {
            return ModelEvaluation.evaluate(ctx, mlflow, mlflow, key, config, candidate, champion, ModelEvaluation.ruleLevels(config), true).report();
        } catch (CandidateCannotScore e) {
            return cannotScore(e, candidate, champion);
        }
    }

    /** The candidate could not score: a failed gate, and nothing recorded. */
    static StepResult cannotScore(CandidateCannotScore e, ModelVersion candidate, ModelVersion champion) {
        return StepResult.builder(EvaluationReport.STEP, Verdict.FAILED, e.getMessage())
                .check("the candidate scores the evaluation set", Verdict.FAILED, e.getMessage())
                .output("candidate-version", String.valueOf(candidate.version()))
                .output("baseline-version", champion == null ? "" : String.valueOf(champion.version()))
                .output("passed", "false")
                .build();
    }
}
