package io.modelgate.datacheck;

import io.modelgate.config.TableConfig.Bound;
import io.modelgate.config.TableConfig.StatisticsRule;
import io.modelgate.datacheck.drift.PopulationStability;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Mean, standard deviation (ddof 1) and quantiles of a numeric column within bounds, and changed
 * at most max_change (relative) from the reference's. Mean and deviation are exact (NaN and nulls
 * left out); quantiles are numpy's linear ones on the column's sample, exact up to its size.
 */
final class StatisticsCheck implements DataCheck {

    private final String column;
    private final StatisticsRule rule;
    private final Measure.Moments moments;
    private final Measure.Sample sample;
    private final Measure.Moments referenceMoments;
    private final Measure.Sample referenceSample;

    StatisticsCheck(String column, StatisticsRule rule, int sampleSize, List<String> by, List<String> referenceBy) {
        this.column = column;
        this.rule = rule;
        this.moments = new Measure.Moments(column, by);
        this.sample = rule.quantiles().isEmpty() ? null : Samples.current(column, sampleSize, by);
        this.referenceMoments = new Measure.Moments(column, referenceBy);
        this.referenceSample = rule.quantiles().isEmpty() ? null : Samples.reference(column, sampleSize, referenceBy);
    }

    @Override
    public List<Measure> referenceMeasures() {
        List<Measure> measures = new ArrayList<>();
        if (changes(rule.mean()) || changes(rule.stddev())) measures.add(referenceMoments);
        if (rule.quantiles().values().stream().anyMatch(StatisticsCheck::changes)) measures.add(referenceSample);
        return measures;
    }

    private static boolean changes(Bound bound) {
        return bound != null && bound.maxChange() != null;
    }

    @Override
    public List<Measure> measures(Observations reference) {
        return sample == null ? List.of(moments) : List.of(moments, sample);
    }

    @Override
    public List<Outcome> judge(Side current, Side reference) {
        List<Outcome> outcomes = new ArrayList<>();
        Observations.Moments now = moments(current, moments);
        Observations.Moments before = reference == null || !changes(rule.mean()) && !changes(rule.stddev()) ? null : moments(reference, referenceMoments);
        if (rule.mean() != null) {
            outcomes.add(judge("mean", now.count() == 0 ? Double.NaN : now.mean(),
                    before == null || before.count() == 0 ? Double.NaN : before.mean(), rule.mean()));
        }
        if (rule.stddev() != null) {
            outcomes.add(judge("stddev", now.stddev(), before == null ? Double.NaN : before.stddev(), rule.stddev()));
        }
        for (Map.Entry<String, Bound> entry : rule.quantiles().entrySet()) {
            double q = StatisticsRule.quantile(entry.getKey());
            double value = quantile((Observations.Sample) current.get(sample), q);
            double was = changes(entry.getValue()) && reference != null ? quantile((Observations.Sample) reference.get(referenceSample), q) : Double.NaN;
            outcomes.add(judge(entry.getKey(), value, was, entry.getValue()));
        }
        return outcomes;
    }

    private static Observations.Moments moments(Side side, Measure.Moments measure) {
        Observations.Moments value = (Observations.Moments) side.get(measure);
        return value == null ? Observations.Moments.EMPTY : value;
    }

    private static double quantile(Observations.Sample sample, double q) {
        return sample == null || sample.sorted().length == 0 ? Double.NaN : PopulationStability.quantile(sample.sorted(), q);
    }

    private Outcome judge(String statistic, double value, double reference, Bound bound) {
        List<String> rules = new ArrayList<>();
        boolean passed = !Double.isNaN(value);
        if (bound.min() != null) {
            rules.add(">= " + DataChecks.number(bound.min()));
            passed &= value >= bound.min();
        }
        if (bound.max() != null) {
            rules.add("<= " + DataChecks.number(bound.max()));
            passed &= value <= bound.max();
        }
        String observed = Double.isNaN(value) ? "no values" : DataChecks.number(value);
        if (bound.maxChange() != null) {
            double change = Changes.relative(value, reference);
            rules.add("|change| <= " + Changes.bound(bound.maxChange()));
            passed &= Math.abs(change) <= bound.maxChange();
            observed += Double.isNaN(reference) ? ", no reference values" : ", reference " + DataChecks.number(reference) + " (" + Changes.percent(change) + ")";
        }
        return new Outcome(statistic + " " + column, observed, String.join(", ", rules), passed);
    }
}
