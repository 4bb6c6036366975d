package io.modelgate.registry;

import io.modelgate.mlflow.ModelVersion;

import io.modelgate.ci.CiContext;
import io.modelgate.config.ApprovalRule;
import io.modelgate.config.BranchGlob;
import io.modelgate.config.PromotionRule;
import io.modelgate.config.ResolvedConfig;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The rule of {@code models.<model>.promotion.<environment>}: from which branches, by whom,
 * to which targets, whether passing validation and check-model records are required, and whose
 * approval (four eyes: not the run's actor, the commit's or the model's author). An environment
 * without a rule, or a target the rule does not list, is not restricted.
 */
public record PromotionPolicy(String ruleKey, PromotionRule rule, ResolvedConfig config) {

    /** Allowed, or refused with the rule's place (file:line: key) and the reason; the qualifying approvals when the rule asks for them. */
    public record Decision(boolean allowed, String rule, String reason, List<Approval> approvals) {
        Decision(boolean allowed, String rule, String reason) {
            this(allowed, rule, reason, List.of());
        }

        public String refusal() {
            return rule + ": " + reason;
        }
    }

    /** The rule of the configuration's environment for the model, when there is one. */
    public static PromotionPolicy of(String modelKey, Optional<PromotionRule> rule, ResolvedConfig config) {
        return new PromotionPolicy("models." + modelKey + ".promotion." + config.environment(), rule.orElse(null), config);
    }

    public Decision decide(Target target, ModelVersion version, CiContext ci) {
        return decide(target, version, ci, Approvals.NONE);
    }

    public Decision decide(Target target, ModelVersion version, CiContext ci, Approvals approvals) {
        if (rule == null) {
            return new Decision(true, "no promotion rule", "no rule for this environment");
        }
        if (!rule.targets().isEmpty() && rule.targets().stream().noneMatch(t -> t.equalsIgnoreCase(target.name()))) {
            return new Decision(true, config.place(ruleKey + ".targets"), target.name() + " is not governed by this rule");
        }
        if (!rule.branches().isEmpty() && rule.branches().stream().noneMatch(glob -> BranchGlob.matches(glob, ci.branch()))) {
            return refused("branches", "promotion to " + target.name() + " is allowed only from branches " + rule.branches()
                    + ", not from " + (ci.branch() == null ? "an unknown branch" : "branch " + ci.branch()));
        }
        if (!rule.actors().isEmpty() && !rule.actors().contains(ci.actor())) {
            return refused("actors", "promotion to " + target.name() + " is allowed only to " + rule.actors()
                    + ", not to " + (ci.actor() == null ? "an unknown actor" : ci.actor()));
        }
        if (rule.requireValidation()) {
            Optional<Decision> refusal = evidence("require_validation", version, ValidationRecord.STATUS_TAG, ValidationRecord.PASSED,
                    "validation", "validate-model");
            if (refusal.isPresent()) return refusal.get();
        }
        if (rule.requireCheckModel()) {
            Optional<Decision> refusal = evidence("require_check_model", version, CheckModelRecord.STATUS_TAG, CheckModelRecord.PASSED,
                    "check-model", "check-model");
            if (refusal.isPresent()) return refusal.get();
        }
        if (rule.requireApproval() != null) {
            return approval(rule.requireApproval(), target, version, ci, approvals);
        }
        return new Decision(true, config.place(ruleKey), "allowed by the rule");
    }

    /** Enough distinct approvers, each allowed by {@code from} and none of the people four eyes keeps apart. */
    private Decision approval(ApprovalRule required, Target target, ModelVersion version, CiContext ci, Approvals approvals) {
        String environment = required.githubEnvironment() != null ? required.githubEnvironment() : config.environment();
        Map<String, String> others = new LinkedHashMap<>(); // a name, lower case -> who that is
        List<String> unknown = new ArrayList<>();
        String commit = ci.commit() == null ? "HEAD" : ci.commit().substring(0, Math.min(12, ci.commit().length()));
        for (ApprovalRule.Person person : required.distinctFrom()) {
            // Four eyes cannot hold against someone it cannot name: an unknown person refuses the move rather than pass unchecked.
            Collection<String> names = switch (person) {
                case ACTOR -> ci.actor() == null ? List.of() : List.of(ci.actor());
                case COMMIT_AUTHOR -> approvals.commitAuthor();
                case MODEL_AUTHOR -> approvals.modelAuthor(version).map(List::of).orElse(List.of());
            };
            if (names.isEmpty()) unknown.add(person.key());
            String who = switch (person) {
                case ACTOR -> "started this run";
                case COMMIT_AUTHOR -> "wrote commit " + commit;
                case MODEL_AUTHOR -> "registered version " + version.version();
            };
            names.forEach(name -> others.putIfAbsent(lower(name), who));
        }
        if (!unknown.isEmpty()) {
            return refused("require_approval", "four eyes cannot tell who the " + String.join(", ", unknown) + " of this move "
                    + (unknown.size() == 1 ? "is" : "are") + " (actor: the CI's user variables; commit_author: the commit in the checkout"
                    + " or on GitHub; model_author: the version's user_id or its run's mlflow.user); list only the people it can check in"
                    + " distinct_from");
        }
        Map<String, Approval> qualifying = new LinkedHashMap<>();
        List<String> refused = new ArrayList<>();
        for (Approval approval : approvals.given(environment)) {
            String who = lower(approval.by());
            if (qualifying.containsKey(who)) continue;
            String conflict = others.get(who);
            if (conflict != null) {
                refused.add(approval.by() + " " + conflict);
            } else if (!required.from().isEmpty() && required.from().stream().noneMatch(allowed -> allowed.contains("/")
                    ? approvals.inTeam(approval.by(), allowed) : lower(allowed).equals(who))) {
                refused.add(approval.by() + " is not in " + required.from());
            } else {
                qualifying.put(who, approval);
            }
        }
        if (qualifying.size() < required.min()) {
            String needed = required.min() + " approval" + (required.min() == 1 ? "" : "s") + " of the move to " + target.name()
                    + (required.from().isEmpty() ? "" : " from " + required.from())
                    + (required.distinctFrom().isEmpty() ? "" : " by someone other than the " + required.distinctFrom().stream()
                    .map(ApprovalRule.Person::key).collect(Collectors.joining(", ")));
            String got = qualifying.size() + " qualifying" + (refused.isEmpty() ? "" : "; not counted: " + String.join("; ", refused));
            return refused("require_approval", "version " + version.version() + " needs " + needed + "; got " + got);
        }
        return new Decision(true, config.place(ruleKey + ".require_approval"), "approved by "
                + qualifying.values().stream().map(Approval::by).collect(Collectors.joining(", ")), List.copyOf(qualifying.values()));
    }

    private static String lower(String name) {
        return name.strip().toLowerCase(Locale.ROOT);
    }

    /** A refusal when the version's record (its status tag, written last by the step) is missing or not passed. */
    private Optional<Decision> evidence(String key, ModelVersion version, String statusTag, String passed, String record, String step) {
        String status = version.tags().get(statusTag);
        if (status == null) {
            return Optional.of(refused(key, "version " + version.version() + " has no " + record + " record (tag " + statusTag
                    + "); run " + step + " on it first"));
        }
        if (!status.equals(passed)) {
            return Optional.of(refused(key, "version " + version.version() + " did not pass " + record + " (" + statusTag + "=" + status + ")"));
        }
        return Optional.empty();
    }

    private Decision refused(String key, String reason) {
        return new Decision(false, config.place(ruleKey + "." + key), reason);
    }
}
