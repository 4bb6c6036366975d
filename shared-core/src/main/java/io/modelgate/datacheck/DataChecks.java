package io.modelgate.datacheck;

import io.modelgate.delta.ColumnValues;
import io.modelgate.delta.DeltaTable;

import io.delta.kernel.expressions.Column;
import io.delta.kernel.expressions.Literal;
import io.delta.kernel.expressions.Predicate;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.modelgate.config.ConfigError;
import io.modelgate.config.ResolvedConfig;
import io.modelgate.config.TableConfig;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The checks declared for a table, bound to the snapshot read: every column a check names must
 * exist with a type the check can use, else a configuration error (exit 2) naming file, line,
 * key, table, version and column. The partition filter becomes a Kernel predicate.
 */
final class DataChecks {

    private final List<DataCheck> checks;
    private final List<DriftCheck> drift;
    private final Optional<Predicate> filter;

    private DataChecks(List<DataCheck> checks, List<DriftCheck> drift, Optional<Predicate> filter) {
        this.checks = checks;
        this.drift = drift;
        this.filter = filter;
    }

    static DataChecks bind(String name, TableConfig table, DeltaTable snapshot, ResolvedConfig config, Clock clock, String referenceName) {
        Binder binder = new Binder(name, snapshot, config);
        List<DataCheck> checks = new ArrayList<>();
        List<DriftCheck> drift = new ArrayList<>();
        if (table.schema() != null) {
            checks.add(new SchemaCheck(table.schema(), snapshot.schema()));
        }
        if (table.rowCount() != null) {
            String any = snapshot.schema().fieldNames().stream()
                    .filter(c -> !snapshot.partitionColumns().contains(c)).findFirst()
                    .orElse(snapshot.schema().fieldNames().get(0));
            checks.add(new RowCountCheck(table.rowCount(), any));
        }
        table.completeness().forEach((column, share) -> {
            binder.type("completeness." + column, column);
            checks.add(new CompletenessCheck(column, share));
        });
        for (int i = 0; i < table.uniqueKeys().size(); i++) {
            List<String> key = table.uniqueKeys().get(i);
            List<DataType> types = new ArrayList<>();
            for (String column : key) types.add(binder.type("unique_keys[" + i + "]", column));
            checks.add(new UniquenessCheck(key, types, UniquenessCheck.IN_MEMORY_KEYS));
        }
        table.ranges().forEach((column, rule) -> {
            DataType type = binder.type("ranges." + column, column);
            binder.require(ColumnValues.isNumeric(type), "ranges." + column, column, type, "a range needs a numeric column");
            checks.add(new RangeCheck(column, type, rule));
        });
        table.allowedValues().forEach((column, values) -> {
            DataType type = binder.type("allowed_values." + column, column);
            binder.require(ColumnValues.isCategorical(type), "allowed_values." + column, column, type,
                    "allowed values need a string, boolean or integer column");
            checks.add(new AllowedValuesCheck(column, type, values));
        });
        if (table.freshness() != null) {
            String column = table.freshness().column();
            DataType type = null;
            if (column != null) {
                type = binder.type("freshness.column", column);
                binder.require(ColumnValues.isTime(type), "freshness.column", column, type, "freshness needs a timestamp or date column");
            }
            checks.add(new FreshnessCheck(column, type, table.freshness().maxAge(), clock, snapshot.commitTime()));
        }
        if (table.drift() != null) {
            for (String column : table.drift().columns()) {
                DataType type = binder.type("drift.columns", column);
                binder.require(ColumnValues.isNumeric(type) || ColumnValues.isCategorical(type), "drift.columns", column, type,
                        "drift needs a numeric, string or boolean column");
                DriftCheck check = new DriftCheck(column, type, table.drift(), referenceName);
                drift.add(check);
                checks.add(check);
            }
        }
        return new DataChecks(checks, drift, binder.filter(table.partitionFilter()));
    }

    List<DataCheck> checks() {
        return checks;
    }

    List<DriftCheck> drift() {
        return drift;
    }

    Optional<Predicate> filter() {
        return filter;
    }

    /** The columns some check reads, in first-use order: the scan's projection. */
    List<String> columns() {
        Set<String> columns = new LinkedHashSet<>();
        for (DataCheck check : checks) columns.addAll(check.columns());
        return List.copyOf(columns);
    }

    List<String> driftColumns() {
        return drift.stream().flatMap(c -> c.columns().stream()).distinct().toList();
    }

    static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        if (!Double.isFinite(value)) {
            return Double.toString(value);
        }
        return new java.math.BigDecimal(String.format(Locale.ROOT, "%.6g", value)).stripTrailingZeros().toPlainString();
    }

    /** Resolves the columns of checks against the snapshot, failing at the key of the config that names them. */
    private static final class Binder {
        private final String name;
        private final DeltaTable snapshot;
        private final ResolvedConfig config;

        Binder(String name, DeltaTable snapshot, ResolvedConfig config) {
            this.name = name;
            this.snapshot = snapshot;
            this.config = config;
        }

        DataType type(String key, String column) {
            StructType schema = snapshot.schema();
            if (!schema.fieldNames().contains(column)) {
                throw fail(key, "column " + column + " is not in table " + snapshot.describe()
                        + " (columns: " + String.join(", ", schema.fieldNames()) + ")");
            }
            return schema.get(column).getDataType();
        }

        void require(boolean ok, String key, String column, DataType type, String why) {
            if (!ok) {
                throw fail(key, "column " + column + " of table " + snapshot.describe() + " is " + ColumnValues.typeName(type) + ": " + why);
            }
        }

        Optional<Predicate> filter(Map<String, String> partitionFilter) {
            Predicate all = null;
            for (Map.Entry<String, String> entry : partitionFilter.entrySet()) {
                String key = "partition_filter." + entry.getKey();
                DataType type = type(key, entry.getKey());
                if (!snapshot.partitionColumns().contains(entry.getKey())) {
                    throw fail(key, "column " + entry.getKey() + " is not a partition column of table " + snapshot.describe()
                            + " (partition columns: " + (snapshot.partitionColumns().isEmpty() ? "none" : String.join(", ", snapshot.partitionColumns())) + ")");
                }
                Predicate equal = new Predicate("=", new Column(entry.getKey()), literal(key, type, entry.getValue()));
                all = all == null ? equal : new Predicate("AND", all, equal);
            }
            return Optional.ofNullable(all);
        }

        private Literal literal(String key, DataType type, String value) {
            try {
                if (type instanceof StringType) return Literal.ofString(value);
                if (type instanceof IntegerType) return Literal.ofInt(Integer.parseInt(value));
                if (type instanceof LongType) return Literal.ofLong(Long.parseLong(value));
                if (type instanceof BooleanType && (value.equals("true") || value.equals("false"))) return Literal.ofBoolean(Boolean.parseBoolean(value));
                if (type instanceof DateType) return Literal.ofDate((int) LocalDate.parse(value).toEpochDay());
            } catch (NumberFormatException | DateTimeParseException e) {
                throw fail(key, "\"" + value + "\" is not a " + ColumnValues.typeName(type) + " value of partition column " + key.substring(key.indexOf('.') + 1));
            }
            throw fail(key, "partition filters support string, integer, long, boolean and date partition columns, not " + ColumnValues.typeName(type));
        }

        private ConfigError fail(String key, String message) {
            return config.errorAt("tables." + name + "." + key, message);
        }
    }
}
