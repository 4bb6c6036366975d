package io.modelgate.audit;

import io.delta.kernel.DataWriteContext;
import io.delta.kernel.Operation;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Table;
import io.delta.kernel.Transaction;
import io.delta.kernel.TransactionCommitResult;
import io.delta.kernel.hook.PostCommitHook;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.exceptions.ConcurrentWriteException;
import io.delta.kernel.exceptions.TableAlreadyExistsException;
import io.delta.kernel.exceptions.TableNotFoundException;
import io.delta.kernel.expressions.Column;
import io.delta.kernel.expressions.Literal;
import io.delta.kernel.expressions.Predicate;
import io.delta.kernel.internal.SnapshotImpl;
import io.delta.kernel.internal.TableConfig;
import io.delta.kernel.internal.actions.SingleAction;
import io.delta.kernel.internal.util.FileNames;
import io.delta.kernel.internal.util.Utils;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampType;
import io.delta.kernel.utils.CloseableIterable;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.DataFileStatus;
import io.modelgate.delta.DeltaTable;
import io.modelgate.delta.Rows;
import io.modelgate.fault.Fault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The Delta audit table: {@link AuditRecord}s appended as rows with Delta Kernel, one column per
 * record field (snake_case) plus {@code record_key}, each record chained to the newest record of
 * its model and environment in the table ({@link AuditChain}).
 *
 * <p>Concurrent appenders must not fork a chain, and Kernel rebases blind appends over commits
 * that won the race. So each append carries the transaction identifier of its chain (app id
 * {@code modelgate-audit-chain-<chain>}, version one more than the last the chain claimed, which is
 * the chain's length in a table nobody rewrote): two appenders that read the same newest record
 * claim the same version, and Kernel refuses the loser's commit
 * (ConcurrentTransactionException, from the conflict checker or already when the transaction is
 * built); the loser reads the chain again and retries. A commit carries one transaction
 * identifier, so a retried CI run is recognised by its record key instead: when the chain already
 * holds the record's key, the append is reported as already recorded and writes nothing.
 */
public final class DeltaAuditTable implements AuditSink {

    /** The columns after time, in table order: name, type, value of a record. The last three came with the chain. */
    private static final List<Field> COLUMNS = List.of(
            Field.text("action", AuditRecord::action),
            Field.text("outcome", AuditRecord::outcome),
            Field.text("model", AuditRecord::model),
            new Field("version", IntegerType.INTEGER, AuditRecord::version),
            Field.text("target", AuditRecord::target),
            new Field("previous_version", IntegerType.INTEGER, AuditRecord::previousVersion),
            Field.text("environment", AuditRecord::environment),
            Field.text("actor", AuditRecord::actor),
            Field.text("branch", AuditRecord::branch),
            Field.text("commit", AuditRecord::commit),
            Field.text("run_url", AuditRecord::runUrl),
            Field.text("registry", AuditRecord::registry),
            Field.text("detail", AuditRecord::detail),
            Field.text("record_key", DeltaAuditTable::key),
            Field.text("approver", AuditRecord::approver),
            Field.text("previous_hash", AuditRecord::previousHash),
            Field.text("hash", AuditRecord::hash));
    static final StructType SCHEMA = schema();
    /** Enough for 16 appenders of one chain at once, each losing at most once to each of the others, and then some. */
    private static final int ATTEMPTS = 40;
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

    /** Appends the record once, chained; creates the table on first use and adds the chain's columns to an older table. */
    public Appended appendOnce(AuditRecord record) {
        AuditChain.time(record.time()); // a record without a valid time is refused before anything is written
        String chainId = "modelgate-audit-chain-" + AuditChain.sha256(AuditChain.chainOf(record)).substring(0, 16);
        RuntimeException last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try {
                Snapshot snapshot = latest();
                if (snapshot != null && !hasEveryColumn(snapshot.getSchema())) {
                    addColumns(snapshot);
                    continue;
                }
                Head head = snapshot == null ? new Head(null, false) : head(snapshot, record);
                if (head.recorded()) return Appended.ALREADY_RECORDED;
                long claimed = snapshot == null ? 0 : snapshot.getLatestTransactionVersion(engine, chainId).orElse(0L);
                commit(snapshot, record.chainedAfter(head.hash()), chainId, claimed + 1);
                return Appended.WRITTEN;
            } catch (ConcurrentWriteException | TableAlreadyExistsException e) {
                last = e; // another append won: read the chain again
                pause(attempt);
            } catch (UncheckedIOException e) {
                throw Fault.infrastructure("audit table " + path + ": cannot append: " + DeltaTable.firstLine(e.getMessage()), e);
            }
        }
        throw Fault.infrastructure("audit table " + path + ": the append still conflicted after " + ATTEMPTS
                + " attempts: " + DeltaTable.firstLine(last.getMessage()), last);
    }

    /** A short random wait, longer after each lost race, so appenders of one chain stop colliding in step. */
    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(5, 20L + 20L * Math.min(attempt, 10)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Fault.infrastructure("audit append interrupted", e);
        }
    }

    /** Whether the table has been created (by a first append). */
    public boolean exists() {
        return latest() != null;
    }

    private Snapshot latest() {
        try {
            return Table.forPath(engine, path).getLatestSnapshot(engine);
        } catch (TableNotFoundException e) {
            return null;
        }
    }

    /** The chain's newest record: the hash no record of the chain follows (the latest such, should the chain be forked). */
    private record Head(String hash, boolean recorded) {
    }

    private Head head(Snapshot snapshot, AuditRecord record) {
        String chain = AuditChain.chainOf(record);
        List<AuditRecord> records = new ArrayList<>();
        scan(DeltaTable.of(engine, "audit", path, snapshot), chainFilter(record), stored -> {
            if (AuditChain.chainOf(stored).equals(chain)) records.add(stored);
        });
        Set<String> followed = new HashSet<>();
        records.forEach(r -> followed.add(r.previousHash()));
        String newest = records.stream().filter(r -> r.hash() != null && !followed.contains(r.hash()))
                .max(Comparator.comparing((AuditRecord r) -> Instant.parse(r.time()))).map(AuditRecord::hash).orElse(null);
        String key = key(record);
        return new Head(newest, records.stream().anyMatch(r -> key(r).equals(key) || repeats(record, r)));
    }

    /** Skips the data files of other chains (each append is a file with its own statistics); rows are still checked. */
    private static Optional<Predicate> chainFilter(AuditRecord record) {
        if (record.model() == null || record.environment() == null) return Optional.empty();
        return Optional.of(new Predicate("AND",
                new Predicate("=", new Column("model"), Literal.ofString(record.model())),
                new Predicate("=", new Column("environment"), Literal.ofString(record.environment()))));
    }

    private void commit(Snapshot snapshot, AuditRecord record, String chainId, long chainVersion) {
        Transaction transaction = snapshot == null
                ? Table.forPath(engine, path).createTransactionBuilder(engine, ENGINE_INFO, Operation.CREATE_TABLE)
                        .withSchema(engine, SCHEMA).withTransactionId(engine, chainId, chainVersion).build(engine)
                : snapshot.buildUpdateTableTransaction(ENGINE_INFO, Operation.WRITE).withTransactionId(chainId, chainVersion).build(engine);
        TransactionCommitResult committed = transaction.commit(engine, CloseableIterable.inMemoryIterable(appendActions(transaction, List.of(record))));
        checkpoint(committed);
    }

    /**
     * Writes the checkpoint Kernel asks for (every delta.checkpointInterval commits, 10 by default):
     * an audit table only grows, one commit per record, and without checkpoints every read replays
     * the whole log. The record is committed already, so a checkpoint that fails only costs readers time.
     */
    private void checkpoint(TransactionCommitResult committed) {
        for (PostCommitHook hook : committed.getPostCommitHooks()) {
            if (hook.getType() != PostCommitHook.PostCommitHookType.CHECKPOINT) continue;
            try {
                hook.threadSafeInvoke(engine);
            } catch (IOException | RuntimeException e) {
                System.getLogger(DeltaAuditTable.class.getName()).log(System.Logger.Level.DEBUG, "audit table checkpoint skipped", e);
            }
        }
    }

    /** Writes the records, in the table's columns, as one data file and returns the actions that add it (tests forge records with it). */
    CloseableIterator<Row> appendActions(Transaction transaction, List<AuditRecord> records) {
        Row state = transaction.getTransactionState(engine);
        FilteredColumnarBatch batch = new FilteredColumnarBatch(new RecordBatch(transaction.getSchema(engine), records), Optional.empty());
        CloseableIterator<FilteredColumnarBatch> physical = Transaction.transformLogicalData(engine, state,
                Utils.singletonCloseableIterator(batch), Map.of());
        DataWriteContext context = Transaction.getWriteContext(engine, state, Map.of());
        try {
            CloseableIterator<DataFileStatus> files = engine.getParquetHandler()
                    .writeParquetFiles(context.getTargetDirectory(), physical, context.getStatisticsColumns());
            return Transaction.generateAppendActions(engine, state, files, context);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean hasEveryColumn(StructType schema) {
        return SCHEMA.fieldNames().stream().allMatch(name -> schema.indexOf(name) >= 0);
    }

    /**
     * Adds the columns an older table lacks (approver, previous_hash, hash) as nullable columns, in
     * one commit holding only the new metadata: no data file is rewritten, old rows read them as
     * null. Kernel 4.4 evolves a schema only on tables with column mapping, and writes no data to
     * those, so this commit is written as Delta's protocol describes it (what Spark's ALTER TABLE
     * ADD COLUMNS commits): the table's metadata with the wider schema, put atomically as the next
     * version, after Kernel has checked it may write this table. An append that raced it is
     * refused by Kernel (the metadata changed) and retried, as is this commit if the version was taken.
     */
    private void addColumns(Snapshot snapshot) {
        StructType schema = snapshot.getSchema();
        for (StructField field : SCHEMA.fields()) {
            if (schema.indexOf(field.getName()) < 0) schema = schema.add(field.getName(), field.getDataType(), true);
        }
        snapshot.buildUpdateTableTransaction(ENGINE_INFO, Operation.WRITE).build(engine); // refuses a table Kernel may not write
        SnapshotImpl table = (SnapshotImpl) snapshot;
        if (TableConfig.IN_COMMIT_TIMESTAMPS_ENABLED.fromMetadata(table.getMetadata())) {
            throw Fault.usage("audit table " + path + " lacks the columns approver, previous_hash and hash and uses in-commit timestamps;"
                    + " add them first: ALTER TABLE delta.`" + path + "` ADD COLUMNS (approver STRING, previous_hash STRING, hash STRING)");
        }
        Row metadata = SingleAction.createMetadataSingleAction(table.getMetadata().withNewSchema(schema).toRow());
        try {
            engine.getJsonHandler().writeJsonFileAtomically(FileNames.deltaFile(table.getLogPath(), table.getVersion() + 1),
                    Utils.singletonCloseableIterator(metadata), false);
        } catch (FileAlreadyExistsException e) {
            throw new ConcurrentWriteException("version " + (table.getVersion() + 1) + " was committed first", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Records matching the filter, newest first; the table is streamed, only {@code limit} records are held. */
    public List<AuditRecord> recent(int limit, java.util.function.Predicate<AuditRecord> filter) {
        NewestRecords newest = new NewestRecords(limit, filter);
        scan(DeltaTable.open(engine, "audit", path, null, null), Optional.empty(), newest);
        return newest.list();
    }

    /** The newest records, newest first. */
    public List<AuditRecord> recent(int limit) {
        return recent(limit, record -> true);
    }

    /** Every record's link, for {@code audit verify}; each record's hash is recomputed as it streams by. */
    public List<AuditChain.Link> links() {
        List<AuditChain.Link> links = new ArrayList<>();
        scan(DeltaTable.open(engine, "audit", path, null, null), Optional.empty(),
                record -> links.add(AuditChain.Link.of(record, record.time() + " " + record.action() + " version " + record.version())));
        return links;
    }

    /** Streams the live rows as records; columns a table written before the chain lacks are read as null. */
    private static void scan(DeltaTable table, Optional<Predicate> filter, Consumer<AuditRecord> each) {
        List<String> names = new ArrayList<>(List.of("time"));
        COLUMNS.stream().map(Field::name).filter(name -> table.schema().indexOf(name) >= 0).forEach(names::add);
        table.scan(names, filter, rows -> {
            for (int i = 0; i < rows.size(); i++) {
                if (rows.live(i)) each.accept(read(rows, i));
            }
        });
    }

    /**
     * The event a CI run records: run, commit, model, version, action, target, environment, the
     * version it replaced and the outcome. The time and detail are left out, so a retried run that
     * records the same event again leaves the table with its first record; a different outcome
     * (refused, then promoted once approved) or a move back (v1, v2, then v1 again) is another event.
     */
    public static String key(AuditRecord record) {
        return AuditChain.sha256(String.join("\u0000", move(record), nonNull(record.previousVersion()), nonNull(record.outcome())))
                .substring(0, 32);
    }

    /** A retried run finding its move already done ("unchanged") repeats the move that run recorded: the table keeps the move only. */
    private static boolean repeats(AuditRecord record, AuditRecord stored) {
        return UNCHANGED.equals(record.outcome()) && (PROMOTED.equals(stored.outcome()) || UNCHANGED.equals(stored.outcome()))
                && move(stored).equals(move(record));
    }

    private static String move(AuditRecord record) {
        return String.join("\u0000", nonNull(record.runUrl()), nonNull(record.commit()), nonNull(record.model()),
                nonNull(record.version()), nonNull(record.action()), nonNull(record.target()), nonNull(record.environment()));
    }

    private static final String PROMOTED = "promoted";
    private static final String UNCHANGED = "unchanged";

    private static String nonNull(Object value) {
        return value == null ? "" : value.toString();
    }

    static AuditRecord read(Rows rows, int i) {
        String time = Instant.EPOCH.plus(rows.column(0).getLong(i), ChronoUnit.MICROS).toString();
        return new AuditRecord(time, text(rows, i, "action"), text(rows, i, "outcome"), text(rows, i, "model"), number(rows, i, "version"),
                text(rows, i, "target"), number(rows, i, "previous_version"), text(rows, i, "environment"), text(rows, i, "actor"),
                text(rows, i, "branch"), text(rows, i, "commit"), text(rows, i, "run_url"), text(rows, i, "registry"),
                text(rows, i, "detail"), text(rows, i, "approver"), text(rows, i, "previous_hash"), text(rows, i, "hash"));
    }

    private static String text(Rows rows, int i, String column) {
        int ordinal = rows.ordinal(column);
        return ordinal < 0 || rows.column(ordinal).isNullAt(i) ? null : rows.column(ordinal).getString(i);
    }

    private static Integer number(Rows rows, int i, String column) {
        int ordinal = rows.ordinal(column);
        return ordinal < 0 || rows.column(ordinal).isNullAt(i) ? null : rows.column(ordinal).getInt(i);
    }

    private static StructType schema() {
        StructType schema = new StructType().add("time", TimestampType.TIMESTAMP, false);
        for (Field column : COLUMNS) schema = schema.add(column.name(), column.type(), true);
        return schema;
    }

    private record Field(String name, DataType type, Function<AuditRecord, Object> value) {
        static Field text(String name, Function<AuditRecord, String> value) {
            return new Field(name, StringType.STRING, value::apply);
        }
    }

    /** Records as a Kernel columnar batch in the table's schema: the time as microseconds, the rest as their column's type. */
    private record RecordBatch(StructType schema, List<AuditRecord> records) implements ColumnarBatch {

        @Override
        public StructType getSchema() {
            return schema;
        }

        @Override
        public int getSize() {
            return records.size();
        }

        @Override
        public ColumnVector getColumnVector(int ordinal) {
            StructField field = schema.at(ordinal);
            Function<AuditRecord, Object> value = field.getName().equals("time") ? AuditRecord::time
                    : COLUMNS.stream().filter(c -> c.name().equals(field.getName())).findFirst().orElseThrow().value();
            return new ColumnVector() {
                @Override
                public DataType getDataType() {
                    return field.getDataType();
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
                    return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.parse(records.get(row).time()));
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
