package io.modelgate.registry;

import io.delta.kernel.defaults.engine.DefaultEngine;
import io.modelgate.audit.AuditChain;
import io.modelgate.audit.AuditRecord;
import io.modelgate.audit.DeltaAuditTable;
import io.modelgate.config.AuditConfig;
import io.modelgate.config.ModelConfig;
import io.modelgate.config.PromotionRule;
import io.modelgate.fault.Fault;
import io.modelgate.mlflow.MlflowRestClient;
import io.modelgate.mlflow.ModelRegistry;
import io.modelgate.mlflow.ModelVersion;
import io.modelgate.mlflow.RegisteredModel;
import io.modelgate.step.Step;
import io.modelgate.step.StepContext;
import io.modelgate.step.StepResult;
import io.modelgate.step.Verdict;
import org.apache.hadoop.conf.Configuration;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * verify-registry: whether the registry still holds what ModelGate put there. For each governed
 * model of the environment (a promotion rule for it) and each target the rule governs, the holder
 * must be the version of the last audited move (the Delta audit table), and carry the evidence the
 * rule requires (a passing validation under the thresholds the policy has now, a passing
 * check-model, a recorded approval). With {@code --restore} a target moved outside ModelGate goes
 * back to the last audited holder through promote-model's path (policy, lock, audit).
 *
 * <p>REST calls grow with models, not versions: per model one read of the model (aliases, stages),
 * then one read per governed target's holder; the audit table is read once.
 */
public final class VerifyRegistryStep implements Step {

    /** The audit actions that move a target. */
    private static final List<String> MOVES = List.of("promote", "rollback", "restore");

    private final Function<StepContext, ModelRegistry> registries;

    public VerifyRegistryStep() {
        this(ctx -> MlflowRestClient.from(ctx.config(), ctx.env()));
    }

    VerifyRegistryStep(Function<StepContext, ModelRegistry> registries) {
        this.registries = registries;
    }

    /** One way a governed target differs from what was audited or required. */
    record Violation(String model, String modelKey, Target target, Integer holder, String what, String since, String registeredBy,
                     Optional<AuditRecord> lastMove) {
    }

    @Override
    public StepResult run(StepContext ctx) {
        String environment = ctx.config().environment();
        if (environment == null) {
            throw Fault.usage("verify-registry checks one environment's registry: name it with " + ctx.spell("environment"));
        }
        Map<String, AuditRecord> lastMoves = lastMoves(ctx, environment);
        String only = ctx.params().string("model");
        List<String> models = new ArrayList<>();
        ctx.config().config().models().forEach((key, model) -> {
            // By key or by registered name: a webhook route passes the registry's {model}.
            if (model.promotion().containsKey(environment) && (only == null || only.equals(key) || only.equals(model.registeredName()))) {
                models.add(key);
            }
        });
        if (only != null && models.isEmpty()) {
            ctx.config().model(only); // an unknown model is named as such
            throw Fault.usage("model " + only + " has no promotion rule for environment " + environment + ": nothing governs it there");
        }
        models.sort(Comparator.naturalOrder());

        ModelRegistry registry = registries.apply(ctx);
        RunApprovals people = new RunApprovals(ctx, registry);
        List<Holders> read = readAll(models, key -> holders(ctx, registry, environment, key));
        List<Violation> violations = new ArrayList<>();
        int targets = 0;
        for (Holders model : read) {
            String key = model.key();
            ModelConfig config = ctx.config().model(key);
            PromotionRule rule = config.promotion().get(environment);
            String name = model.name();
            Map<String, String> authors = new HashMap<>();
            for (Target target : model.targets()) {
                targets++;
                Optional<AuditRecord> last = Optional.ofNullable(lastMoves.get(moveKey(name, target.name())));
                Optional<Integer> holder = target.holder(model.state());
                String since = last.map(r -> "after " + r.time()).orElse("-");
                if (holder.isEmpty()) {
                    last.ifPresent(r -> violations.add(new Violation(name, key, target, null, target + " is not held, but the last audited move ("
                            + r.time() + ", " + nonNull(r.actor()) + ") put version " + r.version() + " there", since, "-", last)));
                    continue;
                }
                ModelVersion version = model.versions().get(holder.get());
                List<String> problems = new ArrayList<>();
                if (last.isEmpty()) {
                    problems.add("no audited move to " + target.name() + " (moved outside ModelGate)");
                } else if (!holder.get().equals(last.get().version())) {
                    problems.add("moved outside ModelGate: the last audited move (" + last.get().time() + ", " + nonNull(last.get().actor())
                            + ") put version " + last.get().version() + " there");
                }
                problems.addAll(missingEvidence(rule, config, version, last));
                for (String problem : problems) {
                    String by = authors.computeIfAbsent(version.version() + "", v -> registeredBy(people, version));
                    violations.add(new Violation(name, key, target, holder.get(), problem, since, by, last));
                }
            }
        }
        Map<String, Restore> restored = ctx.params().flag("restore") ? restore(ctx, registry, violations) : Map.of();
        return result(ctx, registry, environment, models.size(), targets, violations, restored);
    }

    /** One governed model as the registry holds it: its state and each governed target's holder version. */
    private record Holders(String key, String name, RegisteredModel state, List<Target> targets, Map<Integer, ModelVersion> versions) {
    }

    private static Holders holders(StepContext ctx, ModelRegistry registry, String environment, String key) {
        ModelConfig config = ctx.config().model(key);
        String name = RegistryStep.registeredName(key, config);
        RegisteredModel state = registry.model(name);
        List<Target> targets = governed(config.promotion().get(environment), config, name);
        Map<Integer, ModelVersion> versions = new HashMap<>();
        for (Target target : targets) {
            target.holder(state).ifPresent(v -> versions.computeIfAbsent(v, n -> registry.version(name, n)));
        }
        return new Holders(key, name, state, targets, versions);
    }

    /**
     * Reads every model on a few threads, results in the models' order: each read is two or three
     * round trips that wait on the server, so fifty models read one after another spend most of the
     * step's time waiting. A fault (the first in model order) is rethrown as it was raised.
     */
    private static <T> List<T> readAll(List<String> models, Function<String, T> read) {
        if (models.size() < 2) return models.stream().map(read).toList();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(READERS, models.size()), r -> {
            Thread thread = new Thread(r, "verify-registry-read");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<T>> futures = models.stream().map(m -> pool.submit(() -> read.apply(m))).toList();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                try {
                    results.add(future.get());
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException runtime) throw runtime;
                    throw new IllegalStateException(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw Fault.infrastructure("verify-registry was interrupted while reading the registry", e);
                }
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Concurrent registry reads: enough to hide the round trips, few enough not to crowd a small tracking server. */
    private static final int READERS = 8;

    /** The targets a rule governs: those it lists, else the champion alias or the Production stage. */
    private static List<Target> governed(PromotionRule rule, ModelConfig config, String name) {
        if (rule.targets().isEmpty()) return List.of(Target.champion(config.registry()));
        return rule.targets().stream().map(t -> Target.parse(t, config.registry(), name, "targets")).toList();
    }

    /** Who registered the holder, per MLflow; only a column of the report, so a run that cannot be read leaves it blank. */
    private static String registeredBy(RunApprovals people, ModelVersion version) {
        try {
            return people.modelAuthor(version).orElse("-");
        } catch (Fault e) {
            return "-";
        }
    }

    /** What the rule requires of a holder that the version does not carry. */
    private static List<String> missingEvidence(PromotionRule rule, ModelConfig config, ModelVersion version, Optional<AuditRecord> last) {
        List<String> missing = new ArrayList<>();
        if (rule.requireValidation()) {
            Optional<ValidationRecord> validation = ValidationRecord.of(version);
            String now = ValidationRecord.thresholdsHash(config.validation());
            if (validation.isEmpty()) {
                missing.add("no validation record");
            } else if (!validation.get().passed()) {
                missing.add("validation " + validation.get().status());
            } else if (!now.equals(validation.get().thresholdsHash())) {
                missing.add("validated under thresholds " + nonNull(validation.get().thresholdsHash()) + ", the policy's are now " + now);
            }
        }
        if (rule.requireCheckModel() && !CheckModelRecord.PASSED.equals(version.tags().get(CheckModelRecord.STATUS_TAG))) {
            missing.add("no passing check-model record");
        }
        // The approval of this environment's move, as audited: the version's approval tags are per version, not per environment.
        if (rule.requireApproval() != null && last.isPresent() && version.version() == last.get().version()
                && (last.get().approver() == null || last.get().approver().isBlank())) {
            missing.add("no recorded approval of the move to this environment (the audit record names no approver)");
        }
        return missing;
    }

    /** What --restore did to one violated target; a done restore resolves the target's violations. */
    private record Restore(boolean done, String what) {
    }

    /** Each target moved outside ModelGate goes back to its last audited holder, through promote-model's path. */
    private static Map<String, Restore> restore(StepContext ctx, ModelRegistry registry, List<Violation> violations) {
        Map<String, Restore> restored = new java.util.LinkedHashMap<>();
        for (Violation v : violations) {
            String key = moveKey(v.model(), v.target().name());
            if (restored.containsKey(key)) continue;
            String where = v.model() + " " + v.target().name() + ": ";
            if (v.lastMove().isEmpty() || v.lastMove().get().version().equals(v.holder())) {
                restored.put(key, new Restore(false, where + "not restored (" + (v.lastMove().isEmpty()
                        ? "no audited holder to go back to" : "the holder is the last audited one; only its evidence is missing") + ")"));
                continue;
            }
            int back = v.lastMove().get().version();
            PromotionLock.Read first = PromotionLock.Read.of(registry, v.model(), ctx.clock());
            // Only the holder found in violation is undone: a promotion that landed since the check is left for the next one.
            if (!java.util.Objects.equals(v.target().holder(first.state()).orElse(null), v.holder())) {
                restored.put(key, new Restore(false, where + "not restored (moved again since the check: run verify-registry again)"));
                continue;
            }
            StepResult moved = RegistryStep.transition(ctx, registry, v.modelKey(), ctx.params().duration("lock-timeout"))
                    .run("restore", registry.version(v.model(), back), v.target(), first, false);
            restored.put(key, new Restore(moved.verdict() == Verdict.PASSED, where + moved.headline()));
        }
        return restored;
    }

    /**
     * The last audited move of each model and target in the environment, what the registry should
     * hold: last in each chain's append order (its links), not by the runners' clocks.
     */
    private static Map<String, AuditRecord> lastMoves(StepContext ctx, String environment) {
        AuditConfig audit = ctx.config().config().audit();
        if (audit == null || audit.deltaTable() == null) {
            throw Fault.usage("verify-registry compares the registry with the audit trail: set audit.delta_table in "
                    + ctx.config().file().displayName());
        }
        DeltaAuditTable table = new DeltaAuditTable(DefaultEngine.create(new Configuration()), audit.deltaTableLocation(ctx.projectDir()));
        Map<String, AuditRecord> last = new HashMap<>();
        if (!table.exists()) return last; // nothing audited yet: every held target is unaccounted for
        Map<String, List<AuditRecord>> chains = new HashMap<>();
        for (AuditRecord record : table.recent(Integer.MAX_VALUE, r -> environment.equals(r.environment()))) {
            chains.computeIfAbsent(record.model(), m -> new ArrayList<>()).add(record);
        }
        for (List<AuditRecord> chain : chains.values()) {
            for (AuditRecord record : AuditChain.appendOrder(chain)) {
                if ("promoted".equals(record.outcome()) && MOVES.contains(record.action()) && record.version() != null) {
                    last.put(moveKey(record.model(), record.target()), record);
                }
            }
        }
        return last;
    }

    private static String moveKey(String model, String target) {
        return model + "\u0000" + target;
    }

    private static String nonNull(String value) {
        return value == null ? "-" : value;
    }

    private static StepResult result(StepContext ctx, ModelRegistry registry, String environment, int models, int targets,
                                     List<Violation> violations, Map<String, Restore> restored) {
        String scope = models + " governed model" + (models == 1 ? "" : "s") + " (" + targets + " target" + (targets == 1 ? "" : "s")
                + ") in " + environment;
        // A violation is resolved when --restore put its target back; any other fails the step.
        long unresolved = violations.stream().filter(v -> {
            Restore r = restored.get(moveKey(v.model(), v.target().name()));
            return r == null || !r.done();
        }).count();
        Verdict verdict = unresolved == 0 ? Verdict.PASSED : Verdict.FAILED;
        String headline = violations.isEmpty() ? "the registry holds what was audited: " + scope
                : violations.size() + " violation" + (violations.size() == 1 ? "" : "s") + " in " + scope
                + (restored.isEmpty() ? "" : "; --restore: " + String.join("; ", restored.values().stream().map(Restore::what).toList())
                + (unresolved == 0 ? "; every violation resolved" : "; " + unresolved + " unresolved"));
        List<List<String>> rows = new ArrayList<>();
        for (Violation v : violations) {
            rows.add(List.of(v.model(), v.target().name(), v.holder() == null ? "-" : v.holder().toString(), v.what(), v.since(), v.registeredBy()));
        }
        StepResult.Builder result = StepResult.builder(ctx.stepName(), verdict, headline)
                .check("registry", verdict, violations.isEmpty() ? scope : violations.size() + " violation(s), " + unresolved + " unresolved")
                .output("violations", String.valueOf(violations.size()))
                .output("restored", String.valueOf(restored.values().stream().filter(Restore::done).count()))
                .output("rest-calls", String.valueOf(registry.calls()));
        if (!rows.isEmpty()) {
            result.table(new StepResult.Table("violations", List.of("model", "target", "holder", "violation", "since", "registered by (MLflow)"), rows));
        }
        return result.build();
    }
}
