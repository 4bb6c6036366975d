package io.modelgate.evaluation;

import io.modelgate.fault.Fault;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Computes the metrics of both models on all rows and each slice group, and their paired
 * bootstrap intervals, from the scored rows in memory.
 *
 * <p>How the work is laid out: the summed metrics ({@link MetricSet}) add each row's weight into the
 * sums of its combination of slice groups (one set of sums per combination present, so a row costs the
 * same however many slices are declared); the sums of each group and of all rows are added up from
 * those. The ranking metrics walk the rows sorted by each model's score ({@link RankSweep}), once per
 * model. Resamples go in tiles of {@link #LANES}: per row, the tile's Poisson weights are drawn
 * ({@link PoissonWeights}) and added lane by lane; tiles are spread over the machine's cores. Memory
 * is the columns (about 40 bytes a row for a binary task with three slices) and, per core, one tile's
 * sums, whatever the number of rows.
 */
final class Evaluator {

    /** Resamples computed together: the width of the lane loops. */
    static final int LANES = 64;
    /** The most sums per lane (combinations of slice groups × slots), to bound the per-core memory. */
    static final int MAX_SUMS = 1 << 16;

    /** The rows; once prepared, without the columns only preparing needs (scores, targets, probabilities). */
    private Columns columns;
    private final MetricSet set;
    private final List<String> sliceNames;
    private final double threshold;
    private final int rows;
    private final boolean baseline;
    private final boolean ranks;

    // Per row, in the candidate's score order once ranks are needed.
    private final short[][] cells;
    private final float[][] values;
    private final int[] activeValues;
    /** Per row, its combination of slice groups: at most {@link #MAX_SUMS} / 2 of them, so 16 unsigned bits. */
    private char[] cross;
    private int crossCount;
    private int[][] crossGroups;
    private final int[] groupOffset;
    private final int groupSets;
    private double[] pointSums;

    // The ranking walks: tie ends in each order, and the champion's order as positions in the candidate's.
    private long[] tieEndCandidate;
    private long[] tieEndBaseline;
    private int[] baselineOrder;
    private byte[] labelInCandidateOrder;
    private byte[] labelInBaselineOrder;
    private short[][] groupsInBaselineOrder;

    private Evaluator(Columns columns, MetricSet set, List<String> sliceNames, double threshold) {
        this.columns = columns;
        this.set = set;
        this.sliceNames = List.copyOf(sliceNames);
        this.threshold = threshold;
        this.rows = columns.rows();
        this.baseline = columns.hasBaseline();
        this.ranks = set.ranks();
        // A first model has no champion's confusion matrix to fill.
        this.cells = new short[baseline || !(set instanceof MetricSet.Multiclass) ? set.cellsPerRow() : 1][];
        this.activeValues = activeValues();
        this.values = new float[activeValues.length][];
        this.groupOffset = new int[columns.groups().size()];
        int offset = 1;
        for (int s = 0; s < groupOffset.length; s++) {
            groupOffset[s] = offset;
            offset += columns.groupNames().get(s).size();
        }
        this.groupSets = offset;
    }

    /**
     * @param sliceNames the declared slices' names, in the order of {@code columns.groups()}
     * @param threshold  binary: the score from which a row is predicted positive
     * @param levels     confidence levels of the intervals
     * @param threads    cores to use
     */
    static Estimates evaluate(Columns columns, MetricSet set, List<String> sliceNames, double threshold,
                              int resamples, long seed, List<Double> levels, int threads) {
        Evaluator evaluator = new Evaluator(columns, set, sliceNames, threshold);
        // From here the evaluator alone holds the columns, and lets go of those it no longer needs.
        columns = null;
        evaluator.prepare();
        double[][] point = evaluator.point();
        double[][][] replicates = evaluator.bootstrap(resamples, seed, threads);
        return evaluator.estimates(point, replicates, resamples, levels);
    }

    /** The per-row values the requested metrics need, as indices into {@link MetricSet#values()}. */
    private int[] activeValues() {
        List<Integer> active = new ArrayList<>();
        List<String> m = set.metrics;
        if (set instanceof MetricSet.Binary) {
            if (m.contains("log_loss")) active.add(MetricSet.Binary.LOG_LOSS_C);
            if (m.contains("log_loss") && baseline) active.add(MetricSet.Binary.LOG_LOSS_B);
            if (m.contains("brier")) active.add(MetricSet.Binary.BRIER_C);
            if (m.contains("brier") && baseline) active.add(MetricSet.Binary.BRIER_B);
        } else if (set instanceof MetricSet.Multiclass) {
            if (m.contains("log_loss")) active.add(0);
            if (m.contains("log_loss") && baseline) active.add(1);
        } else {
            int sides = baseline ? 2 : 1;
            for (int side = 0; side < sides; side++) {
                if (m.contains("rmse") || m.contains("r2")) active.add(MetricSet.Regression.SQUARED + side);
                if (m.contains("mae")) active.add(MetricSet.Regression.ABSOLUTE + side);
                if (m.contains("mape")) active.add(MetricSet.Regression.PERCENTAGE + side);
            }
            if (m.contains("r2")) {
                active.add(MetricSet.Regression.CENTRED);
                active.add(MetricSet.Regression.CENTRED_SQUARED);
            }
        }
        return active.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Per row: its combination of slice groups, the score orders (rows reordered by the candidate's
     * score), its cells and its values; each model's raw columns are let go as soon as its values
     * are taken, so that a large table's peak holds the scores or the values, not both.
     */
    private void prepare() {
        crossCells();
        if (ranks) orders();
        pointSums = new double[crossCount * set.slots()];
        cells();
        double meanTarget = set instanceof MetricSet.Regression ? weightedMean(columns.target()) : 0;
        for (int side : new int[] {0, 1, -1}) {
            for (int v = 0; v < activeValues.length; v++) {
                if (sideOf(activeValues[v]) == side) values(v, meanTarget);
            }
            if (side == 0) {
                columns = new Columns(rows, columns.label(), columns.target(), null, columns.baseline(), null, columns.baselineClass(), null,
                        columns.baselineProbability(), columns.weight(), columns.groups(), columns.groupNames());
            }
        }
        if (ranks) {
            labelInCandidateOrder = new byte[rows];
            for (int k = 0; k < rows; k++) labelInCandidateOrder[k] = (byte) columns.label()[k];
        }
        columns = new Columns(rows, null, null, null, null, null, null, null, null, columns.weight(), columns.groups(), columns.groupNames());
    }

    private double weightedMean(double[] target) {
        double sum = 0, weight = 0;
        for (int r = 0; r < rows; r++) {
            sum += columns.weight(r) * target[r];
            weight += columns.weight(r);
        }
        return sum / weight;
    }

    /** Each row's cells (label × predictions), whose weights the point sums take at once. */
    private void cells() {
        for (int c = 0; c < cells.length; c++) cells[c] = new short[rows];
        int slots = set.slots();
        for (int r = 0; r < rows; r++) {
            if (set instanceof MetricSet.Binary) {
                int y = columns.label()[r];
                cells[0][r] = (short) MetricSet.Binary.cell(y, columns.candidate()[r] >= threshold, baseline && columns.baseline()[r] >= threshold);
            } else if (set instanceof MetricSet.Multiclass multiclass) {
                int y = columns.label()[r];
                cells[0][r] = (short) multiclass.cell(false, y, columns.candidateClass()[r]);
                if (baseline) cells[1][r] = (short) multiclass.cell(true, y, columns.baselineClass()[r]);
            }
            int base = (cross == null ? 0 : cross[r]) * slots;
            for (short[] cell : cells) pointSums[base + cell[r]] += columns.weight(r);
        }
    }

    /** Which model a value belongs to: 0 the candidate, 1 the champion, −1 both (the regression target's). */
    private int sideOf(int value) {
        if (set instanceof MetricSet.Regression) return value >= MetricSet.Regression.CENTRED ? -1 : value % 2;
        return value % 2;
    }

    /** Active value {@code v} of every row, kept as a float for the resamples and summed exactly for the point estimate. */
    private void values(int v, double meanTarget) {
        int index = activeValues[v];
        float[] out = values[v] = new float[rows];
        int slot = set.cells() + index, slots = set.slots();
        for (int r = 0; r < rows; r++) {
            double value = value(index, r, meanTarget);
            out[r] = (float) value;
            pointSums[(cross == null ? 0 : cross[r]) * slots + slot] += columns.weight(r) * value;
        }
    }

    private double value(int index, int r, double meanTarget) {
        if (set instanceof MetricSet.Binary) {
            int y = columns.label()[r];
            return switch (index) {
                case MetricSet.Binary.LOG_LOSS_C -> MetricSet.Binary.logLoss(y, columns.candidate()[r]);
                case MetricSet.Binary.LOG_LOSS_B -> MetricSet.Binary.logLoss(y, columns.baseline()[r]);
                case MetricSet.Binary.BRIER_C -> MetricSet.Binary.brier(y, columns.candidate()[r]);
                default -> MetricSet.Binary.brier(y, columns.baseline()[r]);
            };
        }
        if (set instanceof MetricSet.Multiclass) {
            return MetricSet.Multiclass.logLoss(index == 0 ? columns.candidateProbability()[r] : columns.baselineProbability()[r]);
        }
        double y = columns.target()[r];
        if (index >= MetricSet.Regression.CENTRED) {
            double centred = y - meanTarget;
            return index == MetricSet.Regression.CENTRED ? centred : centred * centred;
        }
        double error = y - (index % 2 == 0 ? columns.candidate()[r] : columns.baseline()[r]);
        return switch (index - index % 2) {
            case MetricSet.Regression.SQUARED -> error * error;
            case MetricSet.Regression.ABSOLUTE -> Math.abs(error);
            default -> MetricSet.Regression.percentageError(y, index % 2 == 0 ? columns.candidate()[r] : columns.baseline()[r]);
        };
    }

    /** Numbers each combination of slice groups present, so that a row adds its weight to one set of sums. */
    private void crossCells() {
        List<short[]> groups = columns.groups();
        if (groups.isEmpty()) {
            crossCount = 1;
            crossGroups = new int[][] {new int[0]};
            return;
        }
        long[] radix = new long[groups.size()];
        long span = 1;
        for (int s = 0; s < groups.size(); s++) {
            radix[s] = span;
            long size = columns.groupNames().get(s).size();
            if (span > Long.MAX_VALUE / Math.max(1, size)) throw tooManyGroups(Long.MAX_VALUE);
            span *= Math.max(1, size);
        }
        cross = new char[rows];
        Map<Long, Integer> ids = new HashMap<>();
        List<int[]> combos = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            long key = 0;
            for (int s = 0; s < groups.size(); s++) key += groups.get(s)[r] * radix[s];
            Integer id = ids.get(key);
            if (id == null) {
                id = combos.size();
                ids.put(key, id);
                int[] combo = new int[groups.size()];
                for (int s = 0; s < groups.size(); s++) combo[s] = groups.get(s)[r];
                combos.add(combo);
                if ((long) combos.size() * set.slots() > MAX_SUMS) throw tooManyGroups(combos.size());
            }
            cross[r] = (char) (int) id;
        }
        crossCount = combos.size();
        crossGroups = combos.toArray(int[][]::new);
    }

    private Fault tooManyGroups(long combinations) {
        return Fault.usage("the slices " + String.join(", ", sliceNames) + " make " + (combinations == Long.MAX_VALUE ? "too many" : "over " + combinations)
                + " combinations of groups; the evaluation keeps at most " + MAX_SUMS / set.slots()
                + ": slice on fewer or coarser columns");
    }

    /** Sorts the rows by the candidate's score (reordering every per-row array), then finds the champion's order. */
    private void orders() {
        sortByCandidate();
        tieEndCandidate = ScoreOrder.tieEnds(columns.candidate(), null);
        if (!baseline) return;
        baselineOrder = ScoreOrder.descending(columns.baseline());
        tieEndBaseline = ScoreOrder.tieEnds(columns.baseline(), baselineOrder);
        labelInBaselineOrder = new byte[rows];
        for (int m = 0; m < rows; m++) labelInBaselineOrder[m] = (byte) columns.label()[baselineOrder[m]];
        groupsInBaselineOrder = new short[columns.groups().size()][rows];
        for (int s = 0; s < groupsInBaselineOrder.length; s++) {
            short[] group = columns.groups().get(s);
            for (int m = 0; m < rows; m++) groupsInBaselineOrder[s][m] = group[baselineOrder[m]];
        }
    }

    /** Reorders every per-row array by the candidate's score; the order itself is let go on return. */
    private void sortByCandidate() {
        int[] byCandidate = ScoreOrder.descending(columns.candidate());
        Permutation.apply(byCandidate, columns.candidate(), columns.baseline(), columns.weight());
        Permutation.apply(byCandidate, columns.label());
        Permutation.apply(byCandidate, cross);
        for (short[] group : columns.groups()) Permutation.apply(byCandidate, group);
    }

    /** One core's working memory for a tile: the lanes' weights, the sums per combination, the two walks. */
    private final class Tile {
        final int lanes;
        final double[] w;
        final double[] sums;
        final double[] setSums;
        final RankSweep candidateSweep;
        final RankSweep baselineSweep;

        Tile(int lanes) {
            this.lanes = lanes;
            this.w = new double[lanes];
            this.sums = new double[crossCount * set.slots() * lanes];
            this.setSums = new double[groupSets * set.slots() * lanes];
            this.candidateSweep = ranks ? new RankSweep(groupSets, lanes) : null;
            this.baselineSweep = ranks && baseline ? new RankSweep(groupSets, lanes) : null;
        }

        /** Walks the rows with the weights of resamples {@code first ..} (or, with no sampler, the sample weights alone). */
        void walk(PoissonWeights sampler, int first, boolean sums) {
            if (sums) Arrays.fill(this.sums, 0);
            if (candidateSweep != null) candidateSweep.reset();
            if (baselineSweep != null) baselineSweep.reset();
            int slots = set.slots();
            int cellCount = set.cells();
            boolean tieStart = true;
            for (int k = 0; k < rows; k++) {
                weights(sampler, k, first);
                if (sums) {
                    int base = (cross == null ? 0 : cross[k]) * slots * lanes;
                    for (short[] cell : cells) add(base + cell[k] * lanes);
                    for (int v = 0; v < values.length; v++) add(base + (cellCount + activeValues[v]) * lanes, values[v][k]);
                }
                if (candidateSweep != null) {
                    boolean tieEnd = bit(tieEndCandidate, k);
                    rank(candidateSweep, labelInCandidateOrder[k], tieStart && tieEnd, k, columns.groups());
                    if (tieEnd && !tieStart) candidateSweep.flush();
                    tieStart = tieEnd;
                }
            }
            if (baselineSweep == null) return;
            tieStart = true;
            for (int m = 0; m < rows; m++) {
                weights(sampler, baselineOrder[m], first);
                boolean tieEnd = bit(tieEndBaseline, m);
                rank(baselineSweep, labelInBaselineOrder[m], tieStart && tieEnd, m, Arrays.asList(groupsInBaselineOrder));
                if (tieEnd && !tieStart) baselineSweep.flush();
                tieStart = tieEnd;
            }
        }

        /** The weights of the row at candidate-order position k: a resample's Poisson counts times its sample weight. */
        private void weights(PoissonWeights sampler, int k, int first) {
            double scale = columns.weight(k);
            if (sampler == null) {
                w[0] = scale;
            } else {
                sampler.draw(k, first, lanes, scale, w);
            }
        }

        private void add(int offset) {
            for (int b = 0; b < lanes; b++) sums[offset + b] += w[b];
        }

        private void add(int offset, float value) {
            for (int b = 0; b < lanes; b++) sums[offset + b] += w[b] * value;
        }

        private void rank(RankSweep sweep, int label, boolean single, int position, List<short[]> groups) {
            if (single) {
                sweep.single(0, label, w);
                for (int s = 0; s < groups.size(); s++) sweep.single(groupOffset[s] + groups.get(s)[position], label, w);
            } else {
                sweep.tied(0, label, w);
                for (int s = 0; s < groups.size(); s++) sweep.tied(groupOffset[s] + groups.get(s)[position], label, w);
            }
        }

        /** Adds the sums of each combination into all rows' and its groups' sums. */
        void sumSets(double[] source) {
            Arrays.fill(setSums, 0);
            int width = set.slots() * lanes;
            for (int x = 0; x < crossCount; x++) {
                int from = x * width;
                addInto(source, from, 0, width);
                for (int s = 0; s < crossGroups[x].length; s++) addInto(source, from, (groupOffset[s] + crossGroups[x][s]) * width, width);
            }
        }

        private void addInto(double[] source, int from, int to, int width) {
            for (int i = 0; i < width; i++) setSums[to + i] += source[from + i];
        }

        /** The value of metric m for side (0 candidate, 1 champion), set and lane, after a walk and {@link #sumSets}. */
        double metric(String name, int side, int group, int lane) {
            RankSweep sweep = side == 0 ? candidateSweep : baselineSweep;
            return switch (name) {
                case "roc_auc" -> sweep.rocAuc(group, lane);
                case "average_precision" -> sweep.averagePrecision(group, lane);
                default -> set.metric(name, side == 1, setSums, group * set.slots() * lanes + lane, lanes);
            };
        }
    }

    private static boolean bit(long[] bits, int index) {
        return (bits[index >>> 6] & (1L << index)) != 0;
    }

    /** The point estimates: [set][metric × 2 + side]. */
    private double[][] point() {
        Tile tile = new Tile(1);
        tile.walk(null, 0, false);
        tile.sumSets(pointSums);
        return values(tile, 0);
    }

    private double[][] values(Tile tile, int lane) {
        int sides = baseline ? 2 : 1;
        double[][] out = new double[groupSets][set.metrics.size() * 2];
        for (int g = 0; g < groupSets; g++) {
            for (int m = 0; m < set.metrics.size(); m++) {
                for (int side = 0; side < 2; side++) {
                    out[g][m * 2 + side] = side < sides ? tile.metric(set.metrics.get(m), side, g, lane) : Double.NaN;
                }
            }
        }
        return out;
    }

    /** The replicates: [set][metric × 2 + side][resample]. */
    private double[][][] bootstrap(int resamples, long seed, int threads) {
        double[][][] replicates = new double[groupSets][set.metrics.size() * 2][resamples];
        if (resamples == 0) return replicates;
        PoissonWeights sampler = new PoissonWeights(seed);
        int tiles = (resamples + LANES - 1) / LANES;
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            Tile tile = new Tile(LANES);
            for (int t = next.getAndIncrement(); t < tiles; t = next.getAndIncrement()) {
                tile.walk(sampler, t * LANES, true);
                tile.sumSets(tile.sums);
                for (int lane = 0; lane < LANES && t * LANES + lane < resamples; lane++) {
                    double[][] v = values(tile, lane);
                    for (int g = 0; g < groupSets; g++) {
                        for (int i = 0; i < v[g].length; i++) replicates[g][i][t * LANES + lane] = v[g][i];
                    }
                }
            }
        };
        int workers = Math.max(1, Math.min(threads, tiles));
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread thread = new Thread(r, "modelgate-bootstrap");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < workers; i++) running.add(pool.submit(worker));
            for (Future<?> f : running) f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Fault.infrastructure("the bootstrap was interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) throw runtime;
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return replicates;
    }

    private Estimates estimates(double[][] point, double[][][] replicates, int resamples, List<Double> levels) {
        long[] counts = new long[groupSets];
        counts[0] = rows;
        for (int s = 0; s < columns.groups().size(); s++) {
            for (short g : columns.groups().get(s)) counts[groupOffset[s] + g]++;
        }
        Estimates.Group overall = group("all rows", counts[0], point[0], replicates[0], levels);
        List<Estimates.Slice> slices = new ArrayList<>();
        for (int s = 0; s < columns.groups().size(); s++) {
            List<Estimates.Group> groups = new ArrayList<>();
            List<String> names = columns.groupNames().get(s);
            for (int g = 0; g < names.size(); g++) {
                int index = groupOffset[s] + g;
                groups.add(group(names.get(g), counts[index], point[index], replicates[index], levels));
            }
            slices.add(new Estimates.Slice(sliceNames.get(s), groups));
        }
        return new Estimates(levels, resamples, overall, slices);
    }

    private Estimates.Group group(String name, long count, double[] point, double[][] replicates, List<Double> levels) {
        Map<String, Estimates.Estimate> metrics = new LinkedHashMap<>();
        for (int m = 0; m < set.metrics.size(); m++) {
            double[] candidate = replicates[m * 2];
            double[] champion = replicates[m * 2 + 1];
            int resamples = candidate.length;
            double[] delta = new double[resamples];
            double[] relative = new double[resamples];
            int undefined = 0;
            for (int b = 0; b < resamples; b++) {
                delta[b] = candidate[b] - champion[b];
                relative[b] = delta[b] / Math.abs(champion[b]);
                if (Double.isNaN(baseline ? delta[b] : candidate[b])) undefined++;
            }
            List<Estimates.Interval> own = new ArrayList<>(), deltas = new ArrayList<>(), relatives = new ArrayList<>();
            for (double level : levels) {
                own.add(Percentiles.interval(candidate, level));
                if (baseline) {
                    deltas.add(Percentiles.interval(delta, level));
                    relatives.add(Percentiles.interval(relative, level));
                }
            }
            metrics.put(set.metrics.get(m), new Estimates.Estimate(point[m * 2], point[m * 2 + 1], own, deltas, relatives, undefined));
        }
        return new Estimates.Group(name, count, metrics);
    }
}
