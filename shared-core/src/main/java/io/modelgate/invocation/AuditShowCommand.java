package io.modelgate.invocation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.modelgate.audit.AuditFilter;
import io.modelgate.audit.AuditRecord;
import io.modelgate.config.Durations;
import io.modelgate.delta.DeltaTable;
import io.modelgate.fault.Fault;
import io.modelgate.step.Param;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code modelgate audit show}: the newest audit records of the Delta table (or a JSON lines file),
 * newest first, filtered, as a table, JSON or CSV. The records are streamed; only the shown ones are held.
 */
final class AuditShowCommand implements Command {

    private static final String[] SHOWN = {"time", "actor", "approver", "model", "version", "action", "target", "previous", "environment",
            "outcome", "commit", "run_url"};
    /** Every field, as the JSON lines name them: the CSV header. */
    private static final String[] FIELDS = {"time", "action", "outcome", "model", "version", "target", "previous_version", "environment",
            "actor", "branch", "commit", "run_url", "registry", "detail", "approver", "previous_hash", "hash"};
    private static final Param LIMIT = Param.number("limit", Param.Type.INTEGER, "20", "1", "100000", "How many records");
    private static final Param MODEL = Param.optional("model", Param.Type.STRING, null, "Only records of this model");
    private static final Param ACTION = Param.optional("action", Param.Type.STRING, null,
            "Only records of this action: promote, rollback, validate, evaluate or check-model");
    private static final Param SINCE = Param.optional("since", Param.Type.STRING, null,
            "Only records at or after: an instant (2026-12-01T09:00:00Z), a date (2026-12-01, midnight UTC) or a duration back from now (7d, 12h)");
    private static final Param FORMAT = Param.choice("format", "table", "table: columns for people; json: an array of records as the"
            + " JSON lines write them; csv: a header and a row per record (RFC 4180)", "table", "json", "csv");
    private static final ObjectMapper JSON = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    @Override
    public String name() {
        return "audit show";
    }

    @Override
    public String summary() {
        return "Print the newest audit records, newest first (with --env, those of that environment).";
    }

    @Override
    public List<Param> params() {
        return List.of(AuditSource.TABLE, AuditSource.FILE, MODEL, ACTION, SINCE, LIMIT, FORMAT);
    }

    @Override
    public int run(Invocation invocation) {
        int limit = limit(invocation);
        String format = format(invocation);
        // --env both picks the configuration's environment and filters the records: one meaning, "that environment".
        AuditFilter filter = new AuditFilter(invocation.param(MODEL.name()), invocation.options().environment(),
                invocation.param(ACTION.name()), since(invocation, Instant.now()));
        List<AuditRecord> records = AuditSource.of(name(), invocation).recent(limit, filter);
        invocation.print(switch (format) {
            case "json" -> json(records);
            case "csv" -> csv(records);
            default -> table(records);
        });
        return 0;
    }

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

    private static String format(Invocation invocation) {
        String format = invocation.param(FORMAT.name());
        if (format == null) return FORMAT.defaultValue();
        if (!FORMAT.choices().contains(format)) {
            throw Fault.usage("audit show: " + invocation.spell(FORMAT.name()) + ": expected one of " + String.join(", ", FORMAT.choices())
                    + ", got \"" + format + "\"");
        }
        return format;
    }

    private static Instant since(Invocation invocation, Instant now) {
        String text = invocation.param(SINCE.name());
        if (text == null) return null;
        try {
            return now.minus(Durations.parse(text));
        } catch (IllegalArgumentException notADuration) {
            try {
                return DeltaTable.instant("since", text.trim());
            } catch (Fault notAnInstant) {
                throw Fault.usage("audit show: " + invocation.spell(SINCE.name()) + ": expected an instant (2026-12-01T09:00:00Z),"
                        + " a date (2026-12-01) or a duration back from now (7d, 12h), got \"" + text + "\"");
            }
        }
    }

    private static String table(List<AuditRecord> records) {
        List<String[]> rows = new ArrayList<>();
        rows.add(SHOWN);
        for (AuditRecord record : records) {
            Object[] values = {record.time(), record.actor(), record.approver(), record.model(), record.version(), record.action(),
                    record.target(), record.previousVersion(), record.environment(), record.outcome(), record.commit(), record.runUrl()};
            String[] row = new String[SHOWN.length];
            for (int c = 0; c < SHOWN.length; c++) {
                row[c] = values[c] == null ? "-" : values[c].toString();
            }
            rows.add(row);
        }
        return Columns.render(rows);
    }

    private static String json(List<AuditRecord> records) {
        try {
            return JSON.writeValueAsString(records) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** RFC 4180: CRLF line ends; a field with a comma, a quote or a line break is quoted, its quotes doubled; null is empty. */
    private static String csv(List<AuditRecord> records) {
        StringBuilder out = new StringBuilder(String.join(",", FIELDS)).append("\r\n");
        for (AuditRecord r : records) {
            Object[] values = {r.time(), r.action(), r.outcome(), r.model(), r.version(), r.target(), r.previousVersion(), r.environment(),
                    r.actor(), r.branch(), r.commit(), r.runUrl(), r.registry(), r.detail(), r.approver(), r.previousHash(), r.hash()};
            for (int c = 0; c < values.length; c++) {
                if (c > 0) out.append(',');
                String value = values[c] == null ? "" : values[c].toString();
                out.append(value.matches("(?s).*[,\"\r\n].*") ? "\"" + value.replace("\"", "\"\"") + "\"" : value);
            }
            out.append("\r\n");
        }
        return out.toString();
    }
}
