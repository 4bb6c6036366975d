package io.modelgate.contract;

import io.delta.kernel.DataWriteContext;
import io.delta.kernel.Operation;
import io.delta.kernel.Table;
import io.delta.kernel.Transaction;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.internal.util.Utils;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterable;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.DataFileStatus;
import org.apache.hadoop.conf.Configuration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Small feature tables for check-model's tests, written as real Delta tables with Delta Kernel in
 * one commit: double columns of normal values (as the test bed's classifier is trained on), and
 * string columns where a test needs a type the signature does not accept.
 */
final class FeatureTables {

    private FeatureTables() {
    }

    /** Creates the table at {@code path} with {@code rows} rows of the given columns (double or string). */
    static Path write(Path path, int rows, Map<String, DataType> columns) {
        StructType schema = new StructType();
        for (Map.Entry<String, DataType> column : columns.entrySet()) schema = schema.add(column.getKey(), column.getValue(), true);
        Random random = new Random(11);
        Object[][] values = new Object[columns.size()][rows];
        for (int c = 0; c < columns.size(); c++) {
            boolean text = schema.at(c).getDataType() instanceof StringType;
            for (int r = 0; r < rows; r++) values[c][r] = text ? "v" + random.nextInt(5) : random.nextGaussian();
        }
        Engine engine = DefaultEngine.create(new Configuration());
        Transaction transaction = Table.forPath(engine, path.toString())
                .createTransactionBuilder(engine, "modelgate-tests", Operation.CREATE_TABLE).withSchema(engine, schema).build(engine);
        Row state = transaction.getTransactionState(engine);
        CloseableIterator<FilteredColumnarBatch> physical = Transaction.transformLogicalData(engine, state,
                Utils.singletonCloseableIterator(new FilteredColumnarBatch(new Batch(schema, values, rows), Optional.empty())), Map.of());
        DataWriteContext context = Transaction.getWriteContext(engine, state, Map.of());
        try {
            CloseableIterator<DataFileStatus> files = engine.getParquetHandler()
                    .writeParquetFiles(context.getTargetDirectory(), physical, context.getStatisticsColumns());
            transaction.commit(engine, CloseableIterable.inMemoryIterable(Transaction.generateAppendActions(engine, state, files, context)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return path;
    }

    /** Columns f0..f{n-1}, all double, as the test bed's classifier takes them. */
    static Map<String, DataType> doubles(int n) {
        Map<String, DataType> columns = new java.util.LinkedHashMap<>();
        for (int i = 0; i < n; i++) columns.put("f" + i, DoubleType.DOUBLE);
        return columns;
    }

    private record Batch(StructType schema, Object[][] values, int rows) implements ColumnarBatch {

        @Override
        public StructType getSchema() {
            return schema;
        }

        @Override
        public int getSize() {
            return rows;
        }

        @Override
        public ColumnVector getColumnVector(int ordinal) {
            Object[] column = values[ordinal];
            DataType type = schema.at(ordinal).getDataType();
            return new ColumnVector() {
                @Override
                public DataType getDataType() {
                    return type;
                }

                @Override
                public int getSize() {
                    return rows;
                }

                @Override
                public void close() {
                }

                @Override
                public boolean isNullAt(int row) {
                    return column[row] == null;
                }

                @Override
                public double getDouble(int row) {
                    return (Double) column[row];
                }

                @Override
                public String getString(int row) {
                    return (String) column[row];
                }
            };
        }
    }
}
