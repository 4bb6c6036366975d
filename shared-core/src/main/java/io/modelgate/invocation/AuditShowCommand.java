package io.modelgate.invocation;

import io.delta.kernel.defaults.engine.DefaultEngine;
import io.modelgate.audit.AuditRecord;
import io.modelgate.audit.DeltaAuditTable;
import io.modelgate.config.ResolvedConfig;
import io.modelgate.fault.Fault;
import io.modelgate.step.Param;
import org.apache.hadoop.conf.Configuration;

import java.util.ArrayList;
import java.util.List;

/** {@code modelgate audit show}: the newest records of the Delta audit table, newest first. */
final class AuditShowCommand implements Command {

    private static final String[] SHOWN = {"time", "actor", "model", "version", "action", "target", "previous", "environment", "outcome",
            "commit", "run_url"};

    @Override
    public String name() {
        return "audit show";
    }

    @Override
    public String summary() {
        return "Print the newest audit records, newest first.";
    }

    @Override
    public List<Param> params() {
        return List.of(
                Param.optional("table", Param.Type.STRING, null, "Path of the audit table (default: audit.delta_table of modelgate.yaml)"),
                LIMIT);
    }

    @Override
    public int run(Invocation invocation) {
        int limit = limit(invocation);
        String path = tablePath(invocation);
        List<AuditRecord> records;
        try {
            records = new DeltaAuditTable(DefaultEngine.create(new Configuration()), path).recent(limit);
        } catch (Fault e) {
            throw e;
        } catch (RuntimeException e) {
            throw Fault.infrastructure("audit show: cannot read the audit table: " + Invocation.firstLine(e.getMessage())
                    + invocation.stackTraceHint(), e);
        }
        invocation.print(table(records));
        return 0;
    }

    private static final Param LIMIT = Param.number("limit", Param.Type.INTEGER, "20", "1", "100000", "How many records");

    private static int limit(Invocation invocation) {
        String text = invocation.param("limit");
        long limit;
        try {
            limit = text == null ? Long.parseLong(LIMIT.defaultValue()) : Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw Fault.usage("audit show: " + invocation.spell("limit") + ": expected a whole number, got \"" + text + "\"");
        }
        if (limit < Long.parseLong(LIMIT.min()) || limit > Long.parseLong(LIMIT.max())) {
            throw Fault.usage("audit show: " + invocation.spell("limit") + " must be between " + LIMIT.min() + " and " + LIMIT.max() + ", got " + text);
        }
        return Math.toIntExact(limit);
    }

    private static String tablePath(Invocation invocation) {
        String table = invocation.param("table");
        if (table != null) {
            return invocation.options().workDir().resolve(table).toAbsolutePath().normalize().toString();
        }
        ResolvedConfig resolved = invocation.config();
        if (resolved.config().audit() == null || resolved.config().audit().deltaTable() == null) {
            throw Fault.usage("audit show: no audit table: pass " + invocation.spell("table") + " PATH or set audit.delta_table in "
                    + resolved.file().displayName());
        }
        return resolved.config().audit().deltaTableLocation(invocation.projectDir());
    }

    private static String table(List<AuditRecord> records) {
        List<String[]> rows = new ArrayList<>();
        rows.add(SHOWN);
        for (AuditRecord record : records) {
            Object[] values = {record.time(), record.actor(), record.model(), record.version(), record.action(), record.target(),
                    record.previousVersion(), record.environment(), record.outcome(), record.commit(), record.runUrl()};
            String[] row = new String[SHOWN.length];
            for (int c = 0; c < SHOWN.length; c++) {
                row[c] = values[c] == null ? "-" : values[c].toString();
            }
            rows.add(row);
        }
        return Columns.render(rows);
    }
}
