package io.modelgate.evaluation;

/**
 * The bootstrap's weights: in resample {@code b}, row {@code r} counts {@code w(r, b)} times,
 * {@code w} drawn from Poisson(1). This is the Poisson bootstrap (Hanley and MacGibbon, 2006;
 * Chamandy et al., 2012): a multinomial resample of n rows gives each row a Binomial(n, 1/n) count,
 * which tends to Poisson(1), and independent Poisson counts need no pass over the other rows — so a
 * resample streams. The total weight of a resample varies around n; every metric here is a ratio of
 * weighted sums (or of weighted pair counts), so that only rescales both sides.
 *
 * <p>The draw is a pure function of (seed, row, resample): SplitMix64's finaliser over the three
 * gives 16 uniform bits, which index a table of the Poisson(1) distribution function at 2^-16
 * resolution (each probability within 8e-6 of Poisson's, counts up to 8). Four draws come from
 * one 64-bit hash; the table lookup is several times faster than comparing each draw with the
 * distribution function. The same seed and table give the same weights whatever the threads and
 * their order, so a run repeats exactly; the candidate and the champion see the same weights (a
 * paired bootstrap).
 */
final class PoissonWeights {

    /** COUNTS[u] = the Poisson(1) count whose distribution-function step holds the middle of [u, u + 1) / 2^16. */
    private static final byte[] COUNTS = new byte[1 << 16];
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    static {
        double term = Math.exp(-1), cumulative = term;
        int count = 0;
        for (int u = 0; u < COUNTS.length; u++) {
            double middle = (u + 0.5) / COUNTS.length;
            while (middle >= cumulative) {
                count++;
                term /= count;
                cumulative += term;
            }
            COUNTS[u] = (byte) count;
        }
    }

    private final long seed;

    PoissonWeights(long seed) {
        this.seed = mix(seed ^ 0x6A09E667F3BCC909L);
    }

    /**
     * The counts of {@code row} in resamples {@code first .. first + lanes − 1} ({@code first} and
     * {@code lanes} multiples of 4), times {@code scale} (the row's sample weight), into {@code out}.
     */
    void draw(int row, int first, int lanes, double scale, double[] out) {
        long rowKey = mix(seed + row * GOLDEN);
        long quad = first >>> 2;
        for (int i = 0; i < lanes; i += 4) {
            long z = mix(rowKey + (quad + (i >>> 2)) * GOLDEN);
            out[i] = COUNTS[(int) (z >>> 48)] * scale;
            out[i + 1] = COUNTS[(int) (z >>> 32) & 0xFFFF] * scale;
            out[i + 2] = COUNTS[(int) (z >>> 16) & 0xFFFF] * scale;
            out[i + 3] = COUNTS[(int) z & 0xFFFF] * scale;
        }
    }

    /** SplitMix64's finaliser (Steele, Lea and Flood, 2014). */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
