package io.modelgate.evaluation;

import java.util.Arrays;

/**
 * Rows ordered by score, highest first, equal scores in row order (a stable sort), and where each
 * group of equal scores ends. -0.0 and 0.0 are one score, as numpy compares them.
 *
 * <p>The sort packs the upper half of each score's order-preserving bits with the row index into a
 * long and sorts those in place; rows whose upper halves are equal are then sorted by the lower
 * half. Memory: one long per row, besides the result (a parallel sort would need as much again).
 */
final class ScoreOrder {

    private ScoreOrder() {
    }

    /** An order-preserving key of a score for a descending sort: a smaller key is a higher score. */
    private static long key(double score) {
        long bits = Double.doubleToLongBits(score + 0.0);
        long ascending = bits ^ ((bits >> 63) & Long.MAX_VALUE);
        return ~ascending;
    }

    /** Row indices by descending score. */
    static int[] descending(double[] scores) {
        int n = scores.length;
        long[] packed = new long[n];
        for (int i = 0; i < n; i++) packed[i] = (key(scores[i]) & 0xFFFFFFFF00000000L) | i;
        Arrays.sort(packed);
        int start = 0;
        while (start < n) {
            long upper = packed[start] & 0xFFFFFFFF00000000L;
            int end = start + 1;
            while (end < n && (packed[end] & 0xFFFFFFFF00000000L) == upper) end++;
            if (end - start > 1) {
                // Same upper half: order by the lower half (unsigned, flipped into signed order), then the row.
                for (int i = start; i < end; i++) {
                    int row = (int) packed[i];
                    packed[i] = ((key(scores[row]) ^ 0x80000000L) << 32) | row;
                }
                Arrays.sort(packed, start, end);
            }
            start = end;
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = (int) packed[i];
        return order;
    }

    /** Bits set at the positions (in {@code order}, or in array order when null) that end a group of equal scores. */
    static long[] tieEnds(double[] scores, int[] order) {
        int n = scores.length;
        long[] ends = new long[(n + 63) >>> 6];
        for (int i = 0; i < n; i++) {
            double here = scores[order == null ? i : order[i]];
            boolean last = i == n - 1 || here + 0.0 != scores[order == null ? i + 1 : order[i + 1]] + 0.0;
            if (last) ends[i >>> 6] |= 1L << i;
        }
        return ends;
    }
}
