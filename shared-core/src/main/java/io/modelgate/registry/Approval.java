package io.modelgate.registry;

/**
 * One person's approval of a promotion, as the CI recorded it.
 *
 * @param by      the approver's login (GitHub) or user id (Jenkins)
 * @param at      when ModelGate read the approval (ISO-8601): GitHub's review log carries no time of its own
 * @param source  where it was given: the GitHub run's review log, or the Jenkins build whose input step it answered
 * @param comment the approver's comment, empty when none
 */
public record Approval(String by, String at, String source, String comment) {
}
