package io.modelgate.datacheck;

import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.expressions.Predicate;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.modelgate.datacheck.drift.PopulationStability;
import io.modelgate.delta.ColumnValues;
import io.modelgate.delta.DeltaTable;
import io.modelgate.delta.Rows;
import io.modelgate.fault.Fault;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The single-machine engine: measures a snapshot with Delta Kernel in this JVM. Data files are
 * read in parallel by a bounded pool (one file per task); each task measures its file into a
 * partial, and partials are merged strictly in file order, so the result is the same whatever the
 * number of threads (floating-point sums included). At most {@code 2 x threads} files are in
 * flight or waiting to be merged. Each batch's columns are decoded once into primitive arrays
 * that every measure on the column shares; nothing is boxed per row.
 *
 * <p>Memory: per file in flight, one batch of decoded columns and the file's partial state (per
 * measure and group: counters; up to {@link Observations#MAX_CATEGORIES} categories; a sample of
 * at most its size); plus the merged state and the distinct-key set of {@link DistinctKeys}.
 */
final class KernelEngine {

    /** Rows read so far, for progress lines; updated once per batch. */
    interface Progress {
        Progress NONE = (done, total, rows, bytesDone, bytesTotal) -> { };

        /** {@code done} is -1 on a tick while a file is still being read. */
        void files(int done, int total, long rows, long bytesDone, long bytesTotal);
    }

    private final int threads;
    private final int inMemoryKeys;
    private final int maxGroups;

    /** @param maxGroups most groups a grouped measure may see: more is refused (exit 2) before memory runs out */
    KernelEngine(int threads, int inMemoryKeys, int maxGroups) {
        this.threads = Math.max(1, threads);
        this.inMemoryKeys = inMemoryKeys;
        this.maxGroups = maxGroups;
    }

    static int defaultThreads() {
        return Runtime.getRuntime().availableProcessors();
    }

    Observations observe(DeltaTable table, Optional<Predicate> filter, Collection<Measure> wanted, Progress progress) {
        List<Measure> measures = List.copyOf(new LinkedHashSet<>(wanted));
        Map<String, DataType> types = new LinkedHashMap<>();
        for (Measure measure : measures) {
            for (String column : measure.columns()) types.put(column, table.schema().get(column).getDataType());
        }
        if (types.isEmpty() && !measures.isEmpty()) {
            // Counting rows alone still reads one column: the first that is not a partition column.
            String any = table.schema().fieldNames().stream().filter(c -> !table.partitionColumns().contains(c)).findFirst()
                    .orElse(table.schema().fieldNames().get(0));
            types.put(any, table.schema().get(any).getDataType());
        }
        DistinctKeys[] distinct = new DistinctKeys[measures.size()];
        for (int i = 0; i < measures.size(); i++) {
            if (measures.get(i) instanceof Measure.Distinct) distinct[i] = new DistinctKeys(inMemoryKeys);
        }
        try {
            Partial total = new Partial(measures, distinct, maxGroups);
            if (!measures.isEmpty()) {
                DeltaTable.ScanPlan plan = table.plan(List.copyOf(types.keySet()), filter);
                scan(plan, measures, types, distinct, total, progress);
            }
            return total.observations();
        } finally {
            for (DistinctKeys keys : distinct) if (keys != null) keys.close();
        }
    }

    private void scan(DeltaTable.ScanPlan plan, List<Measure> measures, Map<String, DataType> types, DistinctKeys[] distinct,
                      Partial total, Progress progress) {
        List<DeltaTable.DataFile> files = plan.files();
        long bytesTotal = files.stream().mapToLong(DeltaTable.DataFile::size).sum();
        AtomicLong rows = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, Math.max(1, files.size())), runnable -> {
            Thread thread = new Thread(runnable, "check-data-scan");
            thread.setDaemon(true);
            return thread;
        });
        ArrayDeque<Future<Partial>> inFlight = new ArrayDeque<>();
        try {
            int next = 0;
            long bytesDone = 0;
            for (int merged = 0; merged < files.size(); merged++) {
                while (next < files.size() && inFlight.size() < 2 * threads) {
                    DeltaTable.DataFile file = files.get(next++);
                    inFlight.add(pool.submit(() -> {
                        Partial partial = new Partial(measures, distinct, maxGroups);
                        long fileHash = ColumnValues.hashText(file.name());
                        plan.read(file, batch -> {
                            partial.accept(new Batch(batch, fileHash, types));
                            rows.addAndGet(batch.size());
                        });
                        return partial;
                    }));
                }
                Future<Partial> head = inFlight.poll();
                Partial partial = await(head, () -> progress.files(-1, files.size(), rows.get(), -1, bytesTotal));
                total.merge(partial);
                bytesDone += files.get(merged).size();
                progress.files(merged + 1, files.size(), rows.get(), bytesDone, bytesTotal);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Waits for a file's partial, ticking the progress while it waits; rethrows what the task threw. */
    private static Partial await(Future<Partial> future, Runnable tick) {
        try {
            while (true) {
                try {
                    return future.get(1, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    tick.run();
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) throw runtime;
            if (e.getCause() instanceof Error error) throw error;
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Fault.infrastructure("check-data was interrupted", e);
        }
    }

    /** One batch: live rows, and each column decoded once on first use. */
    static final class Batch {
        final Rows rows;
        final long fileHash;
        final int[] live;
        final int liveCount;
        private final Map<String, DataType> types;
        private final Map<String, double[]> numbers = new HashMap<>();
        private final Map<String, boolean[]> nulls = new HashMap<>();

        Batch(Rows rows, long fileHash, Map<String, DataType> types) {
            this.rows = rows;
            this.fileHash = fileHash;
            this.types = types;
            int size = rows.size();
            int[] live = new int[size];
            int n = 0;
            for (int i = 0; i < size; i++) if (rows.live(i)) live[n++] = i;
            this.live = live;
            this.liveCount = n;
        }

        ColumnVector vector(String column) {
            return rows.column(rows.ordinal(column));
        }

        DataType type(String column) {
            return types.get(column);
        }

        boolean[] nulls(String column) {
            return nulls.computeIfAbsent(column, c -> {
                ColumnVector vector = vector(c);
                boolean[] isNull = new boolean[rows.size()];
                for (int k = 0; k < liveCount; k++) {
                    int i = live[k];
                    isNull[i] = vector.isNullAt(i);
                }
                return isNull;
            });
        }

        /** The column's cells as doubles (0 where null). */
        double[] numbers(String column) {
            return numbers.computeIfAbsent(column, c -> {
                ColumnVector vector = vector(c);
                boolean[] isNull = nulls(c);
                double[] values = new double[rows.size()];
                ColumnValues.numeric(types.get(c)).readAll(vector, live, liveCount, isNull, values);
                return values;
            });
        }

        String text(String column, int row) {
            ColumnVector vector = vector(column);
            return vector.isNullAt(row) ? "null" : ColumnValues.text(types.get(column)).read(vector, row);
        }
    }

    /** The states of one file (or, merged, of the whole scan): per measure, per group. */
    private static final class Partial {
        private final List<Measure> measures;
        private final DistinctKeys[] distinct;
        private final int maxGroups;
        private final List<Map<String, State>> states = new ArrayList<>();

        Partial(List<Measure> measures, DistinctKeys[] distinct, int maxGroups) {
            this.measures = measures;
            this.distinct = distinct;
            this.maxGroups = maxGroups;
            for (int i = 0; i < measures.size(); i++) states.add(new LinkedHashMap<>());
        }

        void accept(Batch batch) {
            Map<List<String>, Map<String, int[]>> groupings = new HashMap<>();
            for (int m = 0; m < measures.size(); m++) {
                Measure measure = measures.get(m);
                Map<String, int[]> groups = groupings.computeIfAbsent(measure.by(), by -> group(batch, by));
                for (Map.Entry<String, int[]> group : groups.entrySet()) {
                    int index = m;
                    State state = states.get(m).computeIfAbsent(group.getKey(), k -> newState(measures.get(index), distinct[index]));
                    if (states.get(m).size() > maxGroups) tooManyGroups(measure.by());
                    int[] rows = group.getValue();
                    state.accept(batch, rows, rows == batch.live ? batch.liveCount : rows.length);
                }
            }
        }

        private void tooManyGroups(List<String> by) {
            throw Fault.usage("more than " + maxGroups + " groups of " + String.join(", ", by)
                    + ": raise max_groups, or group by coarser columns");
        }

        /** The live rows of each group of the batch (all of them under "" when ungrouped). */
        private static Map<String, int[]> group(Batch batch, List<String> by) {
            if (by.isEmpty()) return Map.of("", batch.live);
            // Rows of a group gather in a growing int array: no boxing per row.
            Map<String, IntList> lists = new LinkedHashMap<>();
            List<String> values = new ArrayList<>(by.size());
            for (int k = 0; k < batch.liveCount; k++) {
                int row = batch.live[k];
                values.clear();
                for (String column : by) values.add(batch.text(column, row));
                lists.computeIfAbsent(Observations.groupKey(by, values), key -> new IntList()).add(row);
            }
            Map<String, int[]> groups = new LinkedHashMap<>();
            lists.forEach((key, rows) -> groups.put(key, java.util.Arrays.copyOf(rows.values, rows.size)));
            return groups;
        }

        void merge(Partial other) {
            for (int m = 0; m < measures.size(); m++) {
                Map<String, State> mine = states.get(m);
                for (Map.Entry<String, State> entry : other.states.get(m).entrySet()) {
                    State state = mine.get(entry.getKey());
                    if (state == null) {
                        mine.put(entry.getKey(), entry.getValue());
                        if (mine.size() > maxGroups) tooManyGroups(measures.get(m).by());
                    }
                    else state.merge(entry.getValue());
                }
            }
        }

        Observations observations() {
            Observations observations = new Observations();
            for (int m = 0; m < measures.size(); m++) {
                Measure measure = measures.get(m);
                Map<String, State> groups = states.get(m);
                if (groups.isEmpty() && measure.by().isEmpty()) {
                    groups.put("", newState(measure, distinct[m]));
                }
                for (Map.Entry<String, State> entry : groups.entrySet()) {
                    observations.put(measure, entry.getKey(), entry.getValue().value());
                }
                if (groups.isEmpty()) observations.all().computeIfAbsent(measure, k -> new java.util.TreeMap<>());
            }
            return observations;
        }
    }

    private static final class IntList {
        int[] values = new int[16];
        int size;

        void add(int value) {
            if (size == values.length) values = java.util.Arrays.copyOf(values, size * 2);
            values[size++] = value;
        }
    }

    /** A measure's running state for one group. */
    private interface State {
        void accept(Batch batch, int[] rows, int n);

        void merge(State other);

        Object value();
    }

    private static State newState(Measure measure, DistinctKeys distinct) {
        if (measure instanceof Measure.Rows) return new CountState((b, rows, n) -> n);
        if (measure instanceof Measure.Nulls m) {
            return new CountState((b, rows, n) -> {
                boolean[] nulls = b.nulls(m.column());
                long count = 0;
                for (int k = 0; k < n; k++) if (nulls[rows[k]]) count++;
                return count;
            });
        }
        if (measure instanceof Measure.Moments m) return new MomentsState(m.column());
        if (measure instanceof Measure.Outside m) return new OutsideState(m);
        if (measure instanceof Measure.NotAllowed m) return new NotAllowedState(m);
        if (measure instanceof Measure.Newest m) return new NewestState(m.column());
        if (measure instanceof Measure.Counts m) return new CountsState(m.column());
        if (measure instanceof Measure.Distinct m) return new DistinctState(m.key(), distinct);
        if (measure instanceof Measure.Sample m) return new SampleState(m);
        return new HistogramState((Measure.Histogram) measure);
    }

    @FunctionalInterface
    private interface Counter {
        long count(Batch batch, int[] rows, int n);
    }

    private static final class CountState implements State {
        private final Counter counter;
        private long count;

        CountState(Counter counter) {
            this.counter = counter;
        }

        public void accept(Batch batch, int[] rows, int n) {
            count += counter.count(batch, rows, n);
        }

        public void merge(State other) {
            count += ((CountState) other).count;
        }

        public Object value() {
            return count;
        }
    }

    private static final class MomentsState implements State {
        private final String column;
        private Observations.Moments moments = Observations.Moments.EMPTY;

        MomentsState(String column) {
            this.column = column;
        }

        public void accept(Batch batch, int[] rows, int n) {
            boolean[] nulls = batch.nulls(column);
            double[] values = batch.numbers(column);
            long count = 0;
            long nan = 0;
            double sum = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < n; k++) {
                int i = rows[k];
                if (nulls[i]) continue;
                double v = values[i];
                if (Double.isNaN(v)) {
                    nan++;
                    continue;
                }
                count++;
                sum += v;
                if (v < min) min = v;
                if (v > max) max = v;
            }
            double mean = count == 0 ? 0 : sum / count;
            double m2 = 0;
            for (int k = 0; k < n; k++) {
                int i = rows[k];
                double v = values[i];
                if (nulls[i] || Double.isNaN(v)) continue;
                m2 += (v - mean) * (v - mean);
            }
            moments = moments.plus(new Observations.Moments(count, nan, min, max, mean, m2));
        }

        public void merge(State other) {
            moments = moments.plus(((MomentsState) other).moments);
        }

        public Object value() {
            return moments;
        }
    }

    private static final class OutsideState implements State {
        private final Measure.Outside measure;
        private final double low;
        private final double high;
        private long outside;
        private double min = Double.POSITIVE_INFINITY;
        private double max = Double.NEGATIVE_INFINITY;

        OutsideState(Measure.Outside measure) {
            this.measure = measure;
            this.low = measure.min() == null ? Double.NEGATIVE_INFINITY : measure.min();
            this.high = measure.max() == null ? Double.POSITIVE_INFINITY : measure.max();
        }

        public void accept(Batch batch, int[] rows, int n) {
            boolean[] nulls = batch.nulls(measure.column());
            double[] values = batch.numbers(measure.column());
            for (int k = 0; k < n; k++) {
                int i = rows[k];
                if (nulls[i]) continue;
                double v = values[i];
                if (!(v >= low && v <= high)) outside++;
                if (v < min) min = v;
                if (v > max) max = v;
            }
        }

        public void merge(State other) {
            OutsideState o = (OutsideState) other;
            outside += o.outside;
            min = Math.min(min, o.min);
            max = Math.max(max, o.max);
        }

        public Object value() {
            return new Observations.Outside(outside, min, max);
        }
    }

    private static final class NotAllowedState implements State {
        private final Measure.NotAllowed measure;
        private final TreeSet<String> smallest = new TreeSet<>();
        private long count;

        NotAllowedState(Measure.NotAllowed measure) {
            this.measure = measure;
        }

        public void accept(Batch batch, int[] rows, int n) {
            ColumnVector vector = batch.vector(measure.column());
            ColumnValues.Text text = ColumnValues.text(batch.type(measure.column()));
            for (int k = 0; k < n; k++) {
                int i = rows[k];
                if (vector.isNullAt(i)) continue;
                String value = text.read(vector, i);
                if (!measure.allowed().contains(value)) {
                    count++;
                    keep(value);
                }
            }
        }

        private void keep(String value) {
            smallest.add(value);
            if (smallest.size() > Observations.EXAMPLES) smallest.pollLast();
        }

        public void merge(State other) {
            NotAllowedState o = (NotAllowedState) other;
            count += o.count;
            o.smallest.forEach(this::keep);
        }

        public Object value() {
            return new Observations.NotAllowed(count, List.copyOf(smallest));
        }
    }

    private static final class NewestState implements State {
        private final String column;
        private Long newest;

        NewestState(String column) {
            this.column = column;
        }

        public void accept(Batch batch, int[] rows, int n) {
            ColumnVector vector = batch.vector(column);
            boolean date = batch.type(column) instanceof DateType;
            for (int k = 0; k < n; k++) {
                int i = rows[k];
                if (vector.isNullAt(i)) continue;
                long micros = date ? vector.getInt(i) * 86_400_000_000L : vector.getLong(i);
                if (newest == null || micros > newest) newest = micros;
            }
        }

        public void merge(State other) {
            Long o = ((NewestState) other).newest;
            if (o != null && (newest == null || o > newest)) newest = o;
        }

        public Object value() {
            return newest;
        }
    }

    private static final class CountsState implements State {
        private final String column;
        private final HashMap<String, long[]> counts = new HashMap<>();

        CountsState(String column) {
            this.column = column;
        }

        public void accept(Batch batch, int[] rows, int n) {
            ColumnVector vector = batch.vector(column);
            ColumnValues.Text text = ColumnValues.text(batch.type(column));
            for (int k = 0; k < n; k++) {
                int i = rows[k];
                if (vector.isNullAt(i)) continue;
                add(text.read(vector, i), 1);
            }
        }

        private void add(String value, long count) {
            counts.computeIfAbsent(value, v -> new long[1])[0] += count;
            if (counts.size() > Observations.MAX_CATEGORIES) {
                throw Fault.usage("column " + column + ": more than " + Observations.MAX_CATEGORIES
                        + " distinct values, too many for a categorical comparison; compare a numeric column or a coarser one");
            }
        }

        public void merge(State other) {
            ((CountsState) other).counts.forEach((value, count) -> add(value, count[0]));
        }

        public Object value() {
            java.util.TreeMap<String, Long> sorted = new java.util.TreeMap<>();
            counts.forEach((value, count) -> sorted.put(value, count[0]));
            return sorted;
        }
    }

    /** Hashes every key into the scan's one {@link DistinctKeys}; the count is exact whatever the order. */
    private static final class DistinctState implements State {
        private final List<String> key;
        private final DistinctKeys distinct;

        DistinctState(List<String> key, DistinctKeys distinct) {
            this.key = key;
            this.distinct = distinct;
        }

        public void accept(Batch batch, int[] rows, int n) {
            ColumnVector[] vectors = new ColumnVector[key.size()];
            ColumnValues.Hash[] hashes = new ColumnValues.Hash[key.size()];
            for (int c = 0; c < vectors.length; c++) {
                vectors[c] = batch.vector(key.get(c));
                hashes[c] = ColumnValues.hash(batch.type(key.get(c)));
            }
            long[] keys = new long[n];
            for (int k = 0; k < n; k++) {
                int i = rows[k];
                long h = 0x9e3779b97f4a7c15L;
                for (int c = 0; c < vectors.length; c++) {
                    long cell = vectors[c].isNullAt(i) ? 0x5bd1e995L : hashes[c].read(vectors[c], i);
                    h = ColumnValues.mix(h * 31 + cell);
                }
                keys[k] = h;
            }
            distinct.addAll(keys, n);
        }

        public void merge(State other) {
        }

        public Object value() {
            return distinct.distinct();
        }
    }

    /**
     * Bottom-k sampling: the rows of the k smallest priorities, {@link #priority}(seed, file, row
     * index), so that the same rows are drawn whatever the order. Candidates at or below the
     * current threshold are buffered (up to 2k) and compacted to the k smallest, which moves the
     * threshold down: O(1) per row, with rare sorts of the buffer.
     */
    private static final class SampleState implements State {
        private final Measure.Sample measure;
        private final int k;
        private long[] priorities = new long[16];
        private double[] values = new double[16];
        private int size;
        private long threshold = Long.MAX_VALUE;
        private long seen;

        SampleState(Measure.Sample measure) {
            this.measure = measure;
            this.k = measure.size();
        }

        public void accept(Batch batch, int[] rows, int n) {
            boolean[] nulls = batch.nulls(measure.column());
            double[] numbers = batch.numbers(measure.column());
            long fileSeed = priorityOfFile(measure.seed(), batch.fileHash);
            long first = batch.rows.firstRow();
            for (int j = 0; j < n; j++) {
                int i = rows[j];
                double v = numbers[i];
                if (nulls[i] || Double.isNaN(v)) continue;
                seen++;
                long p = priority(fileSeed, first + i);
                if (p <= threshold) offer(p, v);
            }
        }

        private void offer(long priority, double value) {
            if (size == priorities.length) {
                if (size >= 2 * k) {
                    compact();
                    if (priority > threshold) return;
                } else {
                    int capacity = (int) Math.min(2L * k, size * 2L);
                    priorities = java.util.Arrays.copyOf(priorities, capacity);
                    values = java.util.Arrays.copyOf(values, capacity);
                }
            }
            priorities[size] = priority;
            values[size++] = value;
        }

        /** Keeps the k smallest (priority, value) pairs; the k-th priority becomes the threshold. */
        private void compact() {
            if (size <= k) return;
            select(k - 1);
            long kth = priorities[k - 1];
            int ties = 0;
            for (int i = 0; i < size; i++) if (priorities[i] == kth) ties++;
            if (ties > 1) {
                // A tie on a 64-bit priority is all but impossible; broken by value all the same, so the sample is a function of the rows.
                sortByPriorityThenValue();
            }
            size = k;
            threshold = kth;
        }

        /** Quickselect (Hoare partition, median-of-three pivot): the n-th smallest priority at n, smaller ones before it. */
        private void select(int n) {
            int lo = 0;
            int hi = size - 1;
            while (hi > lo) {
                int mid = (lo + hi) >>> 1;
                long a = priorities[lo];
                long b = priorities[mid];
                long c = priorities[hi];
                long pivot = Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
                int i = lo;
                int j = hi;
                while (i <= j) {
                    while (priorities[i] < pivot) i++;
                    while (priorities[j] > pivot) j--;
                    if (i <= j) swap(i++, j--);
                }
                if (n <= j) hi = j;
                else if (n >= i) lo = i;
                else return;
            }
        }

        private void sortByPriorityThenValue() {
            Integer[] order = new Integer[size];
            for (int i = 0; i < size; i++) order[i] = i;
            java.util.Arrays.sort(order, (x, y) -> priorities[x] != priorities[y] ? Long.compare(priorities[x], priorities[y])
                    : Double.compare(values[x], values[y]));
            long[] p = new long[size];
            double[] v = new double[size];
            for (int i = 0; i < size; i++) {
                p[i] = priorities[order[i]];
                v[i] = values[order[i]];
            }
            priorities = p;
            values = v;
        }

        private void swap(int a, int b) {
            long p = priorities[a];
            priorities[a] = priorities[b];
            priorities[b] = p;
            double v = values[a];
            values[a] = values[b];
            values[b] = v;
        }

        public void merge(State other) {
            SampleState o = (SampleState) other;
            o.compact();
            seen += o.seen;
            for (int i = 0; i < o.size; i++) if (o.priorities[i] <= threshold) offer(o.priorities[i], o.values[i]);
        }

        public Object value() {
            compact();
            double[] sorted = java.util.Arrays.copyOf(values, size);
            java.util.Arrays.sort(sorted);
            return new Observations.Sample(seen, sorted);
        }
    }

    /** The part of a row's priority that depends on the sample's seed and the data file (its name's hash). */
    static long priorityOfFile(long seed, long fileHash) {
        return ColumnValues.mix(seed ^ fileHash);
    }

    /** A row's sampling priority: uniform over 64 bits, the same on every engine. */
    static long priority(long fileSeed, long rowIndex) {
        return ColumnValues.mix(fileSeed + rowIndex * 0x9e3779b97f4a7c15L);
    }

    private static final class HistogramState implements State {
        private final Measure.Histogram measure;
        private final long[] bins;

        HistogramState(Measure.Histogram measure) {
            this.measure = measure;
            this.bins = new long[measure.edges().length + 1];
        }

        public void accept(Batch batch, int[] rows, int n) {
            boolean[] nulls = batch.nulls(measure.column());
            double[] numbers = batch.numbers(measure.column());
            double[] edges = measure.edges();
            for (int k = 0; k < n; k++) {
                int i = rows[k];
                double v = numbers[i];
                if (nulls[i] || Double.isNaN(v)) continue;
                bins[PopulationStability.bin(edges, v)]++;
            }
        }

        public void merge(State other) {
            long[] o = ((HistogramState) other).bins;
            for (int i = 0; i < bins.length; i++) bins[i] += o[i];
        }

        public Object value() {
            return bins.clone();
        }
    }
}
