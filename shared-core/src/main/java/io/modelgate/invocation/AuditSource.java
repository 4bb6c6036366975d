package io.modelgate.invocation;

import io.delta.kernel.defaults.engine.DefaultEngine;
import io.modelgate.audit.AuditChain;
import io.modelgate.audit.AuditRecord;
import io.modelgate.audit.DeltaAuditTable;
import io.modelgate.audit.JsonLinesAuditSink;
import io.modelgate.config.ResolvedConfig;
import io.modelgate.fault.Fault;
import io.modelgate.step.Param;
import org.apache.hadoop.conf.Configuration;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What {@code audit show} and {@code audit verify} read: the JSON lines file given with
 * {@code --file}, the Delta table given with {@code --table}, or by default audit.delta_table of
 * modelgate.yaml.
 */
final class AuditSource {

    static final Param TABLE = Param.optional("table", Param.Type.STRING, null,
            "Path of the Delta audit table (default: audit.delta_table of modelgate.yaml)");
    static final Param FILE = Param.optional("file", Param.Type.STRING, null,
            "A JSON lines audit file instead of the table, e.g. build/modelgate/" + JsonLinesAuditSink.FILE_NAME);

    private final String command;
    private final Invocation invocation;
    private final Path file;
    private final String table;

    private AuditSource(String command, Invocation invocation, Path file, String table) {
        this.command = command;
        this.invocation = invocation;
        this.file = file;
        this.table = table;
    }

    static AuditSource of(String command, Invocation invocation) {
        String file = invocation.param(FILE.name());
        String table = invocation.param(TABLE.name());
        if (file != null && table != null) {
            throw Fault.usage(command + ": pass " + invocation.spell(FILE.name()) + " or " + invocation.spell(TABLE.name()) + ", not both");
        }
        Path workDir = invocation.options().workDir();
        if (file != null) return new AuditSource(command, invocation, workDir.resolve(file).toAbsolutePath().normalize(), null);
        if (table != null) return new AuditSource(command, invocation, null, workDir.resolve(table).toAbsolutePath().normalize().toString());
        ResolvedConfig resolved = invocation.config();
        if (resolved.config().audit() == null || resolved.config().audit().deltaTable() == null) {
            throw Fault.usage(command + ": no audit table: pass " + invocation.spell(TABLE.name()) + " PATH or "
                    + invocation.spell(FILE.name()) + " PATH, or set audit.delta_table in " + resolved.file().displayName());
        }
        return new AuditSource(command, invocation, null, resolved.config().audit().deltaTableLocation(invocation.projectDir()));
    }

    /** "audit table /x/audit" or "audit file /x/registry-audit.jsonl" */
    String describe() {
        return file != null ? "audit file " + file : "audit table " + table;
    }

    /** A file keeps its records in the order they were appended; a table has no order. */
    boolean storedInOrder() {
        return file != null;
    }

    List<AuditRecord> recent(int limit, Predicate<AuditRecord> filter) {
        return read(() -> file != null ? new JsonLinesAuditSink(file).recent(limit, filter) : table().recent(limit, filter));
    }

    List<AuditChain.Link> links() {
        return read(() -> file != null ? new JsonLinesAuditSink(file).links() : table().links());
    }

    private DeltaAuditTable table() {
        return new DeltaAuditTable(DefaultEngine.create(new Configuration()), table);
    }

    /** What the store throws unexpectedly becomes one line naming the source (exit 3). */
    private <T> T read(Supplier<T> reading) {
        try {
            return reading.get();
        } catch (Fault e) {
            throw e;
        } catch (RuntimeException e) {
            throw Fault.infrastructure(command + ": cannot read the " + describe() + ": " + Invocation.firstLine(e.getMessage())
                    + invocation.stackTraceHint(), e);
        }
    }
}
