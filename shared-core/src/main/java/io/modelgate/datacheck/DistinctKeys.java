package io.modelgate.datacheck;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Counts distinct 64-bit key hashes in bounded memory, from several threads at once. Hashes are
 * split by their top bits into {@value #PARTITIONS} partitions and appended to the partition's
 * array (sequential writes, 8 bytes a key, a lock per partition); a partition whose array reaches
 * {@code limit / PARTITIONS} hashes appends them to its temporary file and starts again. At the
 * end each partition, alone small enough to stay in cache, is sorted and its distinct hashes
 * counted, on all cores. In memory: at most {@code limit} hashes, 8 bytes each, plus the partitions
 * being counted. Exact up to 64-bit hash collisions: for n keys about n^2 / 2^65 expected, 3e-6
 * for 10 million.
 */
final class DistinctKeys implements AutoCloseable {

    static final int PARTITIONS = 64;

    /** Hashes held in memory before spilling: a quarter of the heap, at least 4 million (32 MB). */
    static final int IN_MEMORY_KEYS = (int) Math.min(1 << 27, Math.max(1 << 22, Runtime.getRuntime().maxMemory() / 4 / 8));

    private final Partition[] partitions = new Partition[PARTITIONS];
    private final int partitionLimit;
    private Path spillDir;

    DistinctKeys(int limit) {
        this.partitionLimit = Math.max(1, limit / PARTITIONS);
        for (int p = 0; p < PARTITIONS; p++) partitions[p] = new Partition(p);
    }

    /** Adds the first {@code n} hashes, each partition's share under its own lock. */
    void addAll(long[] hashes, int n) {
        int[] start = new int[PARTITIONS + 1];
        for (int i = 0; i < n; i++) start[partition(hashes[i]) + 1]++;
        for (int p = 0; p < PARTITIONS; p++) start[p + 1] += start[p];
        long[] sorted = new long[n];
        int[] at = start.clone();
        for (int i = 0; i < n; i++) sorted[at[partition(hashes[i])]++] = hashes[i];
        for (int p = 0; p < PARTITIONS; p++) {
            if (start[p] == start[p + 1]) continue;
            Partition partition = partitions[p];
            synchronized (partition) {
                partition.add(sorted, start[p], start[p + 1]);
            }
        }
    }

    void add(long hash) {
        addAll(new long[] {hash}, 1);
    }

    private static int partition(long hash) {
        return (int) (hash >>> 58);
    }

    /** The number of distinct hashes added; partitions are counted on all cores. */
    long distinct() {
        return Arrays.stream(partitions).parallel().mapToLong(partition -> {
            synchronized (partition) {
                return partition.distinct();
            }
        }).sum();
    }

    /** Whether some hashes outgrew memory and went to disk. */
    boolean spilled() {
        return spillDir != null;
    }

    private synchronized Path spillDir() throws IOException {
        if (spillDir == null) spillDir = Files.createTempDirectory("modelgate-unique-");
        return spillDir;
    }

    @Override
    public void close() {
        if (spillDir == null) return;
        try (Stream<Path> files = Files.walk(spillDir)) {
            for (Partition partition : partitions) partition.closeFile();
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("removing " + spillDir, e);
        }
        spillDir = null;
    }

    private final class Partition {
        private final int index;
        private long[] hashes = new long[16];
        private int size;
        private long spilled;
        private Path file;
        private DataOutputStream spill;

        Partition(int index) {
            this.index = index;
        }

        void add(long[] from, int start, int end) {
            int n = end - start;
            if (size + n > hashes.length) hashes = Arrays.copyOf(hashes, Math.max(size + n, Math.min(hashes.length * 2, partitionLimit + n)));
            System.arraycopy(from, start, hashes, size, n);
            size += n;
            if (size >= partitionLimit) spillToDisk();
        }

        private void spillToDisk() {
            try {
                if (spill == null) {
                    file = spillDir().resolve("keys-" + index);
                    spill = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
                }
                for (int i = 0; i < size; i++) spill.writeLong(hashes[i]);
            } catch (IOException e) {
                throw new UncheckedIOException("writing spill file " + file, e);
            }
            spilled += size;
            size = 0;
        }

        long distinct() {
            long[] all = Arrays.copyOf(hashes, size);
            if (spill != null) {
                try {
                    spill.flush();
                    all = new long[Math.toIntExact(spilled + size)];
                    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
                        for (int i = 0; i < spilled; i++) all[i] = in.readLong();
                    }
                    System.arraycopy(hashes, 0, all, (int) spilled, size);
                } catch (IOException e) {
                    throw new UncheckedIOException("counting distinct keys in " + file, e);
                }
            }
            Arrays.sort(all);
            long distinct = 0;
            for (int i = 0; i < all.length; i++) if (i == 0 || all[i] != all[i - 1]) distinct++;
            return distinct;
        }

        void closeFile() throws IOException {
            if (spill != null) spill.close();
        }
    }
}
