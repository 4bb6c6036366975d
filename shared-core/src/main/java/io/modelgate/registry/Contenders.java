package io.modelgate.registry;

import io.modelgate.config.ModelConfig;
import io.modelgate.fault.Fault;
import io.modelgate.mlflow.ModelRegistry;
import io.modelgate.mlflow.ModelVersion;
import io.modelgate.mlflow.RegisteredModel;

import java.util.Optional;
import java.util.function.Predicate;

/**
 * The version a judging step (validate-model, evaluate-model, check-model) looks at and the champion it is held
 * against, chosen the same way by all three.
 *
 * @param champion empty for a first model
 */
public record Contenders(ModelVersion candidate, Optional<ModelVersion> champion) {

    /** How many of the newest versions the default candidate is looked for in. */
    private static final int CANDIDATE_WINDOW = 50;

    /**
     * The candidate: the selector's version, else the newest READY version without the step's
     * record; a usage error when it is not READY. The champion: the baseline selector's version,
     * else the holder of the champion alias (or Production stage), when there is one.
     *
     * @param recorded        whether a version already carries the step's record
     * @param record          the record's name for messages, e.g. {@code validation}
     * @param candidateOption the candidate parameter as the user's front end spells it
     * @param judged          what the step does to a version, for messages, e.g. {@code validated}
     */
    public static Contenders choose(ModelRegistry registry, RegisteredModel model, ModelConfig.Registry style, Optional<VersionSelector> candidate,
                                    Optional<VersionSelector> baseline, Predicate<ModelVersion> recorded, String record, String candidateOption,
                                    String judged) {
        ModelVersion chosen = candidate.isPresent() ? candidate.get().resolve(registry, model)
                : newestWithout(registry, model, recorded, record, candidateOption);
        if (!chosen.isReady()) {
            throw Fault.usage("model " + model.name() + " version " + chosen.version() + " is " + chosen.status() + ", not READY: it cannot be " + judged);
        }
        Optional<ModelVersion> champion = baseline.isPresent() ? Optional.of(baseline.get().resolve(registry, model))
                : Target.champion(style).holder(model).map(v -> registry.version(model.name(), v));
        return new Contenders(chosen, champion);
    }

    private static ModelVersion newestWithout(ModelRegistry registry, RegisteredModel model, Predicate<ModelVersion> recorded, String record,
                                              String candidateOption) {
        return registry.newestVersions(model.name(), null, CANDIDATE_WINDOW).stream()
                .filter(ModelVersion::isReady)
                .filter(recorded.negate())
                .findFirst()
                .orElseThrow(() -> Fault.usage("model " + model.name() + " has no READY version without a " + record + " record among its newest "
                        + CANDIDATE_WINDOW + "; pass " + candidateOption + " VERSION"));
    }

    /** Whether the candidate is the champion itself: there is nothing to hold it against. */
    public boolean candidateIsChampion() {
        return champion.isPresent() && champion.get().version() == candidate.version();
    }
}
