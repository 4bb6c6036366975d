package io.modelgate.evaluation;

import io.delta.kernel.Operation;
import io.delta.kernel.Table;
import io.delta.kernel.Transaction;
import io.delta.kernel.TransactionBuilder;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.defaults.internal.data.DefaultColumnarBatch;
import io.delta.kernel.defaults.internal.data.vector.DefaultGenericVector;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.exceptions.TableNotFoundException;
import io.delta.kernel.internal.util.Utils;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterable;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.DataFileStatus;
import org.apache.hadoop.conf.Configuration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Test tables written with Delta Kernel: each append is one commit of one data file, so a table's files come in a known order. */
final class KernelTables {

    static final Engine ENGINE = DefaultEngine.create(new Configuration());

    private KernelTables() {
    }

    /** Appends rows (one Object[] per row, in the schema's column order) as one data file; creates the table first. */
    static void append(String path, StructType schema, List<Object[]> rows) {
        Table table = Table.forPath(ENGINE, path);
        boolean exists;
        try {
            table.getLatestSnapshot(ENGINE);
            exists = true;
        } catch (TableNotFoundException e) {
            exists = false;
        }
        TransactionBuilder builder = table.createTransactionBuilder(ENGINE, "modelgate-test", exists ? Operation.WRITE : Operation.CREATE_TABLE);
        if (!exists) builder = builder.withSchema(ENGINE, schema);
        Transaction transaction = builder.build(ENGINE);
        Row state = transaction.getTransactionState(ENGINE);
        ColumnVector[] vectors = new ColumnVector[schema.length()];
        for (int c = 0; c < vectors.length; c++) {
            Object[] values = new Object[rows.size()];
            for (int r = 0; r < rows.size(); r++) values[r] = rows.get(r)[c];
            vectors[c] = DefaultGenericVector.fromArray(schema.at(c).getDataType(), values);
        }
        FilteredColumnarBatch batch = new FilteredColumnarBatch(new DefaultColumnarBatch(rows.size(), schema, vectors), Optional.empty());
        CloseableIterator<FilteredColumnarBatch> physical = Transaction.transformLogicalData(ENGINE, state, Utils.singletonCloseableIterator(batch), Map.of());
        var context = Transaction.getWriteContext(ENGINE, state, Map.of());
        try {
            CloseableIterator<DataFileStatus> files = ENGINE.getParquetHandler().writeParquetFiles(context.getTargetDirectory(), physical, context.getStatisticsColumns());
            CloseableIterator<Row> actions = Transaction.generateAppendActions(ENGINE, state, files, context);
            transaction.commit(ENGINE, CloseableIterable.inMemoryIterable(actions));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
