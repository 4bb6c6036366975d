package io.modelgate.config;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import java.util.List;

/**
 * {@code require_approval} of a promotion rule: how many people must approve the move, who may,
 * and whom an approver may not be (four eyes). On GitHub the approvals are the required reviewers'
 * of the run's deployment environment; on Jenkins the submitter of an {@code input} step.
 */
public record ApprovalRule(
        @JsonPropertyDescription("How many distinct people must approve (default 1)")
        Integer min,
        @JsonPropertyDescription("Who may approve: user names, or org/team for members of a GitHub team; empty means anyone")
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
        List<String> from,
        @JsonPropertyDescription("Whom an approver may not be: actor (who started the run), commit_author, model_author (who registered "
                + "the version); default all three, [] allows approving one's own change")
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
        List<Person> distinctFrom,
        @JsonPropertyDescription("GitHub: the deployment environment whose reviews count; default the ModelGate environment's name")
        String githubEnvironment) {

    /** The people four eyes keeps apart from the approver. */
    public enum Person {
        @JsonProperty("actor") ACTOR,
        @JsonProperty("commit_author") COMMIT_AUTHOR,
        @JsonProperty("model_author") MODEL_AUTHOR;

        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public ApprovalRule {
        min = min == null ? 1 : min;
        from = from == null ? List.of() : List.copyOf(from);
        distinctFrom = distinctFrom == null ? List.of(Person.values()) : List.copyOf(distinctFrom);
    }

    void validate(ConfigCheck check, String path) {
        if (min < 1 || min > 10) throw check.fail(ConfigCheck.join(path, "min"), "expected 1 to 10 approvers, got " + min);
        for (int i = 0; i < from.size(); i++) {
            String who = from.get(i);
            if (who == null || who.isBlank() || who.chars().filter(c -> c == '/').count() > 1) {
                throw check.fail(ConfigCheck.join(path, "from[" + i + "]"), "expected a user name or org/team, got \"" + who + "\"");
            }
        }
    }
}
