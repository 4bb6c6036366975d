package io.modelgate.datacheck;

import io.modelgate.delta.ColumnValues;
import io.modelgate.delta.Rows;

import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.types.DataType;
import io.modelgate.config.TableConfig.RangeRule;

import java.util.List;

/** Every non-null value of a numeric column is within [min, max]; NaN counts as outside. */
final class RangeCheck implements DataCheck {

    private final String column;
    private final RangeRule rule;
    private final ColumnValues.Numeric reader;
    private long outside;
    private double observedMin = Double.POSITIVE_INFINITY;
    private double observedMax = Double.NEGATIVE_INFINITY;

    RangeCheck(String column, DataType type, RangeRule rule) {
        this.column = column;
        this.rule = rule;
        this.reader = ColumnValues.numeric(type);
    }

    @Override
    public List<String> columns() {
        return List.of(column);
    }

    @Override
    public void accept(Rows batch) {
        ColumnVector vector = batch.column(batch.ordinal(column));
        double min = rule.min() == null ? Double.NEGATIVE_INFINITY : rule.min();
        double max = rule.max() == null ? Double.POSITIVE_INFINITY : rule.max();
        for (int i = 0; i < batch.size(); i++) {
            if (!batch.live(i) || vector.isNullAt(i)) continue;
            double value = reader.read(vector, i);
            if (!(value >= min && value <= max)) outside++;
            if (value < observedMin) observedMin = value;
            if (value > observedMax) observedMax = value;
        }
    }

    @Override
    public List<Outcome> finish() {
        String observed = observedMin > observedMax ? "no values"
                : "min " + DataChecks.number(observedMin) + ", max " + DataChecks.number(observedMax) + ", " + outside + " outside";
        String text = "in [" + (rule.min() == null ? "-inf" : DataChecks.number(rule.min())) + ", "
                + (rule.max() == null ? "+inf" : DataChecks.number(rule.max())) + "]";
        return List.of(new Outcome("range " + column, observed, text, outside == 0));
    }
}
