package io.modelgate.audit;

import java.time.Instant;
import java.util.function.Predicate;

/** Which records {@code audit show} prints: each non-null criterion must hold. */
public record AuditFilter(String model, String environment, String action, Instant since) implements Predicate<AuditRecord> {

    @Override
    public boolean test(AuditRecord record) {
        return (model == null || model.equals(record.model()))
                && (environment == null || environment.equals(record.environment()))
                && (action == null || action.equals(record.action()))
                && (since == null || !Instant.parse(record.time()).isBefore(since));
    }
}
