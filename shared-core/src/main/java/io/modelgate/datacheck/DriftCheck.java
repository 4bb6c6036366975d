package io.modelgate.datacheck;

import io.modelgate.delta.ColumnValues;
import io.modelgate.delta.Rows;

import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.types.DataType;
import io.modelgate.config.TableConfig.DriftRule;
import io.modelgate.datacheck.drift.ChiSquare;
import io.modelgate.datacheck.drift.KolmogorovSmirnov;
import io.modelgate.datacheck.drift.PopulationStability;
import io.modelgate.datacheck.drift.Reservoir;
import io.modelgate.fault.Fault;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Drift of one column from the reference: the reference is read first ({@link #acceptReference}),
 * then the current rows. Numeric columns: PSI over the reference's quantile bins and the two-sample
 * KS test, both from bounded samples (see {@link Reservoir}); string and boolean columns: PSI over
 * the categories and the chi-square test of homogeneity, from exact counts. Nulls are left out.
 */
final class DriftCheck implements DataCheck {

    /** Distinct values kept per categorical column; more means the column is not categorical. */
    static final int MAX_CATEGORIES = 10_000;

    private final String column;
    private final boolean numeric;
    private final DriftRule rule;
    private final String referenceName;
    private final ColumnValues.Numeric numbers;
    private final ColumnValues.Text texts;
    private final Reservoir referenceSample;
    private final Reservoir currentSample;
    private final Map<String, Long> referenceCounts = new HashMap<>();
    private final Map<String, Long> currentCounts = new HashMap<>();
    private double[] edges;
    private long[] currentBins;

    DriftCheck(String column, DataType type, DriftRule rule, String referenceName) {
        this.column = column;
        this.numeric = ColumnValues.isNumeric(type);
        this.rule = rule;
        this.referenceName = referenceName;
        this.numbers = numeric ? ColumnValues.numeric(type) : null;
        this.texts = numeric ? null : ColumnValues.text(type);
        long seed = ColumnValues.hashText(column);
        this.referenceSample = numeric ? new Reservoir(rule.sampleSize(), seed) : null;
        this.currentSample = numeric ? new Reservoir(rule.sampleSize(), ~seed) : null;
    }

    @Override
    public List<String> columns() {
        return List.of(column);
    }

    void acceptReference(Rows batch) {
        ColumnVector vector = batch.column(batch.ordinal(column));
        for (int i = 0; i < batch.size(); i++) {
            if (!batch.live(i) || vector.isNullAt(i)) continue;
            if (numeric) {
                referenceSample.add(numbers.read(vector, i));
            } else {
                count(referenceCounts, texts.read(vector, i));
            }
        }
    }

    @Override
    public void accept(Rows batch) {
        if (numeric && edges == null) {
            double[] sorted = referenceSample.sorted();
            edges = sorted.length == 0 ? new double[0] : PopulationStability.edges(sorted, rule.bins());
            currentBins = new long[edges.length + 1];
        }
        ColumnVector vector = batch.column(batch.ordinal(column));
        for (int i = 0; i < batch.size(); i++) {
            if (!batch.live(i) || vector.isNullAt(i)) continue;
            if (numeric) {
                double value = numbers.read(vector, i);
                currentSample.add(value);
                currentBins[PopulationStability.bin(edges, value)]++;
            } else {
                count(currentCounts, texts.read(vector, i));
            }
        }
    }

    private void count(Map<String, Long> counts, String value) {
        counts.merge(value, 1L, Long::sum);
        if (counts.size() > MAX_CATEGORIES) {
            throw Fault.usage("drift of column " + column + ": more than " + MAX_CATEGORIES
                    + " distinct values, too many for a categorical comparison; compare a numeric column or a coarser one");
        }
    }

    /** What drift measured: PSI, and the KS or chi-square statistic with its p-value; null when a side had no values. */
    record Measured(double psi, int bins, double statistic, double pValue, String test, String detail) {
    }

    Measured measure() {
        if (numeric) {
            double[] reference = referenceSample.sorted();
            double[] current = currentSample.sorted();
            if (reference.length == 0 || current.length == 0) {
                return null;
            }
            long[] referenceBins = new long[edges.length + 1];
            for (double value : reference) referenceBins[PopulationStability.bin(edges, value)]++;
            KolmogorovSmirnov.Result ks = KolmogorovSmirnov.test(reference, current);
            String sampled = referenceSample.exact() && currentSample.exact() ? ""
                    : ", from samples of " + reference.length + " and " + current.length;
            return new Measured(PopulationStability.index(referenceBins, currentBins), edges.length + 1, ks.statistic(), ks.pValue(),
                    "ks", format("D %.4f, p-value %.4g (%s%s)", ks.statistic(), ks.pValue(), ks.exact() ? "exact" : "asymptotic", sampled));
        }
        if (referenceCounts.isEmpty() || currentCounts.isEmpty()) {
            return null;
        }
        ChiSquare.Result chi = ChiSquare.test(referenceCounts, currentCounts);
        return new Measured(PopulationStability.index(referenceCounts, currentCounts), chi.degreesOfFreedom() + 1, chi.statistic(), chi.pValue(),
                "chi-square", format("chi2 %.2f, dof %d, p-value %.4g", chi.statistic(), chi.degreesOfFreedom(), chi.pValue()));
    }

    @Override
    public List<Outcome> finish() {
        String psiRule = "PSI <= " + rule.psiThreshold() + " vs " + referenceName;
        String pRule = "p-value >= " + rule.pValue();
        String test = numeric ? "ks" : "chi-square";
        Measured measured = measure();
        if (measured == null) {
            boolean noReference = numeric ? referenceSample.seen() == 0 : referenceCounts.isEmpty();
            String observed = "no values in the " + (noReference ? "reference" : "current table");
            return List.of(new Outcome("drift psi " + column, observed, psiRule, false),
                    new Outcome("drift " + test + " " + column, observed, pRule, false));
        }
        String psi = format("PSI %.4f (%d %s)", measured.psi(), measured.bins(), numeric ? "bins" : "categories");
        return List.of(
                new Outcome("drift psi " + column, psi, psiRule, measured.psi() <= rule.psiThreshold()),
                new Outcome("drift " + test + " " + column, measured.detail(), pRule, measured.pValue() >= rule.pValue()));
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
