package io.modelgate.datacheck;

import io.modelgate.delta.ColumnValues;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Distinct key counting: exact in memory, and exact again after spilling to disk. */
class DistinctKeysTest {

    @Test
    void countsInMemoryBelowTheLimit() {
        try (DistinctKeys keys = new DistinctKeys(100_000)) {
            for (long i = 0; i < 500; i++) keys.add(ColumnValues.mix(i % 400));
            assertFalse(keys.spilled());
            assertEquals(400, keys.distinct(), "the hash 0 (of key 0) is stored as 1 and counted once");
        }
    }

    @Test
    void spillsPastTheLimitAndStillCountsExactly() {
        SplittableRandom random = new SplittableRandom(3);
        try (DistinctKeys keys = new DistinctKeys(1000)) {
            for (int i = 0; i < 50_000; i++) {
                keys.add(ColumnValues.mix(random.nextInt(20_000)));
            }
            assertTrue(keys.spilled());
            long expected = new SplittableRandom(3).ints(50_000, 0, 20_000).distinct().count();
            assertEquals(expected, keys.distinct());
        }
    }
}
