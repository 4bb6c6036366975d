package io.modelgate.config;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import java.util.List;

/** Who may move a model to which stages or aliases in one environment. */
public record PromotionRule(
        @JsonPropertyDescription("Branch globs from which promotion is allowed, e.g. release/*")
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
        List<String> branches,
        @JsonPropertyDescription("Identities (CI actors) allowed to promote; empty means anyone")
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
        List<String> actors,
        @JsonPropertyDescription("Stages or aliases this rule governs; empty means all")
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
        List<String> targets,
        @JsonPropertyDescription("Require a passing validation record for the exact version")
        Boolean requireValidation,
        @JsonPropertyDescription("Require a passing check-model record for the exact version")
        Boolean requireCheckModel,
        @JsonPropertyDescription("Require approval by people other than the author before the move (four eyes)")
        ApprovalRule requireApproval) {

    public PromotionRule {
        branches = branches == null ? List.of() : List.copyOf(branches);
        actors = actors == null ? List.of() : List.copyOf(actors);
        targets = targets == null ? List.of() : List.copyOf(targets);
        requireValidation = requireValidation != null && requireValidation;
        requireCheckModel = requireCheckModel != null && requireCheckModel;
    }

    void validate(ConfigCheck check, String path) {
        if (requireApproval != null) requireApproval.validate(check, ConfigCheck.join(path, "require_approval"));
    }
}
