package io.modelgate.datacheck;

import java.util.List;

/** No two live rows share a key (over the whole table, grouped or not); a null is a value of its own in a key. */
final class UniquenessCheck implements DataCheck {

    private final List<String> key;
    private final Measure.Distinct distinct;
    private final Measure.Rows rows = new Measure.Rows(List.of());

    UniquenessCheck(List<String> key) {
        this.key = key;
        this.distinct = new Measure.Distinct(key);
    }

    @Override
    public List<Measure> measures(Observations reference) {
        return List.of(distinct, rows);
    }

    @Override
    public List<Outcome> judge(Side current, Side reference) {
        long count = current.count(rows);
        long unique = current.count(distinct);
        long duplicates = count - unique;
        String observed = duplicates == 0 ? count + " rows, all keys unique"
                : duplicates + " duplicate row" + (duplicates == 1 ? "" : "s") + " (" + unique + " distinct keys in " + count + " rows)";
        return List.of(new Outcome("unique (" + String.join(", ", key) + ")", observed, "no duplicate key", duplicates == 0));
    }
}
