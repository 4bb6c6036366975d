package io.modelgate.datacheck;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Counts distinct 64-bit key hashes in bounded memory, from several threads at once. Hashes are
 * split by their top bits into {@value #PARTITIONS} partitions, each an open-addressing set kept
 * at most half full (small enough to stay in cache while it fills) with its own lock. A partition
 * that outgrows {@code limit / PARTITIONS} keys moves to a temporary file, where its later hashes
 * go too, and is counted alone at the end. In memory: at most {@code limit} keys, 16 to 32 bytes
 * each (the sets are a quarter to half full), and one partition's copy while it grows. Exact up to 64-bit hash collisions:
 * for n keys about n^2 / 2^65 expected, 3e-6 for 10 million.
 */
final class DistinctKeys implements AutoCloseable {

    static final int PARTITIONS = 64;

    /** Distinct keys held in memory before spilling: 4 million, a 64 MB set, or as many as a quarter of the heap holds. */
    static final int IN_MEMORY_KEYS = (int) Math.min(1 << 26, Math.max(1 << 22, Runtime.getRuntime().maxMemory() / 4 / 16));

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
                for (int i = start[p]; i < start[p + 1]; i++) partition.add(sorted[i]);
            }
        }
    }

    void add(long hash) {
        addAll(new long[] {hash}, 1);
    }

    private static int partition(long hash) {
        return (int) (hash >>> 58);
    }

    /** The number of distinct hashes added; spilled partitions are counted on all cores. */
    long distinct() {
        return java.util.Arrays.stream(partitions).parallel().mapToLong(partition -> {
            synchronized (partition) {
                return partition.distinct();
            }
        }).sum();
    }

    /** Whether some keys outgrew memory and went to disk. */
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
        private LongSet memory = new LongSet(16);
        private Path file;
        private DataOutputStream spill;

        Partition(int index) {
            this.index = index;
        }

        void add(long hash) {
            if (spill != null) {
                write(hash);
                return;
            }
            memory.add(hash);
            if (memory.size() > partitionLimit) spillToDisk();
        }

        private void spillToDisk() {
            try {
                file = spillDir().resolve("keys-" + index);
                spill = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
            } catch (IOException e) {
                throw new UncheckedIOException("creating a spill file for distinct keys", e);
            }
            memory.forEach(this::write);
            memory = null;
        }

        private void write(long hash) {
            try {
                spill.writeLong(hash);
            } catch (IOException e) {
                throw new UncheckedIOException("writing spill file " + file, e);
            }
        }

        long distinct() {
            if (spill == null) return memory.size();
            try {
                spill.flush();
                // Sized for every hash in the file at most half full: no growth while it fills.
                LongSet partition = new LongSet(Long.highestOneBit(Math.max(16, Files.size(file) / 8 * 2 - 1)) << 1);
                try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
                    while (true) partition.add(in.readLong());
                } catch (EOFException end) {
                    return partition.size();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("counting distinct keys in " + file, e);
            }
        }

        void closeFile() throws IOException {
            if (spill != null) spill.close();
        }
    }

    /** Open addressing, linear probing; 0 marks an empty slot, so the hash 0 is stored as 1. */
    static final class LongSet {
        private long[] slots;
        private int size;

        LongSet(long capacity) {
            slots = new long[(int) capacity];
        }

        void add(long value) {
            long key = value == 0 ? 1 : value;
            int mask = slots.length - 1;
            // The low bits: the top ones chose the partition.
            int at = (int) key & mask;
            while (slots[at] != 0) {
                if (slots[at] == key) return;
                at = (at + 1) & mask;
            }
            slots[at] = key;
            if (++size * 2 > slots.length) grow();
        }

        int size() {
            return size;
        }

        void forEach(java.util.function.LongConsumer action) {
            for (long slot : slots) if (slot != 0) action.accept(slot);
        }

        private void grow() {
            long[] old = slots;
            slots = new long[old.length * 2];
            size = 0;
            for (long slot : old) if (slot != 0) add(slot);
        }
    }
}
