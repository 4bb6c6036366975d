package io.modelgate.registry;

import io.modelgate.mlflow.ModelVersion;

import io.modelgate.ci.CiContext;
import io.modelgate.config.BranchGlob;
import io.modelgate.config.PromotionRule;
import io.modelgate.config.ResolvedConfig;

import java.util.Optional;

/**
 * The rule of {@code models.<model>.promotion.<environment>}: from which branches, by whom,
 * to which targets, and whether a passing validation record is required. An environment
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
            Optional<ValidationRecord> record = ValidationRecord.of(version);
            if (record.isEmpty()) {
                return refused("require_validation", "version " + version.version() + " has no validation record (tag "
                        + ValidationRecord.STATUS_TAG + "); run validate-model on it first");
            }
            if (!record.get().passed()) {
                return refused("require_validation", "version " + version.version() + " did not pass validation ("
                        + ValidationRecord.STATUS_TAG + "=" + record.get().status() + ")");
            }
        }
        return new Decision(true, config.place(ruleKey), "allowed by the rule");
    }

    private Decision refused(String key, String reason) {
        return new Decision(false, config.place(ruleKey + "." + key), reason);
    }
}
