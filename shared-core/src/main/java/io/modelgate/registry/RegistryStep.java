package io.modelgate.registry;

import io.modelgate.audit.AuditSinks;
import io.modelgate.mlflow.MlflowRestClient;
import io.modelgate.mlflow.ModelRegistry;
import io.modelgate.mlflow.ModelVersion;
import io.modelgate.mlflow.RegisteredModel;

import io.modelgate.config.ModelConfig;
import io.modelgate.step.Step;
import io.modelgate.step.StepContext;
import io.modelgate.step.StepResult;

import io.modelgate.fault.Fault;

import java.util.Optional;
import java.util.function.Function;

/**
 * promote-model and rollback-model: both resolve a version and a target, then run one
 * {@link Transition}. The registry comes from a factory so other steps (validate-model) and
 * tests can reuse the same client and selectors.
 */
public final class RegistryStep implements Step {

    private final boolean rollback;
    private final Function<StepContext, ModelRegistry> registries;

    /** With the registry a run talks to; tests give an in-memory one (PromotionDecisionsTest). */
    RegistryStep(boolean rollback, Function<StepContext, ModelRegistry> registries) {
        this.rollback = rollback;
        this.registries = registries;
    }

    public static RegistryStep promote() {
        return new RegistryStep(false, ctx -> MlflowRestClient.from(ctx.config(), ctx.env()));
    }

    public static RegistryStep rollback() {
        return new RegistryStep(true, ctx -> MlflowRestClient.from(ctx.config(), ctx.env()));
    }

    @Override
    public StepResult run(StepContext ctx) {
        String key = ctx.params().string("model");
        ModelConfig config = ctx.config().model(key);
        String name = registeredName(key, config);
        Target target = rollback ? Target.champion(config.registry()) : Target.parse(ctx.params().string("to"), config.registry(), name, ctx.spell("to"));
        String selectorParam = rollback ? "to" : "version";
        String selectorText = ctx.params().string(selectorParam);
        VersionSelector selector = selectorText == null ? null : VersionSelector.parse(selectorText, ctx.spell(selectorParam));

        ModelRegistry registry = registries.apply(ctx);
        // The version first where it can be found without the model, so that the model read the lock starts from is
        // the one right before the lease write: the read-to-write window it must keep under PromotionLock.MAX_WINDOW
        // is then two calls, not three.
        Optional<ModelVersion> known;
        try {
            known = selector != null ? (selector.needsModel() ? Optional.empty() : Optional.of(selector.resolve(registry, name)))
                    : target.isAlias() ? registry.versionByAlias(name, target.previousAlias()) : Optional.empty();
        } catch (Fault e) {
            if (e.kind() == Fault.Kind.USAGE) registry.model(name); // an unknown model is named as such, not as a missing version
            throw e;
        }
        PromotionLock.Read first = PromotionLock.Read.of(registry, name, ctx.clock());
        ModelVersion version = known.orElseGet(() -> selector != null ? selector.resolve(registry, first.state())
                : previousHolder(registry, first.state(), target, ctx.spell("to")));

        return transition(ctx, registry, key, ctx.params().duration("lock-timeout"))
                .run(rollback ? "rollback" : "promote", version, target, first, ctx.params().flag("dry-run"));
    }

    /** A transition of the model under the policy of the run's environment (validate-model's --promote-on-pass uses it too). */
    public static Transition transition(StepContext ctx, ModelRegistry registry, String modelKey, java.time.Duration lockWait) {
        ModelConfig config = ctx.config().model(modelKey);
        PromotionPolicy policy = PromotionPolicy.of(modelKey, ctx.config().environment() == null ? Optional.empty()
                : Optional.ofNullable(config.promotion().get(ctx.config().environment())), ctx.config());
        return new Transition(ctx, registry, AuditSinks.forRun(ctx), policy, new RunApprovals(ctx, registry), lockWait);
    }

    /** The registered name of a model key: registered_name when set, else the key. */
    public static String registeredName(String key, ModelConfig config) {
        return config.registeredName() != null ? config.registeredName() : key;
    }

    /** The version a stage held before its last transition (and an alias, when moved by an earlier release): the model tag. */
    private static ModelVersion previousHolder(ModelRegistry registry, RegisteredModel state, Target target, String toOption) {
        String tag = Transition.previousTag(target);
        return state.tag(tag).filter(v -> v.strip().matches("[0-9]{1,9}"))
                .map(v -> registry.version(state.name(), Integer.parseInt(v.strip())))
                .orElseThrow(() -> Fault.usage("model " + state.name() + " has no previous " + target.name()
                        + " recorded (" + (target.isAlias() ? "alias " + target.previousAlias() + " or " : "") + "model tag " + tag
                        + "); pass " + toOption + " VERSION to choose the version to restore"));
    }
}
