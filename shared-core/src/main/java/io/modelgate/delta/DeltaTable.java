package io.modelgate.delta;

import io.delta.kernel.Scan;
import io.delta.kernel.ScanBuilder;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Table;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.engine.FileReadResult;
import io.delta.kernel.exceptions.KernelEngineException;
import io.delta.kernel.exceptions.KernelException;
import io.delta.kernel.exceptions.TableNotFoundException;
import io.delta.kernel.expressions.Predicate;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.data.ScanStateRow;
import io.delta.kernel.internal.util.Utils;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import io.modelgate.fault.Fault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One snapshot of a Delta table, read with Delta Kernel: the latest, a version, or the version
 * as of a timestamp. Everything a check reports names {@link #describe()}: table, path, version.
 * Rows are streamed batch by batch, only the requested columns, files pruned by the partition
 * filter; nothing collects the rows.
 */
public final class DeltaTable {

    private final String name;
    private final String path;
    private final Engine engine;
    private final Snapshot snapshot;

    private DeltaTable(String name, String path, Engine engine, Snapshot snapshot) {
        this.name = name;
        this.path = path;
        this.engine = engine;
        this.snapshot = snapshot;
    }

    /**
     * Opens the snapshot. A path that is not a Delta table, a version or timestamp the table does
     * not have are usage errors (exit 2) naming the table; an unreadable store is an infrastructure error.
     */
    public static DeltaTable open(Engine engine, String name, String path, Long version, Instant timestamp) {
        Table table = Table.forPath(engine, path);
        try {
            Snapshot snapshot;
            if (version != null) {
                snapshot = table.getSnapshotAsOfVersion(engine, version);
            } else if (timestamp != null) {
                snapshot = table.getSnapshotAsOfTimestamp(engine, timestamp.toEpochMilli());
            } else {
                snapshot = table.getLatestSnapshot(engine);
            }
            return new DeltaTable(name, path, engine, snapshot);
        } catch (TableNotFoundException e) {
            throw Fault.usage("table " + name + ": " + path + " is not a Delta table (no _delta_log with commits)");
        } catch (KernelException e) {
            String asked = version != null ? "version " + version : timestamp != null ? "timestamp " + timestamp : "the latest version";
            throw Fault.usage("table " + name + " (" + path + "): cannot read " + asked + ": " + firstLine(e.getMessage())
                    + (version != null || timestamp != null ? latest(engine, table) : ""));
        } catch (UncheckedIOException e) {
            throw Fault.infrastructure("table " + name + " (" + path + "): cannot be read: " + firstLine(e.getMessage()), e);
        }
    }

    /** A snapshot the caller already holds, e.g. the one a transaction is built on. */
    public static DeltaTable of(Engine engine, String name, String path, Snapshot snapshot) {
        return new DeltaTable(name, path, engine, snapshot);
    }

    /** "; its latest version is 3", or nothing when even that cannot be read. */
    private static String latest(Engine engine, Table table) {
        try {
            return "; its latest version is " + table.getLatestSnapshot(engine).getVersion();
        } catch (RuntimeException e) {
            return "";
        }
    }

    public String name() {
        return name;
    }

    public String path() {
        return path;
    }

    public long version() {
        return snapshot.getVersion();
    }

    /** When the version read was committed. */
    public Instant commitTime() {
        return Instant.ofEpochMilli(snapshot.getTimestamp(engine));
    }

    public StructType schema() {
        return snapshot.getSchema();
    }

    public List<String> partitionColumns() {
        return snapshot.getPartitionColumnNames();
    }

    /** "features (/data/features) version 3" */
    public String describe() {
        return name + " (" + path + ") version " + version();
    }

    /**
     * Streams the rows of the given columns, batch by batch, to {@code consumer}, file after file.
     * The filter, on partition columns, prunes whole files before they are opened.
     */
    public void scan(List<String> columns, Optional<Predicate> filter, Consumer<Rows> consumer) {
        ScanPlan plan = plan(columns, filter);
        for (DataFile file : plan.files()) plan.read(file, consumer);
    }

    /** What reads one data file: it is given the file's batches, then asked for its result. */
    public interface FileReader<T> extends Consumer<Rows> {
        T finish();
    }

    /**
     * Reads each data file with its own reader, up to {@code threads} files at once, and returns
     * the readers' results in the order the table lists its files — the same order whatever the
     * threads, so what is computed from it repeats.
     */
    public <T> List<T> scanFiles(List<String> columns, int threads, Supplier<FileReader<T>> readers) {
        ScanPlan plan = plan(columns, Optional.empty());
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, plan.files().size())), r -> {
            Thread thread = new Thread(r, "modelgate-delta-read");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<T>> results = new ArrayList<>();
            for (DataFile file : plan.files()) {
                results.add(pool.submit(() -> {
                    FileReader<T> reader = readers.get();
                    plan.read(file, reader);
                    return reader.finish();
                }));
            }
            List<T> out = new ArrayList<>();
            for (Future<T> result : results) out.add(result.get());
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Fault.infrastructure("table " + describe() + ": reading was interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) throw runtime;
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** The data files a scan of these columns reads (pruned by the partition filter), to be read one by one or in parallel. */
    public ScanPlan plan(List<String> columns, Optional<Predicate> filter) {
        StructType readSchema = new StructType();
        for (String column : columns) {
            readSchema = readSchema.add(schema().get(column));
        }
        ScanBuilder builder = snapshot.getScanBuilder().withReadSchema(readSchema);
        if (filter.isPresent()) {
            builder = builder.withFilter(filter.get());
        }
        Scan scan = builder.build();
        Row scanState = scan.getScanState(engine);
        List<DataFile> files = new ArrayList<>();
        try (CloseableIterator<FilteredColumnarBatch> scanFiles = scan.getScanFiles(engine)) {
            while (scanFiles.hasNext()) {
                try (CloseableIterator<Row> rows = scanFiles.next().getRows()) {
                    while (rows.hasNext()) {
                        Row file = rows.next();
                        FileStatus status = InternalScanFileUtils.getAddFileStatus(file);
                        files.add(new DataFile(file, status.getPath(), status.getSize()));
                    }
                }
            }
        } catch (IOException | UncheckedIOException | KernelEngineException e) {
            throw unreadable(e);
        }
        return new ScanPlan(scanState, List.copyOf(files));
    }

    /** One data file of a scan: its path and size in bytes. */
    public record DataFile(Row scanFile, String path, long size) {
        /** The file's name, the last segment of its path: what identifies a row with its index in the file. */
        public String name() {
            return path.substring(path.lastIndexOf('/') + 1);
        }
    }

    /** The files of one scan, and how to read one of them; {@link #read} may run on several threads at once. */
    public final class ScanPlan {
        private final Row scanState;
        private final List<DataFile> files;

        private ScanPlan(Row scanState, List<DataFile> files) {
            this.scanState = scanState;
            this.files = files;
        }

        public List<DataFile> files() {
            return files;
        }

        /** Streams one file's rows, batch by batch, with deletion vectors applied as selection vectors. */
        public void read(DataFile file, Consumer<Rows> consumer) {
            StructType physicalSchema = ScanStateRow.getPhysicalDataReadSchema(scanState);
            try {
                CloseableIterator<ColumnarBatch> physical = engine.getParquetHandler()
                        .readParquetFiles(Utils.singletonCloseableIterator(InternalScanFileUtils.getAddFileStatus(file.scanFile())),
                                physicalSchema, Optional.empty())
                        .map(FileReadResult::getData);
                read(file, physical, consumer);
            } catch (IOException | UncheckedIOException | KernelEngineException e) {
                throw unreadable(e);
            }
        }

        private void read(DataFile file, CloseableIterator<ColumnarBatch> physical, Consumer<Rows> consumer) throws IOException {
            try (CloseableIterator<FilteredColumnarBatch> logical = Scan.transformPhysicalData(engine, scanState, file.scanFile(), physical)) {
                long row = 0;
                while (logical.hasNext()) {
                    FilteredColumnarBatch batch = logical.next();
                    Rows rows = new Rows(batch.getData(), batch.getSelectionVector().orElse(null), row);
                    row += rows.size();
                    consumer.accept(rows);
                }
            }
        }
    }

    /** A data file missing or unreadable: the store's fault, not the checks' (exit 3). */
    private Fault unreadable(Throwable e) {
        return Fault.infrastructure("table " + describe() + ": cannot be read: " + rootMessage(e), e);
    }

    /**
     * The userMetadata of the commit that made the version read (what a writer attached with
     * Spark's {@code userMetadata} option), or empty when it has none.
     */
    public Optional<String> commitMetadata() {
        String file = String.format(java.util.Locale.ROOT, "%s/_delta_log/%020d.json", path.replaceAll("/+$", ""), version());
        try (CloseableIterator<FileStatus> status = Utils.singletonCloseableIterator(FileStatus.of(file));
             CloseableIterator<ColumnarBatch> actions = engine.getJsonHandler().readJsonFiles(status, COMMIT_INFO, Optional.empty())) {
            while (actions.hasNext()) {
                ColumnarBatch batch = actions.next();
                io.delta.kernel.data.ColumnVector info = batch.getColumnVector(0);
                for (int row = 0; row < batch.getSize(); row++) {
                    if (!info.isNullAt(row) && !info.getChild(0).isNullAt(row)) return Optional.of(info.getChild(0).getString(row));
                }
            }
            return Optional.empty();
        } catch (IOException | UncheckedIOException | KernelEngineException e) {
            throw unreadable(e);
        }
    }

    private static final StructType COMMIT_INFO = new StructType()
            .add("commitInfo", new StructType().add("userMetadata", io.delta.kernel.types.StringType.STRING));

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return firstLine(String.valueOf(root.getMessage()));
    }

    public static String firstLine(String text) {
        return text == null ? "" : text.lines().findFirst().orElse("");
    }

    /** A path relative to the project, an absolute path, or a URI with a scheme (s3a://, abfss://, file:/...). */
    public static String resolve(Path projectDir, String path) {
        if (path.matches("[a-zA-Z][a-zA-Z0-9+.-]*:/.*")) {
            return URI.create(path).toString();
        }
        return projectDir.resolve(path).toAbsolutePath().normalize().toString();
    }

    /** ISO-8601 instant, offset date-time, or a date (midnight UTC). */
    public static Instant instant(String where, String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e2) {
                try {
                    return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
                } catch (DateTimeParseException e3) {
                    throw Fault.usage(where + ": expected an ISO-8601 timestamp like 2026-01-31T12:00:00Z or a date, got \"" + text + "\"");
                }
            }
        }
    }
}
