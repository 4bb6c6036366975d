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
 * @param approver        who approved the transition, when the policy asks for an approval; null otherwise
 * @param previousHash    the {@link #hash} of the previous record of the same model and environment in the same sink;
 *                        null for a chain's first record (set by the sink, see {@link AuditChain})
 * @param hash            SHA-256 of this record's canonical form, previous hash included (set by the sink)
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
        String approver,
        String previousHash,
        String hash) {

    /** A record not yet chained and without approver: what the steps build; the sink chains it. */
    public AuditRecord(String time, String action, String outcome, String model, Integer version, String target, Integer previousVersion,
                       String environment, String actor, String branch, String commit, String runUrl, String registry, String detail) {
        this(time, action, outcome, model, version, target, previousVersion, environment, actor, branch, commit, runUrl, registry, detail,
                null, null, null);
    }

    public AuditRecord withApprover(String approver) {
        return new AuditRecord(time, action, outcome, model, version, target, previousVersion, environment, actor, branch, commit, runUrl,
                registry, detail, approver, previousHash, hash);
    }

    /** The record with every secret value masked in its texts (the hashes are hex, computed on what a sink writes). */
    public AuditRecord masked(SecretMasker masker) {
        return new AuditRecord(time, action, outcome, masker.mask(model), version, masker.mask(target), previousVersion,
                masker.mask(environment), masker.mask(actor), masker.mask(branch), masker.mask(commit), masker.mask(runUrl),
                masker.mask(registry), masker.mask(detail), masker.mask(approver), previousHash, hash);
    }

    /** The record as the sink writes it after its chain's newest record: time to microseconds, linked, hashed. */
    AuditRecord chainedAfter(String previousHash) {
        AuditRecord linked = new AuditRecord(AuditChain.time(time), action, outcome, model, version, target, previousVersion, environment,
                actor, branch, commit, runUrl, registry, detail, approver, previousHash, null);
        return new AuditRecord(linked.time, action, outcome, model, version, target, previousVersion, environment, actor, branch, commit,
                runUrl, registry, detail, approver, previousHash, AuditChain.hash(linked));
    }
}
