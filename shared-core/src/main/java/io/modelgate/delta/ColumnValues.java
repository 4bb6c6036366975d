package io.modelgate.delta;

import io.delta.kernel.data.ColumnVector;
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
import io.delta.kernel.types.TimestampNTZType;
import io.delta.kernel.types.TimestampType;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** Reading one cell of a Kernel column vector as a number, a text or a 64-bit key hash, by column type. */
public final class ColumnValues {

    @FunctionalInterface
    public interface Numeric {
        double read(ColumnVector vector, int row);

        /** Reads the given rows that are not null into {@code out} at their own index: one loop per batch and column. */
        default void readAll(ColumnVector vector, int[] rows, int n, boolean[] isNull, double[] out) {
            for (int k = 0; k < n; k++) {
                int i = rows[k];
                if (!isNull[i]) out[i] = read(vector, i);
            }
        }
    }


    @FunctionalInterface
    public interface Text {
        String read(ColumnVector vector, int row);
    }

    @FunctionalInterface
    public interface Hash {
        long read(ColumnVector vector, int row);
    }

    private ColumnValues() {
    }

    public static boolean isNumeric(DataType type) {
        return type instanceof ByteType || type instanceof ShortType || type instanceof IntegerType || type instanceof LongType
                || type instanceof FloatType || type instanceof DoubleType || type instanceof DecimalType;
    }

    public static boolean isCategorical(DataType type) {
        return type instanceof StringType || type instanceof BooleanType || type instanceof ByteType
                || type instanceof ShortType || type instanceof IntegerType || type instanceof LongType;
    }

    public static boolean isTime(DataType type) {
        return type instanceof TimestampType || type instanceof TimestampNTZType || type instanceof DateType;
    }

    public static Numeric numeric(DataType type) {
        if (type instanceof DoubleType) return DOUBLES;
        if (type instanceof FloatType) return ColumnVector::getFloat;
        if (type instanceof LongType) return LONGS;
        if (type instanceof IntegerType) return INTS;
        if (type instanceof ShortType) return ColumnVector::getShort;
        if (type instanceof ByteType) return ColumnVector::getByte;
        if (type instanceof DecimalType) return (v, i) -> v.getDecimal(i).doubleValue();
        throw new IllegalArgumentException("not numeric: " + type);
    }

    private static final Numeric DOUBLES = new Numeric() {
        public double read(ColumnVector vector, int row) {
            return vector.getDouble(row);
        }

        public void readAll(ColumnVector vector, int[] rows, int n, boolean[] isNull, double[] out) {
            for (int k = 0; k < n; k++) {
                int i = rows[k];
                if (!isNull[i]) out[i] = vector.getDouble(i);
            }
        }
    };

    private static final Numeric LONGS = new Numeric() {
        public double read(ColumnVector vector, int row) {
            return vector.getLong(row);
        }

        public void readAll(ColumnVector vector, int[] rows, int n, boolean[] isNull, double[] out) {
            for (int k = 0; k < n; k++) {
                int i = rows[k];
                if (!isNull[i]) out[i] = vector.getLong(i);
            }
        }
    };

    private static final Numeric INTS = new Numeric() {
        public double read(ColumnVector vector, int row) {
            return vector.getInt(row);
        }

        public void readAll(ColumnVector vector, int[] rows, int n, boolean[] isNull, double[] out) {
            for (int k = 0; k < n; k++) {
                int i = rows[k];
                if (!isNull[i]) out[i] = vector.getInt(i);
            }
        }
    };

    public static Text text(DataType type) {
        if (type instanceof StringType) return ColumnVector::getString;
        if (type instanceof BooleanType) return (v, i) -> Boolean.toString(v.getBoolean(i));
        if (type instanceof LongType) return (v, i) -> Long.toString(v.getLong(i));
        if (type instanceof IntegerType) return (v, i) -> Integer.toString(v.getInt(i));
        if (type instanceof ShortType) return (v, i) -> Short.toString(v.getShort(i));
        if (type instanceof ByteType) return (v, i) -> Byte.toString(v.getByte(i));
        throw new IllegalArgumentException("not categorical: " + type);
    }

    /** The instant of a timestamp (microseconds since the epoch) or date (days) cell. */
    public static Instant instant(DataType type, ColumnVector vector, int row) {
        if (type instanceof DateType) {
            return LocalDate.ofEpochDay(vector.getInt(row)).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        return Instant.EPOCH.plus(vector.getLong(row), ChronoUnit.MICROS);
    }

    /** A 64-bit hash of a cell, for uniqueness; equal values hash equal. */
    public static Hash hash(DataType type) {
        if (type instanceof StringType) return (v, i) -> hashText(v.getString(i));
        if (type instanceof LongType || type instanceof TimestampType || type instanceof TimestampNTZType) return (v, i) -> mix(v.getLong(i));
        if (type instanceof IntegerType || type instanceof DateType) return (v, i) -> mix(v.getInt(i));
        if (type instanceof ShortType) return (v, i) -> mix(v.getShort(i));
        if (type instanceof ByteType) return (v, i) -> mix(v.getByte(i));
        if (type instanceof BooleanType) return (v, i) -> mix(v.getBoolean(i) ? 1 : 0);
        if (type instanceof DoubleType) return (v, i) -> mix(Double.doubleToLongBits(v.getDouble(i)));
        if (type instanceof FloatType) return (v, i) -> mix(Float.floatToIntBits(v.getFloat(i)));
        if (type instanceof DecimalType) return (v, i) -> hashText(v.getDecimal(i).stripTrailingZeros().toPlainString());
        return (v, i) -> {
            byte[] bytes = v.getBinary(i);
            long h = 0xcbf29ce484222325L;
            for (byte b : bytes) h = (h ^ (b & 0xff)) * 0x100000001b3L;
            return mix(h);
        };
    }

    /** FNV-1a over the characters, finished with murmur3's mixer. */
    public static long hashText(String text) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < text.length(); i++) {
            h = (h ^ text.charAt(i)) * 0x100000001b3L;
        }
        return mix(h);
    }

    /** murmur3's fmix64. */
    public static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    /** Delta's name of a type, as the schema check compares it. */
    public static String typeName(DataType type) {
        return type.toString().toLowerCase(java.util.Locale.ROOT);
    }
}
