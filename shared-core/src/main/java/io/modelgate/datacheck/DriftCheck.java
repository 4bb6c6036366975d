package io.modelgate.datacheck;

import io.modelgate.config.TableConfig.DriftRule;
import io.modelgate.datacheck.drift.ChiSquare;
import io.modelgate.datacheck.drift.KolmogorovSmirnov;
import io.modelgate.datacheck.drift.PopulationStability;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Drift of one column from the reference. Numeric columns: PSI over the reference's quantile bins
 * and the two-sample KS test, from bottom-k samples of both sides ({@link Measure.Sample}); the
 * current shares are counted over every row when the reference is one group (the table, or the
 * reference window), else over the current sample. String, boolean and integer columns: PSI over
 * the categories and the chi-square test of homogeneity, from exact counts. Nulls (and NaN) are
 * left out. {@code kind} names it: "drift", "prediction drift" or "label drift" (which also shows
 * the positive rate of both sides).
 */
final class DriftCheck implements DataCheck {

    private final String kind;
    private final String column;
    private final boolean numeric;
    private final DriftRule rule;
    private final String referenceName;
    private final List<String> by;
    private String referenceGroup;
    private final Measure.Sample sample;
    private final Measure.Sample referenceSample;
    private final Measure.Counts counts;
    private final Measure.Counts referenceCounts;
    private Measure.Histogram histogram;

    /**
     * @param referenceBy    how the reference is grouped
     * @param referenceGroup the one group of the reference every group is compared with (the
     *                       reference window, or "" for an ungrouped reference); null: each group
     *                       with the reference's group of the same key
     */
    DriftCheck(String kind, String column, boolean numeric, DriftRule rule, String referenceName,
               List<String> by, List<String> referenceBy, String referenceGroup) {
        this.kind = kind;
        this.column = column;
        this.numeric = numeric;
        this.rule = rule;
        this.referenceName = referenceName;
        this.by = by;
        this.referenceGroup = referenceGroup;
        this.sample = numeric ? Samples.current(column, rule.sampleSize(), by) : null;
        this.referenceSample = numeric ? Samples.reference(column, rule.sampleSize(), referenceBy) : null;
        this.counts = numeric ? null : new Measure.Counts(column, by);
        this.referenceCounts = numeric ? null : new Measure.Counts(column, referenceBy);
    }

    /** Compare every group with this one group of the reference (the reference window). */
    void referTo(String group) {
        this.referenceGroup = group;
    }

    String column() {
        return column;
    }

    String kind() {
        return kind;
    }

    @Override
    public List<Measure> referenceMeasures() {
        return List.of(numeric ? referenceSample : referenceCounts);
    }

    @Override
    public List<Measure> measures(Observations reference) {
        if (!numeric) return List.of(counts);
        if (referenceGroup == null) return List.of(sample);
        histogram = new Measure.Histogram(column, edges((Observations.Sample) reference.get(referenceSample, referenceGroup)), by);
        return List.of(sample, histogram);
    }

    private double[] edges(Observations.Sample reference) {
        return reference == null || reference.sorted().length == 0 ? new double[0] : PopulationStability.edges(reference.sorted(), rule.bins());
    }

    /** What drift measured: PSI, and the KS or chi-square statistic with its p-value; null when a side had no values. */
    record Measured(double psi, int bins, double statistic, double pValue, String test, String detail) {
    }

    @SuppressWarnings("unchecked")
    Measured measure(Side current, Side reference) {
        if (numeric) {
            Observations.Sample ref = reference == null ? null : (Observations.Sample) reference.get(referenceSample);
            Observations.Sample cur = (Observations.Sample) current.get(sample);
            if (ref == null || cur == null || ref.sorted().length == 0 || cur.sorted().length == 0) return null;
            double[] edges = histogram == null ? edges(ref) : histogram.edges();
            long[] referenceBins = bins(edges, ref.sorted());
            long[] currentBins = histogram == null ? bins(edges, cur.sorted()) : (long[]) current.get(histogram);
            KolmogorovSmirnov.Result ks = KolmogorovSmirnov.test(ref.sorted(), cur.sorted());
            String sampled = ref.exact() && cur.exact() ? "" : ", from samples of " + ref.sorted().length + " and " + cur.sorted().length;
            return new Measured(PopulationStability.index(referenceBins, currentBins), edges.length + 1, ks.statistic(), ks.pValue(),
                    "ks", format("D %.4f, p-value %.4g (%s%s)", ks.statistic(), ks.pValue(), ks.exact() ? "exact" : "asymptotic", sampled));
        }
        Map<String, Long> ref = reference == null ? null : (Map<String, Long>) reference.get(referenceCounts);
        Map<String, Long> cur = (Map<String, Long>) current.get(counts);
        if (ref == null || cur == null || ref.isEmpty() || cur.isEmpty()) return null;
        ChiSquare.Result chi = ChiSquare.test(ref, cur);
        String rates = kind.equals("label drift") ? format("positive rate %.4f, reference %.4f; ", positiveRate(cur), positiveRate(ref)) : "";
        return new Measured(PopulationStability.index(ref, cur), chi.degreesOfFreedom() + 1, chi.statistic(), chi.pValue(),
                "chi-square", rates + format("chi2 %.2f, dof %d, p-value %.4g", chi.statistic(), chi.degreesOfFreedom(), chi.pValue()));
    }

    private static long[] bins(double[] edges, double[] values) {
        long[] bins = new long[edges.length + 1];
        for (double value : values) bins[PopulationStability.bin(edges, value)]++;
        return bins;
    }

    /** The share of 1 or true among the labels. */
    private static double positiveRate(Map<String, Long> counts) {
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        long positive = counts.getOrDefault("1", 0L) + counts.getOrDefault("true", 0L);
        return total == 0 ? 0 : (double) positive / total;
    }

    @Override
    public List<Outcome> judge(Side current, Side reference) {
        boolean gates = rule.share() == null || !kind.equals("drift");
        String psiRule = "PSI <= " + rule.psiThreshold() + " vs " + referenceName;
        String pRule = "p-value >= " + rule.pValue();
        String test = numeric ? "ks" : "chi-square";
        Measured measured = measure(current, reference);
        if (measured == null) {
            boolean noReference = reference == null || (numeric ? reference.get(referenceSample) == null : reference.get(referenceCounts) == null);
            String observed = "no values in the " + (noReference ? "reference" : "current table");
            return List.of(new Outcome(kind + " psi " + column, observed, psiRule, false, gates),
                    new Outcome(kind + " " + test + " " + column, observed, pRule, false, gates));
        }
        String psi = format("PSI %.4f (%d %s)", measured.psi(), measured.bins(), numeric ? "bins" : "categories");
        return List.of(
                new Outcome(kind + " psi " + column, psi, psiRule, measured.psi() <= rule.psiThreshold(), gates),
                new Outcome(kind + " " + test + " " + column, measured.detail(), pRule, measured.pValue() >= rule.pValue(), gates));
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
