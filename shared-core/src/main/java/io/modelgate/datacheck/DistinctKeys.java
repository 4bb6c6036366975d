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
 * Counts distinct 64-bit key hashes in bounded memory. Up to {@code limit} distinct hashes live
 * in an open-addressing set kept at most half full (16 bytes per entry at most, a power of two:
 * a limit of 2^22 keys means a 64 MB array, 96 MB while the last growth copies); past it, the set and every later hash
 * go to {@value #PARTITIONS} temporary files by their top bits, and each file is counted alone at
 * the end (a partition holds about 1/64 of the keys). Exact up to 64-bit hash collisions: for
 * n keys, about n^2 / 2^65 expected, 3e-6 for 10 million.
 */
final class DistinctKeys implements AutoCloseable {

    static final int PARTITIONS = 64;

    private final int limit;
    private LongSet memory;
    private Path spillDir;
    private DataOutputStream[] spill;

    DistinctKeys(int limit) {
        this.limit = limit;
        this.memory = new LongSet(16);
    }

    void add(long hash) {
        if (spill != null) {
            write(hash);
            return;
        }
        if (memory.size() >= limit) {
            spillToDisk();
            write(hash);
            return;
        }
        memory.add(hash);
    }

    /** The number of distinct hashes added. */
    long distinct() {
        if (spill == null) {
            return memory.size();
        }
        long distinct = 0;
        try {
            for (int p = 0; p < PARTITIONS; p++) {
                spill[p].close();
                LongSet partition = new LongSet(16);
                try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file(p)), 1 << 16))) {
                    while (true) {
                        partition.add(in.readLong());
                    }
                } catch (EOFException end) {
                    distinct += partition.size();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("counting distinct keys in " + spillDir, e);
        }
        return distinct;
    }

    /** Whether the keys outgrew memory and went to disk. */
    boolean spilled() {
        return spill != null;
    }

    private void spillToDisk() {
        try {
            spillDir = Files.createTempDirectory("modelgate-unique-");
            spill = new DataOutputStream[PARTITIONS];
            for (int p = 0; p < PARTITIONS; p++) {
                spill[p] = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file(p)), 1 << 16));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("creating spill files for distinct keys", e);
        }
        memory.forEach(this::write);
        memory = null;
    }

    private void write(long hash) {
        try {
            spill[(int) (hash >>> 58)].writeLong(hash);
        } catch (IOException e) {
            throw new UncheckedIOException("writing spill file in " + spillDir, e);
        }
    }

    private Path file(int partition) {
        return spillDir.resolve("keys-" + partition);
    }

    @Override
    public void close() {
        if (spillDir == null) return;
        try (Stream<Path> files = Files.walk(spillDir)) {
            for (DataOutputStream out : spill) out.close();
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("removing " + spillDir, e);
        }
        spillDir = null;
    }

    /** Open addressing, linear probing; 0 marks an empty slot, so the hash 0 is stored as 1. */
    static final class LongSet {
        private long[] slots;
        private int size;

        LongSet(int capacity) {
            slots = new long[capacity];
        }

        void add(long value) {
            long key = value == 0 ? 1 : value;
            int mask = slots.length - 1;
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
