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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The checks declared for a table, bound to the snapshot read: every column a check names must
 * exist with a type the check can use, else a configuration error (exit 2) naming file, line,
 * key, table, version and column. The partition filter becomes a Kernel predicate. Each check is
 * bound to its scope: the whole table, each group of {@code group_by}, or each window.
 */
final class DataChecks {

    /** Where a check is judged: once for the table, per group of group_by, or per window. */
    enum Scope { TABLE, GROUPS, WINDOWS }

    record Bound(DataCheck check, Scope scope) {
    }

    private final List<Bound> checks;
    private final Optional<Predicate> filter;
    private final List<String> by;

    private DataChecks(List<Bound> checks, Optional<Predicate> filter, List<String> by) {
        this.checks = checks;
        this.filter = filter;
        this.by = by;
    }

    /**
     * @param referenceName   how outcomes name the reference ("version 12")
     * @param windowReference the reference is a window of this table, known once the reference is observed ({@link #referToWindow})
     */
    static DataChecks bind(String name, TableConfig table, DeltaTable snapshot, ResolvedConfig config, Clock clock,
                           String referenceName, boolean windowReference) {
        Binder binder = new Binder(name, snapshot, config);
        List<Bound> checks = new ArrayList<>();
        List<String> groupBy = table.groupBy();
        for (int i = 0; i < groupBy.size(); i++) {
            binder.type("group_by[" + i + "]", groupBy.get(i));
        }
        Scope rowScope = groupBy.isEmpty() ? Scope.TABLE : Scope.GROUPS;
        List<String> by = groupBy;
        List<String> referenceBy = groupBy;
        if (table.schema() != null) {
            checks.add(new Bound(new SchemaCheck(table.schema(), snapshot.schema()), Scope.TABLE));
        }
        if (table.rowCount() != null) {
            checks.add(new Bound(new RowCountCheck(table.rowCount(), by, referenceBy), rowScope));
        }
        table.completeness().forEach((column, rule) -> {
            binder.type("completeness." + column, column);
            checks.add(new Bound(new CompletenessCheck(column, rule, by, referenceBy), rowScope));
        });
        for (int i = 0; i < table.uniqueKeys().size(); i++) {
            List<String> key = table.uniqueKeys().get(i);
            for (String column : key) binder.type("unique_keys[" + i + "]", column);
            checks.add(new Bound(new UniquenessCheck(key), Scope.TABLE));
        }
        table.ranges().forEach((column, rule) -> {
            DataType type = binder.type("ranges." + column, column);
            binder.require(ColumnValues.isNumeric(type), "ranges." + column, column, type, "a range needs a numeric column");
            checks.add(new Bound(new RangeCheck(column, rule, by), rowScope));
        });
        table.allowedValues().forEach((column, values) -> {
            DataType type = binder.type("allowed_values." + column, column);
            binder.require(ColumnValues.isCategorical(type), "allowed_values." + column, column, type,
                    "allowed values need a string, boolean or integer column");
            checks.add(new Bound(new AllowedValuesCheck(column, values, by), rowScope));
        });
        int sampleSize = table.drift() == null ? TableConfig.DriftRule.DEFAULT_SAMPLE_SIZE : table.drift().sampleSize();
        table.statistics().forEach((column, rule) -> {
            DataType type = binder.type("statistics." + column, column);
            binder.require(ColumnValues.isNumeric(type), "statistics." + column, column, type, "statistics need a numeric column");
            checks.add(new Bound(new StatisticsCheck(column, rule, sampleSize, by, referenceBy), rowScope));
        });
        table.categories().forEach((column, rule) -> {
            DataType type = binder.type("categories." + column, column);
            binder.require(ColumnValues.isCategorical(type), "categories." + column, column, type,
                    "categories need a string, boolean or integer column");
            checks.add(new Bound(new CategoriesCheck(column, rule, by, referenceBy), rowScope));
        });
        if (table.freshness() != null) {
            String column = table.freshness().column();
            if (column != null) {
                DataType type = binder.type("freshness.column", column);
                binder.require(ColumnValues.isTime(type), "freshness.column", column, type, "freshness needs a timestamp or date column");
            }
            checks.add(new Bound(new FreshnessCheck(column, table.freshness().maxAge(), clock, snapshot.commitTime(), by), rowScope));
        }
        if (table.drift() != null) {
            TableConfig.DriftRule rule = table.drift();
            List<String> driftBy = by;
            List<String> driftReferenceBy = referenceBy;
            String referenceGroup = groupBy.isEmpty() ? "" : null;
            Scope driftScope = rowScope;
            if (table.windows() != null) {
                String column = table.windows().column();
                binder.type("windows.column", column);
                driftBy = List.of(column);
                driftScope = Scope.WINDOWS;
                driftReferenceBy = windowReference ? driftBy : List.of();
                referenceGroup = "";
            }
            List<String[]> columns = new ArrayList<>();
            for (String column : rule.columns()) columns.add(new String[] {"drift", "drift.columns", column});
            if (rule.prediction() != null) columns.add(new String[] {"prediction drift", "drift.prediction", rule.prediction()});
            if (rule.label() != null) columns.add(new String[] {"label drift", "drift.label", rule.label()});
            for (String[] entry : columns) {
                DataType type = binder.type(entry[1], entry[2]);
                boolean numeric = ColumnValues.isNumeric(type) && !entry[0].equals("label drift");
                binder.require(numeric || ColumnValues.isCategorical(type), entry[1], entry[2], type,
                        entry[0].equals("label drift") ? "a label needs a string, boolean or integer column" : "drift needs a numeric, string or boolean column");
                checks.add(new Bound(new DriftCheck(entry[0], entry[2], numeric, rule, referenceName,
                        driftBy, driftReferenceBy, referenceGroup), driftScope));
            }
            if (windowReference && table.windows() == null) {
                throw new IllegalStateException("a reference window without windows passed validation");
            }
        }
        List<String> grouping = table.windows() != null ? List.of(table.windows().column()) : groupBy;
        return new DataChecks(checks, binder.filter(table.partitionFilter()), grouping);
    }

    List<Bound> checks() {
        return checks;
    }

    /** The reference window's group key, once the reference pass found it: drift compares every window with it. */
    void referToWindow(String window) {
        for (Bound bound : checks) {
            if (bound.check() instanceof DriftCheck drift && bound.scope() == Scope.WINDOWS) drift.referTo(window);
        }
    }

    Optional<Predicate> filter() {
        return filter;
    }

    /** The group_by columns, or the window column; empty when the table is judged whole. */
    List<String> by() {
        return by;
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
