package io.modelgate.datacheck;

import io.modelgate.delta.ColumnValues;
import io.modelgate.delta.Rows;

import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.types.DataType;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Every non-null value of a column is one of the allowed ones; the first few others are shown. */
final class AllowedValuesCheck implements DataCheck {

    private static final int EXAMPLES = 5;

    private final String column;
    private final Set<String> allowed;
    private final ColumnValues.Text reader;
    private final Set<String> examples = new LinkedHashSet<>();
    private long unexpected;

    AllowedValuesCheck(String column, DataType type, List<String> allowed) {
        this.column = column;
        this.allowed = Set.copyOf(allowed);
        this.reader = ColumnValues.text(type);
    }

    @Override
    public List<String> columns() {
        return List.of(column);
    }

    @Override
    public void accept(Rows batch) {
        ColumnVector vector = batch.column(batch.ordinal(column));
        for (int i = 0; i < batch.size(); i++) {
            if (!batch.live(i) || vector.isNullAt(i)) continue;
            String value = reader.read(vector, i);
            if (!allowed.contains(value)) {
                unexpected++;
                if (examples.size() < EXAMPLES) examples.add(value);
            }
        }
    }

    @Override
    public List<Outcome> finish() {
        String observed = unexpected == 0 ? "all values allowed"
                : unexpected + " value" + (unexpected == 1 ? "" : "s") + " not allowed, e.g. " + String.join(", ", examples);
        String rule = "one of " + String.join(", ", allowed.stream().sorted().toList());
        return List.of(new Outcome("allowed_values " + column, observed, rule, unexpected == 0));
    }
}
