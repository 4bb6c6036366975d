package io.modelgate.datacheck;

import io.modelgate.delta.ColumnValues;

import java.util.List;

/** The samples of a column on either side: one seed per column and side, so that every check on a column shares its sample. */
final class Samples {

    private Samples() {
    }

    static Measure.Sample current(String column, int size, List<String> by) {
        return new Measure.Sample(column, size, ~ColumnValues.hashText(column), by);
    }

    static Measure.Sample reference(String column, int size, List<String> by) {
        return new Measure.Sample(column, size, ColumnValues.hashText(column), by);
    }
}
