package io.modelgate.audit;

import io.modelgate.delta.DeltaTable;
import io.modelgate.delta.Rows;

import io.delta.kernel.DataWriteContext;
import io.delta.kernel.Operation;
import io.delta.kernel.Table;
import io.delta.kernel.Transaction;
import io.delta.kernel.TransactionBuilder;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.exceptions.ConcurrentTransactionException;
import io.delta.kernel.exceptions.ConcurrentWriteException;
import io.delta.kernel.exceptions.TableAlreadyExistsException;
import io.delta.kernel.exceptions.TableNotFoundException;
import io.delta.kernel.internal.util.Utils;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampType;
import io.delta.kernel.utils.CloseableIterable;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.DataFileStatus;
import io.modelgate.audit.AuditRecord;
import io.modelgate.audit.AuditSink;
import io.modelgate.fault.Fault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.function.Function;

/**
 * The Delta audit table: {@link AuditRecord}s appended as rows with Delta Kernel, one column per
 * record field (snake_case) plus {@code record_key}. Each append
 * is one commit carrying a transaction identifier (app id {@code modelgate-audit-<record key>},
 * version 1), so a retried CI run that appends the same record again is refused by the table
 * itself and reported as already recorded. Concurrent appenders all land: Kernel rebases a blind
 * append over commits that won the race, and a commit that still conflicts is retried.
 */
public final class DeltaAuditTable implements AuditSink {

    /** The columns after time, in table order: name, type, value of a record. */
    private static final List<Column> COLUMNS = List.of(
            Column.text("action", AuditRecord::action),
            Column.text("outcome", AuditRecord::outcome),
            Column.text("model", AuditRecord::model),
            new Column("version", IntegerType.INTEGER, AuditRecord::version),
            Column.text("target", AuditRecord::target),
            new Column("previous_version", IntegerType.INTEGER, AuditRecord::previousVersion),
            Column.text("environment", AuditRecord::environment),
            Column.text("actor", AuditRecord::actor),
            Column.text("branch", AuditRecord::branch),
            Column.text("commit", AuditRecord::commit),
            Column.text("run_url", AuditRecord::runUrl),
            Column.text("registry", AuditRecord::registry),
            Column.text("detail", AuditRecord::detail),
            Column.text("record_key", DeltaAuditTable::key));
    static final StructType SCHEMA = schema();
    private static final int ATTEMPTS = 10;
    private static final String ENGINE_INFO = "modelgate";

    private final Engine engine;
    private final String path;

    public DeltaAuditTable(Engine engine, String path) {
        this.engine = engine;
        this.path = path;
    }

    public enum Appended { WRITTEN, ALREADY_RECORDED }

    @Override
    public void append(AuditRecord record) {
        appendOnce(record);
    }

    /** Appends the record once; creates the table on first use. */
    public Appended appendOnce(AuditRecord record) {
        time(record); // a record without a valid time is refused before anything is written
        String appId = "modelgate-audit-" + key(record);
        ConcurrentWriteException last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try {
                commit(record, appId);
                return Appended.WRITTEN;
            } catch (ConcurrentTransactionException e) {
                return Appended.ALREADY_RECORDED;
            } catch (TableAlreadyExistsException e) {
                last = new ConcurrentWriteException(e.getMessage());
            } catch (ConcurrentWriteException e) {
                last = e;
            } catch (UncheckedIOException e) {
                throw Fault.infrastructure("audit table " + path + ": cannot append: " + DeltaTable.firstLine(e.getMessage()), e);
            }
        }
        throw Fault.infrastructure("audit table " + path + ": the append still conflicted after " + ATTEMPTS
                + " attempts: " + DeltaTable.firstLine(last.getMessage()), last);
    }

    private void commit(AuditRecord record, String appId) {
        Table table = Table.forPath(engine, path);
        boolean exists = exists(table);
        TransactionBuilder builder = table.createTransactionBuilder(engine, ENGINE_INFO, exists ? Operation.WRITE : Operation.CREATE_TABLE)
                .withTransactionId(engine, appId, 1);
        if (!exists) {
            builder = builder.withSchema(engine, SCHEMA);
        }
        Transaction transaction = builder.build(engine);
        Row state = transaction.getTransactionState(engine);
        FilteredColumnarBatch batch = new FilteredColumnarBatch(new RecordBatch(List.of(record)), Optional.empty());
        CloseableIterator<FilteredColumnarBatch> physical = Transaction.transformLogicalData(engine, state,
                Utils.singletonCloseableIterator(batch), Map.of());
        DataWriteContext context = Transaction.getWriteContext(engine, state, Map.of());
        try {
            CloseableIterator<DataFileStatus> files = engine.getParquetHandler()
                    .writeParquetFiles(context.getTargetDirectory(), physical, context.getStatisticsColumns());
            CloseableIterator<Row> actions = Transaction.generateAppendActions(engine, state, files, context);
            transaction.commit(engine, CloseableIterable.inMemoryIterable(actions));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean exists(Table table) {
        try {
            table.getLatestSnapshot(engine);
            return true;
        } catch (TableNotFoundException e) {
            return false;
        }
    }

    /** The newest records, newest first; the table is streamed, only {@code limit} records are held. */
    public List<AuditRecord> recent(int limit) {
        DeltaTable table = DeltaTable.open(engine, "audit", path, null, null);
        Comparator<AuditRecord> byTime = Comparator.comparing(DeltaAuditTable::time);
        PriorityQueue<AuditRecord> newest = new PriorityQueue<>(byTime);
        List<String> names = new ArrayList<>(List.of("time"));
        COLUMNS.forEach(c -> names.add(c.name()));
        table.scan(names, Optional.empty(), rows -> {
            for (int i = 0; i < rows.size(); i++) {
                if (!rows.live(i)) continue;
                newest.add(read(rows, i));
                if (newest.size() > limit) newest.poll();
            }
        });
        List<AuditRecord> records = new ArrayList<>(newest);
        records.sort(byTime.reversed());
        return records;
    }

    /**
     * The event a CI run records: run, commit, model, version, action, target and environment.
     * What the attempt found (time, outcome, previous version, detail) is left out, so a retried
     * run produces the same key and the table keeps its first record.
     */
    public static String key(AuditRecord record) {
        String identity = String.join("\u0000", nonNull(record.runUrl()), nonNull(record.commit()), nonNull(record.model()),
                nonNull(record.version()), nonNull(record.action()), nonNull(record.target()), nonNull(record.environment()));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String nonNull(Object value) {
        return value == null ? "" : value.toString();
    }

    private static Instant time(AuditRecord record) {
        if (record.time() == null) throw new IllegalArgumentException("an audit record needs a time");
        return Instant.parse(record.time());
    }

    private static AuditRecord read(Rows rows, int i) {
        Object[] values = new Object[COLUMNS.size()];
        for (int c = 0; c < values.length; c++) {
            ColumnVector vector = rows.column(c + 1);
            values[c] = vector.isNullAt(i) ? null
                    : COLUMNS.get(c).type() instanceof IntegerType ? (Object) vector.getInt(i) : vector.getString(i);
        }
        String time = Instant.EPOCH.plus(rows.column(0).getLong(i), ChronoUnit.MICROS).toString();
        return new AuditRecord(time, (String) values[0], (String) values[1], (String) values[2], (Integer) values[3],
                (String) values[4], (Integer) values[5], (String) values[6], (String) values[7], (String) values[8],
                (String) values[9], (String) values[10], (String) values[11], (String) values[12]);
    }

    private static StructType schema() {
        StructType schema = new StructType().add("time", TimestampType.TIMESTAMP, false);
        for (Column column : COLUMNS) schema = schema.add(column.name(), column.type(), true);
        return schema;
    }

    private record Column(String name, DataType type, Function<AuditRecord, Object> value) {
        static Column text(String name, Function<AuditRecord, String> value) {
            return new Column(name, StringType.STRING, value::apply);
        }
    }

    /** Records as a Kernel columnar batch: the time as microseconds, the rest as their column's type. */
    private record RecordBatch(List<AuditRecord> records) implements ColumnarBatch {

        @Override
        public StructType getSchema() {
            return SCHEMA;
        }

        @Override
        public int getSize() {
            return records.size();
        }

        @Override
        public ColumnVector getColumnVector(int ordinal) {
            DataType type = SCHEMA.at(ordinal).getDataType();
            Function<AuditRecord, Object> value = ordinal == 0 ? DeltaAuditTable::time : COLUMNS.get(ordinal - 1).value();
            return new ColumnVector() {
                @Override
                public DataType getDataType() {
                    return type;
                }

                @Override
                public int getSize() {
                    return records.size();
                }

                @Override
                public void close() {
                }

                @Override
                public boolean isNullAt(int row) {
                    return value.apply(records.get(row)) == null;
                }

                @Override
                public long getLong(int row) {
                    return ChronoUnit.MICROS.between(Instant.EPOCH, time(records.get(row)));
                }

                @Override
                public int getInt(int row) {
                    return (Integer) value.apply(records.get(row));
                }

                @Override
                public String getString(int row) {
                    return (String) value.apply(records.get(row));
                }
            };
        }
    }
}
