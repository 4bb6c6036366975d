package io.modelgate.datacheck;

import io.modelgate.delta.ColumnValues;
import io.modelgate.delta.Rows;

import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.types.DataType;

import java.util.List;

/**
 * The values of a key (one column or several) are unique across the rows read. A null takes part
 * in the key as a value of its own, so two rows with the same nulls are duplicates.
 */
final class UniquenessCheck implements DataCheck {

    /** Distinct keys held in memory before spilling to disk: 4 million, a 64 MB array. */
    static final int IN_MEMORY_KEYS = 1 << 22;

    private final List<String> key;
    private final ColumnValues.Hash[] hashes;
    private final DistinctKeys distinct;
    private long rows;

    UniquenessCheck(List<String> key, List<DataType> types, int inMemoryKeys) {
        this.key = key;
        this.hashes = types.stream().map(ColumnValues::hash).toArray(ColumnValues.Hash[]::new);
        this.distinct = new DistinctKeys(inMemoryKeys);
    }

    @Override
    public List<String> columns() {
        return key;
    }

    @Override
    public void accept(Rows batch) {
        ColumnVector[] vectors = new ColumnVector[key.size()];
        for (int c = 0; c < vectors.length; c++) vectors[c] = batch.column(batch.ordinal(key.get(c)));
        for (int i = 0; i < batch.size(); i++) {
            if (!batch.live(i)) continue;
            long h = 0x9e3779b97f4a7c15L;
            for (int c = 0; c < vectors.length; c++) {
                long cell = vectors[c].isNullAt(i) ? 0x5bd1e995L : hashes[c].read(vectors[c], i);
                h = ColumnValues.mix(h * 31 + cell);
            }
            distinct.add(h);
            rows++;
        }
    }

    @Override
    public List<Outcome> finish() {
        long unique = distinct.distinct();
        long duplicates = rows - unique;
        String observed = duplicates == 0 ? rows + " rows, all keys unique"
                : duplicates + " duplicate row" + (duplicates == 1 ? "" : "s") + " (" + unique + " distinct keys in " + rows + " rows)";
        return List.of(new Outcome("unique (" + String.join(", ", key) + ")", observed, "no duplicate key", duplicates == 0));
    }

    @Override
    public void close() {
        distinct.close();
    }
}
