package io.modelgate.contract;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.types.BinaryType;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.ByteType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.FloatType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.ShortType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.TimestampNTZType;
import io.delta.kernel.types.TimestampType;
import io.modelgate.contract.ModelSignature.Schema;
import io.modelgate.contract.ModelSignature.Spec;
import io.modelgate.contract.SchemaEnforcement.Dtype;
import io.modelgate.delta.ColumnValues;
import io.modelgate.delta.DeltaTable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The Delta table a model is fed from: are the signature's input columns there, with a type the
 * signature accepts (the pandas dtype Spark's toPandas gives the Delta type, judged by
 * {@link SchemaEnforcement}), and a repeatable random sample of its rows to score.
 */
public final class FeatureTable {

    /** One input column against the table: its Delta type, or null when the table lacks it. */
    public record ColumnCheck(String column, String tableType, String signatureType, boolean required, boolean ok, String detail) {
    }

    private static final long SEED = 42;
    // NaN and infinities written bare, as Python's json reads them.
    private static final JsonMapper JSON = JsonMapper.builder().disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS).build();

    private FeatureTable() {
    }

    /** Each named input column of a column-based signature, checked against the table's schema. */
    public static List<ColumnCheck> check(DeltaTable table, Schema inputs) {
        List<ColumnCheck> checks = new ArrayList<>();
        for (Spec spec : inputs.specs()) {
            StructField field = table.schema().fieldNames().contains(spec.name()) ? table.schema().get(spec.name()) : null;
            if (field == null) {
                checks.add(new ColumnCheck(spec.name(), null, spec.describe(false), spec.required(), !spec.required(),
                        spec.required() ? "required by the signature, missing from the table" : "optional, not in the table"));
                continue;
            }
            String tableType = ColumnValues.typeName(field.getDataType());
            Optional<Dtype> sent = SchemaEnforcement.ofDelta(field.getDataType());
            boolean ok;
            String detail;
            if (spec.dataType().isEmpty()) {
                ok = true;
                detail = "a " + spec.type() + " column is not checked by type";
            } else if (sent.isEmpty()) {
                ok = false;
                detail = "MLflow takes no " + tableType + " column for a " + spec.type() + " input";
            } else {
                ok = SchemaEnforcement.accepts(spec.dataType().get(), sent.get());
                detail = ok ? "" : "MLflow does not convert " + tableType + " (" + sent.get().tag() + " in pandas) to " + spec.type();
            }
            checks.add(new ColumnCheck(spec.name(), tableType, spec.describe(false), spec.required(), ok, detail));
        }
        return checks;
    }

    /**
     * Writes at most {@code rows} rows of {@code columns} (of types {@link SchemaEnforcement#ofDelta} knows), a uniform sample of the table (Vitter's
     * algorithm R, seeded, so a run is repeatable), as {"columns", "types", "data"} for the scoring
     * script; returns how many rows were written.
     */
    public static int sample(DeltaTable table, List<String> columns, int rows, Path file) {
        List<DataType> types = columns.stream().map(c -> table.schema().get(c).getDataType()).toList();
        List<Object[]> sample = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(SEED);
        long[] seen = {0};
        table.scan(columns, Optional.empty(), batch -> {
            for (int row = 0; row < batch.size(); row++) {
                if (!batch.live(row)) continue;
                long slot = seen[0] < rows ? seen[0] : random.nextLong(seen[0] + 1);
                seen[0]++;
                if (slot >= rows) continue;
                Object[] values = new Object[columns.size()];
                for (int c = 0; c < columns.size(); c++) {
                    values[c] = value(types.get(c), batch.column(c), row);
                }
                if (slot < sample.size()) sample.set((int) slot, values);
                else sample.add(values);
            }
        });
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        ArrayNode names = doc.putArray("columns");
        columns.forEach(names::add);
        ArrayNode tags = doc.putArray("types");
        types.forEach(t -> tags.add(SchemaEnforcement.ofDelta(t).orElseThrow().tag()));
        ArrayNode data = doc.putArray("data");
        for (Object[] values : sample) {
            data.add(JSON.valueToTree(values));
        }
        try {
            JSON.writeValue(file.toFile(), doc);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the sampled rows to " + file, e);
        }
        return sample.size();
    }

    /** One cell as the scoring script reads it: numbers, booleans and text as they are; dates and times ISO-8601; bytes in base64. */
    private static Object value(DataType type, ColumnVector vector, int row) {
        if (vector.isNullAt(row)) return null;
        if (type instanceof BooleanType) return vector.getBoolean(row);
        if (type instanceof ByteType) return vector.getByte(row);
        if (type instanceof ShortType) return vector.getShort(row);
        if (type instanceof IntegerType) return vector.getInt(row);
        if (type instanceof LongType) return vector.getLong(row);
        if (type instanceof FloatType) return vector.getFloat(row);
        if (type instanceof DoubleType) return vector.getDouble(row);
        if (type instanceof DecimalType) return vector.getDecimal(row).toPlainString();
        if (type instanceof DateType) return LocalDate.ofEpochDay(vector.getInt(row)).toString();
        if (type instanceof TimestampType) return Instant.EPOCH.plus(vector.getLong(row), ChronoUnit.MICROS).toString();
        if (type instanceof TimestampNTZType) {
            return LocalDateTime.ofEpochSecond(0, 0, ZoneOffset.UTC).plus(vector.getLong(row), ChronoUnit.MICROS).toString();
        }
        if (type instanceof BinaryType) return Base64.getEncoder().encodeToString(vector.getBinary(row));
        if (type instanceof StringType) return vector.getString(row);
        throw new IllegalArgumentException("no sample of a " + type + " column");
    }
}
