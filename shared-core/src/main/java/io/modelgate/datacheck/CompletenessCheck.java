package io.modelgate.datacheck;

import io.modelgate.config.TableConfig.CompletenessRule;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The share of non-null values of a column is at least the minimum, and fell at most max_drop from the reference's. */
final class CompletenessCheck implements DataCheck {

    private final String column;
    private final CompletenessRule rule;
    private final Measure.Rows rows;
    private final Measure.Nulls nulls;
    private final Measure.Rows referenceRows;
    private final Measure.Nulls referenceNulls;

    CompletenessCheck(String column, CompletenessRule rule, List<String> by, List<String> referenceBy) {
        this.column = column;
        this.rule = rule;
        this.rows = new Measure.Rows(by);
        this.nulls = new Measure.Nulls(column, by);
        this.referenceRows = new Measure.Rows(referenceBy);
        this.referenceNulls = new Measure.Nulls(column, referenceBy);
    }

    @Override
    public List<Measure> referenceMeasures() {
        return rule.maxDrop() == null ? List.of() : List.of(referenceRows, referenceNulls);
    }

    @Override
    public List<Measure> measures(Observations reference) {
        return List.of(rows, nulls);
    }

    @Override
    public List<Outcome> judge(Side current, Side reference) {
        long count = current.count(rows);
        long missing = current.count(nulls);
        double share = share(count, missing);
        String observed = String.format(Locale.ROOT, "%.4f non-null (%d null of %d)", share, missing, count);
        List<Outcome> outcomes = new ArrayList<>();
        if (rule.min() != null) {
            outcomes.add(new Outcome("completeness " + column, observed, ">= " + DataChecks.number(rule.min()), share >= rule.min()));
        }
        if (rule.maxDrop() != null) {
            double before = reference == null ? 1.0 : share(reference.count(referenceRows), reference.count(referenceNulls));
            double drop = before - share;
            outcomes.add(new Outcome("completeness drop " + column,
                    String.format(Locale.ROOT, "%.4f non-null, %.4f in the reference (drop %.4f)", share, before, drop),
                    "drop <= " + DataChecks.number(rule.maxDrop()), drop <= rule.maxDrop() + 1e-12));
        }
        return outcomes;
    }

    private static double share(long rows, long nulls) {
        return rows == 0 ? 1.0 : (double) (rows - nulls) / rows;
    }
}
