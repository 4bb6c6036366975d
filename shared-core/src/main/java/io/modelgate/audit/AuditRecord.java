package io.modelgate.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.modelgate.secret.SecretMasker;

/**
 * One registry transition attempt, whatever its outcome.
 *
 * @param outcome         promoted, unchanged, refused, lost-race or error
 * @param version         the version moved (or that was to be moved); null if never resolved
 * @param previousVersion the version that held the target before, null if none
 * @param detail          the refusing rule, the winner of the race or the error
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditRecord(
        String time,
        String action,
        String outcome,
        String model,
        Integer version,
        String target,
        Integer previousVersion,
        String environment,
        String actor,
        String branch,
        String commit,
        String runUrl,
        String registry,
        String detail,
        String approver) {

    public AuditRecord(String time, String action, String outcome, String model, Integer version, String target, Integer previousVersion,
                       String environment, String actor, String branch, String commit, String runUrl, String registry, String detail) {
        this(time, action, outcome, model, version, target, previousVersion, environment, actor, branch, commit, runUrl, registry, detail, null);
    }

    /** The record with the people who approved the move, comma-separated. */
    public AuditRecord withApprover(String approver) {
        return new AuditRecord(time, action, outcome, model, version, target, previousVersion, environment, actor, branch, commit, runUrl,
                registry, detail, approver);
    }

    /** The record with every secret value masked in its texts. */
    public AuditRecord masked(SecretMasker masker) {
        return new AuditRecord(time, action, outcome, masker.mask(model), version, masker.mask(target), previousVersion,
                masker.mask(environment), masker.mask(actor), masker.mask(branch), masker.mask(commit), masker.mask(runUrl),
                masker.mask(registry), masker.mask(detail),
                approver == null ? null : masker.mask(approver));
    }
}
