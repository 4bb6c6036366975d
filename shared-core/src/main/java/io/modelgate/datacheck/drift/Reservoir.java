package io.modelgate.datacheck.drift;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A uniform random sample of at most {@code capacity} values of a stream (Vitter's algorithm R),
 * so that drift statistics need bounded memory whatever the table size. While the stream is no
 * longer than the capacity, the sample is the whole stream. Seeded, so a run is repeatable.
 */
public final class Reservoir {

    private final double[] values;
    private final SplittableRandom random;
    private long seen;

    public Reservoir(int capacity, long seed) {
        this.values = new double[capacity];
        this.random = new SplittableRandom(seed);
    }

    public void add(double value) {
        if (seen < values.length) {
            values[(int) seen] = value;
        } else {
            long slot = random.nextLong(seen + 1);
            if (slot < values.length) {
                values[(int) slot] = value;
            }
        }
        seen++;
    }

    /** How many values the stream had. */
    public long seen() {
        return seen;
    }

    /** Whether the sample is the whole stream. */
    public boolean exact() {
        return seen <= values.length;
    }

    /** The sampled values, sorted ascending. */
    public double[] sorted() {
        double[] sample = Arrays.copyOf(values, (int) Math.min(seen, values.length));
        Arrays.sort(sample);
        return sample;
    }
}
