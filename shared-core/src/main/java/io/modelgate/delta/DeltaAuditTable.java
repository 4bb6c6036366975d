package io.modelgate.delta;

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
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampType;
import io.delta.kernel.utils.CloseableIterable;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.DataFileStatus;
import io.modelgate.step.StepError;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * The Delta audit table: registry transitions appended as rows with Delta Kernel. Each append
 * is one commit carrying a transaction identifier (app id {@code modelgate-audit-<record key>},
 * version 1), so a retried CI run that appends the same record again is refused by the table
 * itself and reported as already recorded. Concurrent appenders all land: Kernel rebases a blind
 * append over commits that won the race, and a commit that still conflicts is retried.
 */
public final class DeltaAuditTable {

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

    /** Appends the record once; creates the table on first use. */
    public Appended append(AuditRecord record) {
        String appId = "modelgate-audit-" + record.key();
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
                throw StepError.infrastructure("audit table " + path + ": cannot append: " + DeltaTable.firstLine(e.getMessage()), e);
            }
        }
        throw StepError.infrastructure("audit table " + path + ": the append still conflicted after " + ATTEMPTS
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
        Comparator<AuditRecord> byTime = Comparator.comparing(AuditRecord::time);
        PriorityQueue<AuditRecord> newest = new PriorityQueue<>(byTime);
        table.scan(List.of(AuditRecord.COLUMNS), Optional.empty(), rows -> {
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

    private static AuditRecord read(Rows rows, int i) {
        String[] values = new String[AuditRecord.COLUMNS.length];
        for (int c = 1; c < values.length; c++) {
            ColumnVector vector = rows.column(c);
            values[c] = vector.isNullAt(i) ? null : vector.getString(i);
        }
        Instant time = Instant.EPOCH.plus(rows.column(0).getLong(i), ChronoUnit.MICROS);
        return new AuditRecord(time, values[1], values[2], values[3], values[4], values[5], values[6], values[7], values[8],
                values[9], values[10]);
    }

    private static StructType schema() {
        StructType schema = new StructType().add("time", TimestampType.TIMESTAMP, false);
        for (int c = 1; c < AuditRecord.COLUMNS.length; c++) {
            schema = schema.add(AuditRecord.COLUMNS[c], StringType.STRING, true);
        }
        return schema;
    }

    /** Records as a Kernel columnar batch: the time as microseconds, the rest as strings. */
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
            String column = AuditRecord.COLUMNS[ordinal];
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
                    return ordinal != 0 && records.get(row).asMap().get(column) == null;
                }

                @Override
                public long getLong(int row) {
                    return ChronoUnit.MICROS.between(Instant.EPOCH, records.get(row).time());
                }

                @Override
                public String getString(int row) {
                    return records.get(row).asMap().get(column);
                }
            };
        }
    }
}
