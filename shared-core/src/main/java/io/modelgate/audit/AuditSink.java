package io.modelgate.audit;

/** Where registry transitions leave their audit records: a JSON lines file, and a Delta table when configured ({@link AuditSinks}). */
public interface AuditSink {

    /** Appends one record durably, or fails with an infrastructure error. */
    void append(AuditRecord record);
}
