package io.modelgate.contract;

import io.delta.kernel.types.BinaryType;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.ByteType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.FloatType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.ShortType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.TimestampNTZType;
import io.delta.kernel.types.TimestampType;

import java.util.Locale;
import java.util.Optional;

/**
 * Which data MLflow's schema enforcement accepts for a column the signature declares, as
 * {@code mlflow.models.utils._enforce_mlflow_datatype} decides it (MLflow 3.17): the same type, an
 * upcast within a kind (int32 to int64, float32 to float64), an int of at most 6 bytes to double,
 * Decimal objects to double, any datetime64 or date objects to datetime, and, leniently, any
 * object column to string or binary, and any but text to boolean (with pandas 3, whose
 * {@code infer_objects} makes text columns {@code str}). Everything else is refused. Two value-dependent
 * leniencies of MLflow (int64 columns holding only 0 and 1 into float or double, strings that parse
 * as dates into datetime) are not counted: a type check cannot know the values. {@code
 * SchemaEnforcementTest} holds every pair to MLflow's own function.
 */
public final class SchemaEnforcement {

    /** MLflow's {@code DataType} of a column spec, with the numpy dtype it stands for. */
    public enum DataType {
        BOOLEAN(Dtype.BOOL), INTEGER(Dtype.INT32), LONG(Dtype.INT64), FLOAT(Dtype.FLOAT32), DOUBLE(Dtype.FLOAT64),
        STRING(Dtype.OBJECT_STRING), BINARY(Dtype.OBJECT_BYTES), DATETIME(Dtype.DATETIME64);

        /** What a client whose data follows this type sends. */
        public final Dtype dtype;

        DataType(Dtype dtype) {
            this.dtype = dtype;
        }

        /** The name in a signature's JSON, e.g. {@code double}. */
        public String mlflowName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<DataType> of(String mlflowName) {
            for (DataType type : values()) {
                if (type.mlflowName().equals(mlflowName)) return Optional.of(type);
            }
            return Optional.empty();
        }
    }

    /**
     * The pandas dtype a column arrives with. {@code kind} and {@code itemsize} are numpy's; object
     * columns are told apart by what they hold (str, bytes, datetime.date, decimal.Decimal).
     */
    public enum Dtype {
        BOOL('b', 1), INT8('i', 1), INT16('i', 2), INT32('i', 4), INT64('i', 8), FLOAT32('f', 4), FLOAT64('f', 8),
        DATETIME64('M', 8), OBJECT_STRING('O', 8), OBJECT_BYTES('O', 8), OBJECT_DATE('O', 8), OBJECT_DECIMAL('O', 8);

        final char kind;
        final int itemsize;

        Dtype(char kind, int itemsize) {
            this.kind = kind;
            this.itemsize = itemsize;
        }

        /**
         * The tag the scoring script builds the column from: the numpy dtype name, or what an
         * object column holds.
         */
        public String tag() {
            return switch (this) {
                case DATETIME64 -> "timestamp";
                case OBJECT_STRING -> "string";
                case OBJECT_BYTES -> "binary";
                case OBJECT_DATE -> "date";
                case OBJECT_DECIMAL -> "decimal";
                default -> name().toLowerCase(Locale.ROOT);
            };
        }
    }

    private SchemaEnforcement() {
    }

    /** Whether MLflow accepts a column of {@code sent} for a column declared {@code declared}. */
    public static boolean accepts(DataType declared, Dtype sent) {
        if (sent.kind == 'O') {
            return switch (declared) {
                case STRING, BINARY -> true;
                // Before the boolean check MLflow calls infer_objects, which pandas 3 turns text into its str dtype.
                case BOOLEAN -> sent != Dtype.OBJECT_STRING;
                case DOUBLE -> sent == Dtype.OBJECT_DECIMAL;
                case DATETIME -> sent == Dtype.OBJECT_DATE;
                default -> false;
            };
        }
        Dtype wanted = declared.dtype;
        if (wanted.kind == 'O') return false;
        if (sent.kind == wanted.kind) return sent.itemsize <= wanted.itemsize;
        return sent.kind == 'i' && wanted == Dtype.FLOAT64 && sent.itemsize <= 6;
    }

    /**
     * The pandas dtype of a Delta column as Spark's {@code toPandas()} gives it (non-null values),
     * which is how serving and batch code reading the feature table hands it to the model; empty
     * for nested and other types a signature column cannot take.
     */
    public static Optional<Dtype> ofDelta(io.delta.kernel.types.DataType type) {
        if (type instanceof BooleanType) return Optional.of(Dtype.BOOL);
        if (type instanceof ByteType) return Optional.of(Dtype.INT8);
        if (type instanceof ShortType) return Optional.of(Dtype.INT16);
        if (type instanceof IntegerType) return Optional.of(Dtype.INT32);
        if (type instanceof LongType) return Optional.of(Dtype.INT64);
        if (type instanceof FloatType) return Optional.of(Dtype.FLOAT32);
        if (type instanceof DoubleType) return Optional.of(Dtype.FLOAT64);
        if (type instanceof StringType) return Optional.of(Dtype.OBJECT_STRING);
        if (type instanceof BinaryType) return Optional.of(Dtype.OBJECT_BYTES);
        if (type instanceof DateType) return Optional.of(Dtype.OBJECT_DATE);
        if (type instanceof DecimalType) return Optional.of(Dtype.OBJECT_DECIMAL);
        if (type instanceof TimestampType || type instanceof TimestampNTZType) return Optional.of(Dtype.DATETIME64);
        return Optional.empty();
    }
}
