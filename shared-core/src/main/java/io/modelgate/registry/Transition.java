package io.modelgate.registry;

import io.modelgate.audit.AuditRecord;
import io.modelgate.audit.AuditSink;
import io.modelgate.mlflow.ModelRegistry;
import io.modelgate.mlflow.ModelVersion;
import io.modelgate.mlflow.RegisteredModel;

import io.modelgate.ci.CiContext;
import io.modelgate.step.StepContext;
import io.modelgate.fault.Fault;
import io.modelgate.step.StepResult;
import io.modelgate.step.Verdict;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Moves one version of a model to a target (an alias or a stage), the way promote-model and
 * rollback-model both do it: READY check, idempotency, policy, dry run, then under the model's
 * {@link PromotionLock}: evidence tags on the version, the previous holder remembered, one
 * committing write (set-alias, or transition-stage with archive_existing_versions), a read
 * that verifies it, and one audit record whatever the outcome.
 *
 * <p>Every write before the committing one is safe to repeat, so a run that dies half-way
 * leaves the target where it was, and running the same command again converges.
 */
public final class Transition {

    /** Version tags recording the promotion that moved it (who, when, commit, CI run, from -> to). */
    public static final String BY_TAG = "modelgate.promotion.by";
    public static final String AT_TAG = "modelgate.promotion.at";
    public static final String COMMIT_TAG = "modelgate.promotion.commit";
    public static final String RUN_URL_TAG = "modelgate.promotion.run_url";
    public static final String FROM_TO_TAG = "modelgate.promotion.from_to";
    public static final String REPLACED_TAG = "modelgate.promotion.replaced_version";

    /** Model tag remembering the version a target held before the last transition, e.g. modelgate.previous.champion. */
    public static String previousTag(Target target) {
        return "modelgate.previous." + target.name();
    }

    private final StepContext context;
    private final ModelRegistry registry;
    private final AuditSink audit;
    private final PromotionPolicy policy;
    private final Duration lockWait;

    public Transition(StepContext context, ModelRegistry registry, AuditSink audit, PromotionPolicy policy, Duration lockWait) {
        this.context = context;
        this.registry = registry;
        this.audit = audit;
        this.policy = policy;
        this.lockWait = lockWait;
    }

    /** One planned registry write, described as the dry run prints it. */
    private record Change(String description, Runnable write) {
    }

    /**
     * @param action   promote or rollback
     * @param state    the model as read before the version was resolved
     */
    public StepResult run(String action, ModelVersion version, Target target, RegisteredModel state, boolean dryRun) {
        String model = state.name();
        Integer before = target.holder(state).orElse(null);
        PromotionLock lock = new PromotionLock(registry, model, context.clock(), lockWait);
        try {
            if (!version.isReady()) {
                return refused(action, version, target, before, "readiness",
                        "version " + version.version() + " of " + model + " is " + version.status() + ": only READY versions can be moved");
            }
            if (holds(target, state, version)) {
                return unchanged(action, version, target, before, dryRun);
            }
            PromotionPolicy.Decision decision = policy.decide(target, version, context.ci());
            if (!decision.allowed()) {
                return refused(action, version, target, before, "policy", decision.refusal());
            }
            List<Change> changes = plan(version, target, before);
            if (dryRun) {
                return result(action, Verdict.PASSED, "dry run: would move " + target + " of " + model + " to version " + version.version()
                        + from(before) + "; nothing was changed", version, target, before, changes, "planned changes", decision);
            }

            // Under the lock, unless another run moved the target first.
            Instant deadline = lock.deadline();
            PromotionLock.Read read = lock.read();
            while (true) {
                if (lock.otherLiveLease(read.state()).isPresent()) {
                    context.console().line("waiting: another promotion of " + model + " holds its lock");
                    read = lock.awaitOthers(read, deadline);
                }
                Optional<StepResult> moved = movedMeanwhile(action, version, target, before, read.state(), lock);
                if (moved.isPresent()) return moved.get();
                read = lock.tryTake(read, version.version(), target.name());
                if (lock.taken()) break;
                if (context.clock().instant().isAfter(deadline)) {
                    throw Fault.infrastructure("could not take the promotion lock of model " + model + " within " + lockWait.toSeconds() + "s");
                }
            }
            Optional<StepResult> moved = movedMeanwhile(action, version, target, before, read.state(), lock);
            if (moved.isPresent()) return moved.get();

            RegisteredModel current;
            for (Change change : changes.subList(0, changes.size() - 1)) change.write().run();
            // Last look before the one write that moves the target.
            current = registry.model(model);
            if (!lock.heldIn(current)) {
                lock.releaseQuietly();
                return lost(action, version, target, before, PromotionLock.Lease.of(current).map(PromotionLock.Lease::version)
                        .orElse(target.holder(current).orElse(null)), "its lock expired or was taken over before the move");
            }
            moved = movedMeanwhile(action, version, target, before, current, lock);
            if (moved.isPresent()) return moved.get();
            changes.get(changes.size() - 1).write().run();

            current = registry.model(model);
            Integer after = target.holder(current).orElse(null);
            lock.release(current);
            if (target.exclusive() && !Objects.equals(after, version.version())) {
                return lost(action, version, target, before, after, "another writer moved " + target + " right after this run did");
            }
            record(action, "promoted", version, target, before, decision.rule());
            String headline = (action.equals("rollback") ? "rolled back " : "moved ") + target + " of " + model + " to version "
                    + version.version() + from(before);
            return result(action, Verdict.PASSED, headline, version, target, before, changes, "changes made", decision);
        } catch (Fault e) {
            lock.releaseQuietly();
            record(action, "error", version, target, before, e.getMessage());
            throw e;
        }
    }

    private boolean holds(Target target, RegisteredModel state, ModelVersion version) {
        return target.exclusive() ? target.holder(state).map(v -> v == version.version()).orElse(false) : target.heldBy(version);
    }

    /** When the target's holder changed since the run first looked: done by someone else, or lost. */
    private Optional<StepResult> movedMeanwhile(String action, ModelVersion version, Target target, Integer before,
                                                RegisteredModel current, PromotionLock lock) {
        Integer now = target.holder(current).orElse(null);
        if (!target.exclusive() || Objects.equals(now, before)) return Optional.empty();
        lock.release(current);
        if (Objects.equals(now, version.version())) {
            return Optional.of(unchanged(action, version, target, before, false));
        }
        return Optional.of(lost(action, version, target, before, now, "another promotion moved " + target + " while this one was starting"));
    }

    private List<Change> plan(ModelVersion version, Target target, Integer before) {
        String model = version.model();
        int v = version.version();
        CiContext ci = context.ci();
        List<Change> changes = new ArrayList<>();
        Map<String, String> evidence = new LinkedHashMap<>();
        evidence.put(BY_TAG, orEmpty(ci.actor()));
        evidence.put(AT_TAG, context.clock().instant().toString());
        evidence.put(COMMIT_TAG, orEmpty(ci.commit()));
        evidence.put(RUN_URL_TAG, orEmpty(ci.runUrl()));
        evidence.put(FROM_TO_TAG, fromTo(version, target));
        evidence.put(REPLACED_TAG, before == null ? "" : before.toString());
        evidence.forEach((key, value) -> changes.add(new Change("tag version " + v + ": " + key + "=" + value,
                () -> registry.setVersionTag(model, v, key, value))));
        if (before != null) {
            if (target.isAlias()) {
                changes.add(new Change("set alias " + target.previousAlias() + " -> version " + before,
                        () -> registry.setAlias(model, target.previousAlias(), before)));
            }
            changes.add(new Change("tag model: " + previousTag(target) + "=" + before,
                    () -> registry.setModelTag(model, previousTag(target), before.toString())));
        }
        if (target.isAlias()) {
            changes.add(new Change("set alias " + target.name() + " -> version " + v + (before == null ? "" : " (was version " + before + ")"),
                    () -> registry.setAlias(model, target.name(), v)));
        } else {
            boolean archive = target.exclusive();
            changes.add(new Change("transition version " + v + ": " + version.stage() + " -> " + target.name()
                    + (archive ? " (archive_existing_versions: " + (before == null ? "none in " + target.name() : "version " + before + " -> Archived") + ")" : ""),
                    () -> registry.transitionStage(model, v, target.name(), archive)));
        }
        return changes;
    }

    private static String fromTo(ModelVersion version, Target target) {
        if (!target.isAlias()) return version.stage() + " -> " + target.name();
        List<String> others = version.aliases().stream().filter(a -> !a.equals(target.name())).toList();
        return (others.isEmpty() ? "no alias" : String.join(",", others)) + " -> " + target.name();
    }

    private StepResult unchanged(String action, ModelVersion version, Target target, Integer before, boolean dryRun) {
        if (!dryRun) record(action, "unchanged", version, target, before, "already held");
        return StepResult.builder(context.stepName(), Verdict.PASSED, "version " + version.version() + " of " + version.model()
                        + " already holds " + target + "; nothing to change")
                .check("transition", Verdict.PASSED, "already held")
                .output("version", String.valueOf(version.version()))
                .output("previous-version", String.valueOf(version.version()))
                .output("target", target.name())
                .output("rest-calls", String.valueOf(registry.calls()))
                .build();
    }

    private StepResult refused(String action, ModelVersion version, Target target, Integer before, String check, String reason) {
        record(action, "refused", version, target, before, reason);
        return StepResult.builder(context.stepName(), Verdict.FAILED, "refused: " + reason + "; nothing was changed")
                .check(check, Verdict.FAILED, reason)
                .output("version", String.valueOf(version.version()))
                .output("previous-version", before == null ? "" : before.toString())
                .output("target", target.name())
                .output("rest-calls", String.valueOf(registry.calls()))
                .build();
    }

    private StepResult lost(String action, ModelVersion version, Target target, Integer before, Integer winner, String how) {
        String reason = "lost the race to version " + winner + ": " + how;
        record(action, "lost-race", version, target, before, reason);
        return StepResult.builder(context.stepName(), Verdict.FAILED, reason + "; version " + version.version() + " was not moved")
                .check("transition", Verdict.FAILED, reason)
                .output("version", String.valueOf(version.version()))
                .output("previous-version", before == null ? "" : before.toString())
                .output("target", target.name())
                .output("rest-calls", String.valueOf(registry.calls()))
                .build();
    }

    private StepResult result(String action, Verdict verdict, String headline, ModelVersion version, Target target, Integer before,
                              List<Change> changes, String title, PromotionPolicy.Decision decision) {
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < changes.size(); i++) rows.add(List.of(String.valueOf(i + 1), changes.get(i).description()));
        return StepResult.builder(context.stepName(), verdict, headline)
                .table(new StepResult.Table(title, List.of("#", "change"), rows))
                .check("readiness", Verdict.PASSED, "version " + version.version() + " is READY")
                .check("policy", Verdict.PASSED, decision.rule() + ": " + decision.reason())
                .check("transition", Verdict.PASSED, headline)
                .output("version", String.valueOf(version.version()))
                .output("previous-version", before == null ? "" : before.toString())
                .output("target", target.name())
                .output("rest-calls", String.valueOf(registry.calls()))
                .log(action + " with " + registry.calls() + " REST calls to " + registry.location())
                .build();
    }

    private void record(String action, String outcome, ModelVersion version, Target target, Integer before, String detail) {
        CiContext ci = context.ci();
        audit.append(new AuditRecord(context.clock().instant().toString(), action, outcome, version.model(), version.version(),
                target.name(), before, context.config().environment(), ci.actor(), ci.branch(), ci.commit(), ci.runUrl(),
                registry.location(), detail));
    }

    private static String from(Integer before) {
        return before == null ? "" : " (was version " + before + ")";
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
