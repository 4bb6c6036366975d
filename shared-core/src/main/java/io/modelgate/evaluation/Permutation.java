package io.modelgate.evaluation;

/**
 * Reorders arrays in place so that position i holds what was at {@code order[i]}, following the
 * permutation's cycles (one bit of bookkeeping per row instead of a copy of each array).
 */
final class Permutation {

    private Permutation() {
    }

    /** A walk over the cycles of {@code order}; {@code move(to, from)} copies one element, {@code save/restore} hold the cycle's first. */
    private interface Mover {
        void save(int index);

        void move(int to, int from);

        void restore(int to);
    }

    private static void cycles(int[] order, Mover mover) {
        int n = order.length;
        long[] done = new long[(n + 63) >>> 6];
        for (int start = 0; start < n; start++) {
            if ((done[start >>> 6] & (1L << start)) != 0) continue;
            mover.save(start);
            int to = start;
            while (true) {
                done[to >>> 6] |= 1L << to;
                int from = order[to];
                if (from == start) {
                    mover.restore(to);
                    break;
                }
                mover.move(to, from);
                to = from;
            }
        }
    }

    static void apply(int[] order, double[]... arrays) {
        for (double[] a : arrays) {
            if (a == null) continue;
            double[] held = new double[1];
            cycles(order, new Mover() {
                public void save(int index) { held[0] = a[index]; }
                public void move(int to, int from) { a[to] = a[from]; }
                public void restore(int to) { a[to] = held[0]; }
            });
        }
    }

    static void apply(int[] order, int[] a) {
        if (a == null) return;
        int[] held = new int[1];
        cycles(order, new Mover() {
            public void save(int index) { held[0] = a[index]; }
            public void move(int to, int from) { a[to] = a[from]; }
            public void restore(int to) { a[to] = held[0]; }
        });
    }

    static void apply(int[] order, short[] a) {
        short[] held = new short[1];
        cycles(order, new Mover() {
            public void save(int index) { held[0] = a[index]; }
            public void move(int to, int from) { a[to] = a[from]; }
            public void restore(int to) { a[to] = held[0]; }
        });
    }

    static void apply(int[] order, char[] a) {
        if (a == null) return;
        char[] held = new char[1];
        cycles(order, new Mover() {
            public void save(int index) { held[0] = a[index]; }
            public void move(int to, int from) { a[to] = a[from]; }
            public void restore(int to) { a[to] = held[0]; }
        });
    }

    static void apply(int[] order, float[] a) {
        float[] held = new float[1];
        cycles(order, new Mover() {
            public void save(int index) { held[0] = a[index]; }
            public void move(int to, int from) { a[to] = a[from]; }
            public void restore(int to) { a[to] = held[0]; }
        });
    }
}
