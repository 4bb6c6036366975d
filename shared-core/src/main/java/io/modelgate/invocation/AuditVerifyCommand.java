package io.modelgate.invocation;

import io.modelgate.audit.AuditChain;
import io.modelgate.step.Param;

import java.util.List;

/**
 * {@code modelgate audit verify}: recomputes every hash chain of the audit table (or a JSON lines
 * file). Exit 0 when every chain is intact, 1 naming the first broken link of each broken chain.
 */
final class AuditVerifyCommand implements Command {

    @Override
    public String name() {
        return "audit verify";
    }

    @Override
    public String summary() {
        return "Recompute the audit records' hash chains; exit 1 naming the first broken link of each chain.";
    }

    @Override
    public List<Param> params() {
        return List.of(AuditSource.TABLE, AuditSource.FILE);
    }

    @Override
    public int run(Invocation invocation) {
        AuditSource source = AuditSource.of(name(), invocation);
        AuditChain.Verdict verdict = AuditChain.verify(source.links(), source.storedInOrder());
        StringBuilder out = new StringBuilder();
        for (AuditChain.Broken broken : verdict.broken()) {
            out.append("BROKEN ").append(or(broken.model())).append(" in ").append(or(broken.environment())).append(": ")
                    .append(broken.where()).append(": ").append(broken.problem()).append('\n');
        }
        out.append("audit verify: ").append(source.describe()).append(": ")
                .append(verdict.intact() ? "intact, " : verdict.broken().size() + " of ")
                .append(verdict.chains()).append(verdict.chains() == 1 ? " chain" : " chains")
                .append(verdict.intact() ? "" : " broken").append(", ").append(verdict.chained()).append(" chained records");
        if (verdict.unchained() > 0) {
            out.append(", ").append(verdict.unchained()).append(" older records without a hash (not verifiable)");
        }
        invocation.print(out.append('\n').toString());
        return verdict.intact() ? 0 : 1;
    }

    private static String or(String text) {
        return text == null ? "-" : text;
    }
}
