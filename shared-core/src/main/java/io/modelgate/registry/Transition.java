package io.modelgate.registry;

import io.modelgate.audit.AuditRecord;
import io.modelgate.audit.AuditSink;
import io.modelgate.mlflow.ModelRegistry;
import io.modelgate.mlflow.ModelVersion;
import io.modelgate.mlflow.RegisteredModel;

import io.modelgate.ci.CiContext;
import io.modelgate.secret.SecretMasker;
import io.modelgate.step.StepContext;
import io.modelgate.fault.Fault;
import io.modelgate.step.StepResult;
import io.modelgate.step.Verdict;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Moves one version of a model to a target (an alias or a stage), the way promote-model and
 * rollback-model both do it: READY check, idempotency, policy, dry run, then under the model's
 * {@link PromotionLock}: the previous holder remembered (while the lease settles), the evidence
 * on the version, one committing write (set-alias, or transition-stage with
 * archive_existing_versions), the release, and one audit record whatever the outcome. That is 8
 * REST calls with the step's two reads: the read that ends the lease's settle wait is the last
 * look before the move, and no read is repeated.
 *
 * <p>Every write before the committing one is safe to repeat, so a run that dies half-way
 * leaves the target where it was, and running the same command again converges.
 */
public final class Transition {

    /** Model tag remembering the version a stage held before the last transition, e.g. modelgate.previous.Production. */
    public static String previousTag(Target target) {
        return "modelgate.previous." + target.name();
    }

    private final StepContext context;
    private final ModelRegistry registry;
    private final AuditSink audit;
    private final PromotionPolicy policy;
    private final Approvals approvals;
    private final Duration lockWait;

    public Transition(StepContext context, ModelRegistry registry, AuditSink audit, PromotionPolicy policy, Approvals approvals,
                      Duration lockWait) {
        this.context = context;
        this.registry = registry;
        this.audit = audit;
        this.policy = policy;
        this.approvals = approvals;
        this.lockWait = lockWait;
    }

    /** One planned registry write, described as the dry run prints it. */
    private record Change(String description, Runnable write) {
    }

    /**
     * The writes of one transition, in the order they are made: the previous holder's record (made
     * while the lease settles: every contender from the same state writes the same value), the
     * evidence (once the lease is held: the approval's tags, then the promotion's), the committing write.
     */
    private record Plan(List<Change> whileSettling, List<Change> evidence, Change move) {

        List<Change> all() {
            List<Change> all = new ArrayList<>(whileSettling);
            all.addAll(evidence);
            all.add(move);
            return all;
        }

        void settle() {
            whileSettling.forEach(change -> change.write().run());
        }
    }

    /**
     * @param action   promote or rollback
     * @param first    the model as read before the version was resolved, and when that read started
     */
    public StepResult run(String action, ModelVersion version, Target target, PromotionLock.Read first, boolean dryRun) {
        RegisteredModel state = first.state();
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
            PromotionPolicy.Decision decision = policy.decide(target, version, context.ci(), approvals);
            if (!decision.allowed()) {
                return refused(action, version, target, before, "policy", decision.refusal());
            }
            Plan plan = plan(version, target, before, lock.owner(), decision.approvals());
            if (dryRun) {
                return result(action, Verdict.PASSED, "dry run: would move " + target + " of " + model + " to version " + version.version()
                        + from(before) + "; nothing was changed", version, target, before, plan.all(), "planned changes", decision, "");
            }

            // Under the lock, unless another run moved the target first. The step's own read is the lock's first.
            Instant deadline = lock.deadline();
            PromotionLock.Read read = first;
            while (true) {
                if (lock.otherLiveLease(read.state()).isPresent()) {
                    context.console().line("waiting: another promotion of " + model + " holds its lock");
                    read = lock.awaitOthers(read, deadline);
                }
                Optional<StepResult> moved = movedMeanwhile(action, version, target, before, read.state(), lock);
                if (moved.isPresent()) return moved.get();
                read = lock.tryTake(read, version.version(), target.name(), plan::settle);
                if (lock.taken()) break;
                if (context.clock().instant().isAfter(deadline)) {
                    throw Fault.infrastructure("could not take the promotion lock of model " + model + " within " + lockWait.toSeconds() + "s");
                }
            }
            // The read that took the lock is the last look at the target before it moves.
            Optional<StepResult> moved = movedMeanwhile(action, version, target, before, read.state(), lock);
            if (moved.isPresent()) return moved.get();

            plan.evidence().forEach(change -> change.write().run());
            if (!lock.stillHeld()) {
                throw Fault.infrastructure("the promotion lock of model " + model + " ran out before the move (the registry answered too slowly);"
                        + " nothing was moved: run the command again");
            }
            plan.move().write().run();
            lock.releaseHeld().ifPresent(context.console()::line);
            record(action, "promoted", version, target, before, decision.rule(), decision.approvals());
            String headline = (action.equals("rollback") ? "rolled back " : "moved ") + target + " of " + model + " to version "
                    + version.version() + from(before);
            return result(action, Verdict.PASSED, headline, version, target, before, plan.all(), "changes made", decision,
                    "; the lock's read-to-write window was " + lock.window().toMillis() + " ms (limit " + PromotionLock.MAX_WINDOW.toMillis() + " ms)");
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

    private Plan plan(ModelVersion version, Target target, Integer before, String lease, List<Approval> approved) {
        String model = version.model();
        int v = version.version();
        CiContext ci = context.ci();
        List<Change> whileSettling = new ArrayList<>();
        if (before != null) {
            // The previous holder: an alias where the target is one (rollback and serving read it), else a model tag.
            whileSettling.add(target.isAlias()
                    ? new Change("set alias " + target.previousAlias() + " -> version " + before,
                            () -> registry.setAlias(model, target.previousAlias(), before))
                    : new Change("tag model: " + previousTag(target) + "=" + before,
                            () -> registry.setModelTag(model, previousTag(target), before.toString())));
        }
        // Masked field by field: inside the tag's JSON text a secret would be escaped past the client's masking of the body.
        SecretMasker masker = context.console().masker();
        PromotionEvidence evidence = PromotionEvidence.of(masked(masker, ci.actor()), context.clock().instant().toString(),
                masked(masker, ci.commit()), masked(masker, ci.runUrl()), fromTo(version, target), before, lease);
        List<Change> tags = new ArrayList<>();
        approvalTags(approved).forEach((key, value) -> {
            String shown = masked(masker, value);
            tags.add(new Change("tag version " + v + ": " + key + "=" + shown, () -> registry.setVersionTag(model, v, key, shown)));
        });
        tags.add(new Change("tag version " + v + ": " + PromotionEvidence.TAG + "=" + evidence.json(),
                () -> registry.setVersionTag(model, v, PromotionEvidence.TAG, evidence.json())));
        Change move;
        if (target.isAlias()) {
            move = new Change("set alias " + target.name() + " -> version " + v + (before == null ? "" : " (was version " + before + ")"),
                    () -> registry.setAlias(model, target.name(), v));
        } else {
            boolean archive = target.exclusive();
            move = new Change("transition version " + v + ": " + version.stage() + " -> " + target.name()
                    + (archive ? " (archive_existing_versions: " + (before == null ? "none in " + target.name() : "version " + before + " -> Archived") + ")" : ""),
                    () -> registry.transitionStage(model, v, target.name(), archive));
        }
        return new Plan(whileSettling, tags, move);
    }

    /** The approval on the version, one tag per field as auditors read it in MLflow's UI; several approvers share each tag. */
    static java.util.Map<String, String> approvalTags(List<Approval> approved) {
        java.util.Map<String, String> tags = new java.util.LinkedHashMap<>();
        if (approved.isEmpty()) return tags;
        tags.put(APPROVAL_TAG + ".by", String.join(", ", approved.stream().map(Approval::by).toList()));
        tags.put(APPROVAL_TAG + ".at", approved.get(0).at());
        tags.put(APPROVAL_TAG + ".source", String.join("; ", approved.stream().map(Approval::source).distinct().toList()));
        tags.put(APPROVAL_TAG + ".comment", String.join("; ", approved.stream().filter(a -> !a.comment().isBlank())
                .map(a -> approved.size() == 1 ? a.comment() : a.by() + ": " + a.comment()).toList()));
        return tags;
    }

    /** The prefix of the approval's version tags: modelgate.approval.by, .at, .source, .comment. */
    public static final String APPROVAL_TAG = "modelgate.approval";

    private static String masked(SecretMasker masker, String value) {
        return value == null ? null : masker.mask(value);
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
                              List<Change> changes, String title, PromotionPolicy.Decision decision, String lockNote) {
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
                .log(action + " with " + registry.calls() + " REST calls to " + registry.location() + lockNote)
                .build();
    }

    private void record(String action, String outcome, ModelVersion version, Target target, Integer before, String detail) {
        record(action, outcome, version, target, before, detail, List.of());
    }

    private void record(String action, String outcome, ModelVersion version, Target target, Integer before, String detail,
                        List<Approval> approved) {
        CiContext ci = context.ci();
        audit.append(new AuditRecord(context.clock().instant().toString(), action, outcome, version.model(), version.version(),
                target.name(), before, context.config().environment(), ci.actor(), ci.branch(), ci.commit(), ci.runUrl(),
                registry.location(), detail).withApprover(approved.isEmpty() ? null
                : String.join(", ", approved.stream().map(Approval::by).toList())));
    }

    private static String from(Integer before) {
        return before == null ? "" : " (was version " + before + ")";
    }

}
