package io.modelgate.evaluation;

/**
 * roc_auc and average_precision of one model, for several sets of rows (all rows, each slice
 * group) and several weightings at once (the lanes: one per bootstrap resample, or one lane of
 * sample weights for the point estimate), in one walk over the rows sorted by score, highest first.
 *
 * <p>Per set and lane it keeps the weighted true and false positives above the current threshold,
 * the ROC area and the average-precision sum. Rows of equal score form one threshold, as in
 * scikit-learn's roc_curve and precision_recall_curve: their weights wait in a pending pair and
 * enter at the group's end, where the area grows by FP·(TP before + TP of the group / 2) (the
 * trapezoid) and AP by TP of the group × precision at that threshold. So roc_auc = area / (P·N) and
 * average_precision = sum / P, as sklearn computes them, ties and sample weights included.
 *
 * <p>The loops run over lanes in contiguous arrays, which the JIT compiles to vector instructions.
 */
final class RankSweep {

    /** Keeps 0 × 0 / 0 at 0 when no weight has reached the threshold yet. */
    private static final double TINY = 1e-300;

    private final int lanes;
    // One array per quantity, laid out [set × lanes]: loops that read one and write another
    // at the same index vectorize; offsets into a single shared array would not.
    private final double[] tp, fp, area, ap, pendingTp, pendingFp;
    private final int[] dirty;
    private final boolean[] isDirty;
    private int dirtyCount;

    RankSweep(int sets, int lanes) {
        this.lanes = lanes;
        int size = sets * lanes;
        this.tp = new double[size];
        this.fp = new double[size];
        this.area = new double[size];
        this.ap = new double[size];
        this.pendingTp = new double[size];
        this.pendingFp = new double[size];
        this.dirty = new int[sets];
        this.isDirty = new boolean[sets];
    }

    void reset() {
        for (double[] a : new double[][] {tp, fp, area, ap, pendingTp, pendingFp}) java.util.Arrays.fill(a, 0);
    }

    /** A row alone at its score: it enters at once. */
    void single(int set, int label, double[] w) {
        int o = set * lanes;
        if (label == 1) {
            for (int b = 0; b < lanes; b++) {
                double positives = tp[o + b] + w[b];
                tp[o + b] = positives;
                ap[o + b] += w[b] * positives / (positives + fp[o + b] + TINY);
            }
        } else {
            for (int b = 0; b < lanes; b++) {
                area[o + b] += w[b] * tp[o + b];
                fp[o + b] += w[b];
            }
        }
    }

    /** A row of a group of equal scores: it waits for the group's end ({@link #flush()}). */
    void tied(int set, int label, double[] w) {
        int o = set * lanes;
        double[] pending = label == 1 ? pendingTp : pendingFp;
        for (int b = 0; b < lanes; b++) pending[o + b] += w[b];
        if (!isDirty[set]) {
            isDirty[set] = true;
            dirty[dirtyCount++] = set;
        }
    }

    /** The end of a group of equal scores: the sets its rows belong to take their threshold step. */
    void flush() {
        for (int i = 0; i < dirtyCount; i++) {
            int set = dirty[i];
            isDirty[set] = false;
            int o = set * lanes;
            for (int b = 0; b < lanes; b++) {
                double groupTp = pendingTp[o + b], groupFp = pendingFp[o + b];
                area[o + b] += groupFp * (tp[o + b] + 0.5 * groupTp);
                double positives = tp[o + b] + groupTp;
                double negatives = fp[o + b] + groupFp;
                tp[o + b] = positives;
                fp[o + b] = negatives;
                ap[o + b] += groupTp * positives / (positives + negatives + TINY);
                pendingTp[o + b] = 0;
                pendingFp[o + b] = 0;
            }
        }
        dirtyCount = 0;
    }

    /** roc_auc of a set at the end of the walk: NaN when it has no positive or no negative weight (sklearn: undefined). */
    double rocAuc(int set, int lane) {
        int i = set * lanes + lane;
        return tp[i] == 0 || fp[i] == 0 ? Double.NaN : area[i] / (tp[i] * fp[i]);
    }

    /** average_precision of a set at the end of the walk: 0 with no positive weight, as sklearn. */
    double averagePrecision(int set, int lane) {
        int i = set * lanes + lane;
        return tp[i] == 0 ? 0.0 : ap[i] / tp[i];
    }
}
