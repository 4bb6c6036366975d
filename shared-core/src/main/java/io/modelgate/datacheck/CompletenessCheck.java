package io.modelgate.datacheck;

import io.modelgate.delta.Rows;

import io.delta.kernel.data.ColumnVector;

import java.util.List;
import java.util.Locale;

/** The share of non-null values of a column is at least the declared minimum. */
final class CompletenessCheck implements DataCheck {

    private final String column;
    private final double minimum;
    private long rows;
    private long nulls;

    CompletenessCheck(String column, double minimum) {
        this.column = column;
        this.minimum = minimum;
    }

    @Override
    public List<String> columns() {
        return List.of(column);
    }

    @Override
    public void accept(Rows batch) {
        ColumnVector vector = batch.column(batch.ordinal(column));
        for (int i = 0; i < batch.size(); i++) {
            if (!batch.live(i)) continue;
            rows++;
            if (vector.isNullAt(i)) nulls++;
        }
    }

    @Override
    public List<Outcome> finish() {
        double share = rows == 0 ? 1.0 : (double) (rows - nulls) / rows;
        String observed = String.format(Locale.ROOT, "%.4f non-null (%d null of %d)", share, nulls, rows);
        return List.of(new Outcome("completeness " + column, observed, ">= " + minimum, share >= minimum));
    }
}
