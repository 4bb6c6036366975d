package io.modelgate.registry;

/** Where registry transitions leave their audit records: a JSON lines file now, a Delta table later. */
public interface AuditSink {

    /** Appends one record durably, or fails with an infrastructure error. */
    void append(AuditRecord record);
}
