package io.modelgate.delta;

import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;

/**
 * One batch of rows as read from a table: columns in the order they were asked for, and the
 * selection vector of deletion vectors (rows whose flag is false are deleted and skipped), and
 * the index in its data file of the batch's first row (deleted rows count: it is the physical row).
 */
public record Rows(ColumnarBatch data, ColumnVector selection, long firstRow) {

    public int size() {
        return data.getSize();
    }

    public boolean live(int row) {
        return selection == null || (!selection.isNullAt(row) && selection.getBoolean(row));
    }

    public ColumnVector column(int ordinal) {
        return data.getColumnVector(ordinal);
    }

    public int ordinal(String column) {
        return data.getSchema().indexOf(column);
    }
}
