package io.modelgate.registry;

import io.modelgate.mlflow.ModelVersion;

import io.modelgate.ci.CiContext;
import io.modelgate.config.BranchGlob;
import io.modelgate.config.PromotionRule;
import io.modelgate.config.ResolvedConfig;

import java.util.Optional;

/**
 * The rule of {@code models.<model>.promotion.<environment>}: from which branches, by whom,
 * to which targets, and whether passing validation and check-model records are required. An environment
 * without a rule, or a target the rule does not list, is not restricted.
 */
public record PromotionPolicy(String ruleKey, PromotionRule rule, ResolvedConfig config) {

    /** Allowed, or refused with the rule's place (file:line: key) and the reason. */
    public record Decision(boolean allowed, String rule, String reason) {
        public String refusal() {
            return rule + ": " + reason;
        }
    }

    /** The rule of the configuration's environment for the model, when there is one. */
    public static PromotionPolicy of(String modelKey, Optional<PromotionRule> rule, ResolvedConfig config) {
        return new PromotionPolicy("models." + modelKey + ".promotion." + config.environment(), rule.orElse(null), config);
    }

    public Decision decide(Target target, ModelVersion version, CiContext ci) {
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
        return new Decision(true, config.place(ruleKey), "allowed by the rule");
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
