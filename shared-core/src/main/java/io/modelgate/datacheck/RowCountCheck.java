package io.modelgate.datacheck;

import io.modelgate.config.TableConfig.RowCountRule;

import java.util.List;
import java.util.Locale;

/** The number of live rows (after deletion vectors, within the partition filter) is within bounds, and changed at most max_change from the reference. */
final class RowCountCheck implements DataCheck {

    private final RowCountRule rule;
    private final Measure.Rows rows;
    private final Measure.Rows referenceRows;

    RowCountCheck(RowCountRule rule, List<String> by, List<String> referenceBy) {
        this.rule = rule;
        this.rows = new Measure.Rows(by);
        this.referenceRows = new Measure.Rows(referenceBy);
    }

    @Override
    public List<Measure> referenceMeasures() {
        return rule.maxChange() == null ? List.of() : List.of(referenceRows);
    }

    @Override
    public List<Measure> measures(Observations reference) {
        return List.of(rows);
    }

    @Override
    public List<Outcome> judge(Side current, Side reference) {
        long count = current.count(rows);
        if (rule.min() != null || rule.max() != null) {
            boolean passed = (rule.min() == null || count >= rule.min()) && (rule.max() == null || count <= rule.max());
            String text = rule.min() != null && rule.max() != null ? "between " + rule.min() + " and " + rule.max()
                    : rule.min() != null ? ">= " + rule.min() : "<= " + rule.max();
            if (rule.maxChange() == null) return List.of(new Outcome("row_count", count + " rows", text, passed));
            return List.of(new Outcome("row_count", count + " rows", text, passed), change(count, reference));
        }
        return List.of(change(count, reference));
    }

    private Outcome change(long count, Side reference) {
        long before = reference == null ? 0 : reference.count(referenceRows);
        double change = Changes.relative(count, before);
        String observed = String.format(Locale.ROOT, "%d rows, %d in the reference (%s)", count, before, Changes.percent(change));
        return new Outcome("row_count change", observed, "|change| <= " + Changes.bound(rule.maxChange()), Math.abs(change) <= rule.maxChange());
    }
}
