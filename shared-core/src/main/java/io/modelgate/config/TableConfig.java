package io.modelgate.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A Delta table the suite reads or checks, and the checks check-data runs on it. */
public record TableConfig(
        @JsonPropertyDescription("Path or URI of the Delta table, relative to the project or absolute")
        String path,
        @JsonPropertyDescription("Check only these partitions: partition column -> value (pruned before reading)")
        Map<String, String> partitionFilter,
        @JsonPropertyDescription("What changes and drift are measured against: the previous version, a version, a timestamp, another table, or a window of this one")
        Reference reference,
        @JsonPropertyDescription("Apply the row, completeness, range, allowed-value, statistics, category, freshness and drift checks to each group of these columns")
        List<String> groupBy,
        @JsonPropertyDescription("Groups with fewer rows are reported as too small, not checked (default 1)")
        Long minGroupRows,
        @JsonPropertyDescription("Most groups (or windows) a table may have; more is refused (default 1000)")
        Integer maxGroups,
        @JsonPropertyDescription("Required columns and their types")
        SchemaRule schema,
        @JsonPropertyDescription("Bounds of the number of rows, and of its change from the reference")
        RowCountRule rowCount,
        @JsonPropertyDescription("Per column: the least share of non-null values (0..1), or { min, max_drop }")
        Map<String, CompletenessRule> completeness,
        @JsonPropertyDescription("Keys whose values must be unique: each a list of one or more columns")
        List<List<String>> uniqueKeys,
        @JsonPropertyDescription("Bounds of the values per numeric column")
        Map<String, RangeRule> ranges,
        @JsonPropertyDescription("The only values allowed per column")
        Map<String, List<String>> allowedValues,
        @JsonPropertyDescription("Per numeric column: bounds of the mean, standard deviation and quantiles, and of their change from the reference")
        Map<String, StatisticsRule> statistics,
        @JsonPropertyDescription("Per categorical column: how many categories may be new or vanished compared with the reference")
        Map<String, CategoriesRule> categories,
        @JsonPropertyDescription("How recent the newest data must be")
        FreshnessRule freshness,
        @JsonPropertyDescription("Drift of column distributions from the reference")
        DriftRule drift,
        @JsonPropertyDescription("Drift per window (e.g. per week) against the reference; fails when N of the last M windows drift, the latest included")
        WindowsRule windows) {

    /** Column types as Delta and Spark SQL name them. */
    public static final Set<String> TYPES = Set.of("boolean", "byte", "short", "integer", "long", "float", "double",
            "string", "binary", "date", "timestamp", "timestamp_ntz", "decimal");

    public TableConfig {
        partitionFilter = ordered(partitionFilter);
        groupBy = groupBy == null ? List.of() : List.copyOf(groupBy);
        minGroupRows = minGroupRows == null ? 1L : minGroupRows;
        maxGroups = maxGroups == null ? 1000 : maxGroups;
        completeness = ordered(completeness);
        statistics = ordered(statistics);
        categories = ordered(categories);
        uniqueKeys = uniqueKeys == null ? List.of() : uniqueKeys.stream().map(k -> k == null ? List.<String>of() : List.copyOf(k)).toList();
        ranges = ordered(ranges);
        allowedValues = ordered(allowedValues);
    }

    private static <V> Map<String, V> ordered(Map<String, V> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /** Required columns and types; with strict, no other column may exist. */
    public record SchemaRule(
            @JsonPropertyDescription("Column name -> type: boolean, byte, short, integer, long, float, double, string, binary, date, timestamp, timestamp_ntz, decimal or decimal(p,s)")
            Map<String, String> columns,
            @JsonPropertyDescription("Refuse columns not listed (default false)")
            Boolean strict) {
        public SchemaRule {
            columns = ordered(columns);
            strict = strict != null && strict;
        }
    }

    public record RowCountRule(
            @JsonPropertyDescription("Fewest rows")
            Long min,
            @JsonPropertyDescription("Most rows")
            Long max,
            @JsonPropertyDescription("Largest relative change from the reference's row count, e.g. 0.2 for 20%")
            Double maxChange) {
    }

    /** The least non-null share, and how far it may fall from the reference's; a bare number is the least share. */
    public record CompletenessRule(
            @JsonPropertyDescription("Least share of non-null values, 0..1")
            Double min,
            @JsonPropertyDescription("Largest fall of the non-null share from the reference's, 0..1")
            Double maxDrop) {

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        public static CompletenessRule of(double min) {
            return new CompletenessRule(min, null);
        }

        @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
        public CompletenessRule {
        }
    }

    /** Bounds of one statistic, and of its relative change from the reference. */
    public record Bound(
            @JsonPropertyDescription("Smallest allowed value")
            Double min,
            @JsonPropertyDescription("Largest allowed value")
            Double max,
            @JsonPropertyDescription("Largest relative change from the reference's value, e.g. 0.1 for 10%")
            Double maxChange) {
    }

    public record StatisticsRule(
            @JsonPropertyDescription("Bounds of the mean")
            Bound mean,
            @JsonPropertyDescription("Bounds of the standard deviation (sample, ddof 1)")
            Bound stddev,
            @JsonPropertyDescription("Bounds per quantile, named p50, p95, p99.9 ...")
            Map<String, Bound> quantiles) {
        public StatisticsRule {
            quantiles = ordered(quantiles);
        }

        /** "p99.9" -> 0.999 */
        public static double quantile(String name) {
            return Double.parseDouble(name.substring(1)) / 100;
        }
    }

    public record CategoriesRule(
            @JsonPropertyDescription("Most categories absent from the reference")
            Integer maxNew,
            @JsonPropertyDescription("Most categories of the reference now absent")
            Integer maxVanished) {
    }

    /** Drift per window: N of the last M windows drifted, the latest included, is the retraining signal. */
    public record WindowsRule(
            @JsonPropertyDescription("The column whose values are the windows (e.g. week), ordered by value")
            String column,
            @JsonPropertyDescription("M: how many of the latest windows count (default 3)")
            Integer last,
            @JsonPropertyDescription("N: how many of them must have drifted, the latest included (default 2)")
            Integer violations) {
        public WindowsRule {
            last = last == null ? 3 : last;
            violations = violations == null ? 2 : violations;
        }
    }

    public record RangeRule(
            @JsonPropertyDescription("Smallest allowed value (inclusive)")
            Double min,
            @JsonPropertyDescription("Largest allowed value (inclusive)")
            Double max) {
    }

    /** The newest value of a timestamp or date column, or else the last commit, is at most max_age old. */
    public record FreshnessRule(
            @JsonPropertyDescription("Timestamp or date column whose newest value counts; default the time of the commit read")
            String column,
            @JsonPropertyDescription("Largest age allowed, e.g. 1d or 6h")
            @DurationRange(min = "1s", max = "365d")
            Duration maxAge) {
    }

    public record DriftRule(
            @JsonPropertyDescription("The reference to compare with, when the table declares none (reference:)")
            Reference reference,
            @JsonPropertyDescription("Columns to compare: numeric ones get PSI and KS, string and boolean ones PSI and chi-square")
            List<String> columns,
            @JsonPropertyDescription("Fail when more than this share of the columns drift (0..1); a column's drift then only counts towards it")
            Double share,
            @JsonPropertyDescription("Prediction drift: the score or prediction column of a predictions table")
            String prediction,
            @JsonPropertyDescription("Label drift: the label column (its positive rate is shown)")
            String label,
            @JsonPropertyDescription("Largest PSI allowed (default 0.1)")
            Double psiThreshold,
            @JsonPropertyDescription("A KS or chi-square p-value below this fails (default 0.05); 0: the tests never fail, PSI alone gates")
            Double pValue,
            @JsonPropertyDescription("Quantile bins of the reference for PSI (default 10)")
            Integer bins,
            @JsonPropertyDescription("Values sampled per column and side for KS and the bin edges (default 100000)")
            Integer sampleSize) {

        public static final double DEFAULT_PSI_THRESHOLD = 0.1;
        public static final int DEFAULT_SAMPLE_SIZE = 100_000;
        public static final double DEFAULT_P_VALUE = 0.05;

        public DriftRule {
            columns = columns == null ? List.of() : List.copyOf(columns);
            psiThreshold = psiThreshold == null ? DEFAULT_PSI_THRESHOLD : psiThreshold;
            pValue = pValue == null ? DEFAULT_P_VALUE : pValue;
            bins = bins == null ? 10 : bins;
            sampleSize = sampleSize == null ? DEFAULT_SAMPLE_SIZE : sampleSize;
        }
    }

    public record Reference(
            @JsonPropertyDescription("Path of the reference table; default this table")
            String path,
            @JsonPropertyDescription("Version of the reference table")
            Long version,
            @JsonPropertyDescription("Read the reference as of this ISO-8601 timestamp")
            String timestamp,
            @JsonPropertyDescription("The version before the one read")
            Boolean previous,
            @JsonPropertyDescription("With windows: the window of this table to compare with, a value of the window column or first")
            String window) {
        public Reference {
            previous = previous != null && previous;
        }
    }

    /** The reference the checks compare with: the table's, or else (as before it had one) the drift rule's. */
    public Reference effectiveReference() {
        return reference != null ? reference : drift == null ? null : drift.reference();
    }

    void validate(ConfigCheck check, String path) {
        if (this.path == null || this.path.isBlank()) {
            throw check.fail(path, "path is required: where the Delta table is");
        }
        if (schema != null) {
            schema.columns().forEach((column, type) -> {
                String normalized = type == null ? "" : type.trim().toLowerCase(java.util.Locale.ROOT);
                if (!TYPES.contains(normalized) && !normalized.matches("decimal\\(\\d+,\\s*\\d+\\)")) {
                    throw check.fail(join(path, "schema.columns." + column), "unknown type \"" + type
                            + "\" (expected one of: " + String.join(", ", new java.util.TreeSet<>(TYPES)) + ", decimal(p,s))");
                }
            });
        }
        Reference ref = effectiveReference();
        if (reference != null && drift != null && drift.reference() != null) {
            throw check.fail(join(path, "drift.reference"), "the table declares its reference already (reference:); give it once");
        }
        if (ref != null) {
            String at = join(path, reference != null ? "reference" : "drift.reference");
            int given = (ref.version() != null ? 1 : 0) + (ref.timestamp() != null ? 1 : 0) + (ref.previous() ? 1 : 0) + (ref.window() != null ? 1 : 0);
            if (given == 0 && ref.path() == null) {
                throw check.fail(at, "no reference: set previous: true, a version, a timestamp, a path or a window");
            }
            if (given > 1) {
                throw check.fail(at, "choose one of previous, version, timestamp or window");
            }
            if (ref.window() != null && (windows == null || ref.path() != null)) {
                throw check.fail(at + ".window", "a reference window needs windows: on this table, and no path");
            }
            if (ref.previous() && ref.path() != null) {
                throw check.fail(at + ".previous", "previous is this table's version before the one read; with a path, give a version or timestamp");
            }
        }
        if (!groupBy.isEmpty() && windows != null) {
            throw check.fail(join(path, "windows"), "choose group_by or windows: windows are the groups of their column");
        }
        if (minGroupRows < 1) {
            throw check.fail(join(path, "min_group_rows"), "must be at least 1, got " + minGroupRows);
        }
        if (maxGroups < 1) {
            throw check.fail(join(path, "max_groups"), "must be at least 1, got " + maxGroups);
        }
        if (rowCount != null) {
            if (rowCount.min() == null && rowCount.max() == null && rowCount.maxChange() == null) {
                throw check.fail(join(path, "row_count"), "no rule: set min, max, max_change or several");
            }
            if (rowCount.maxChange() != null) {
                requireReference(check, path, "row_count.max_change", ref);
                if (rowCount.maxChange() < 0) throw check.fail(join(path, "row_count.max_change"), "must be 0 or more, got " + rowCount.maxChange());
            }
            if (rowCount.min() != null && rowCount.max() != null && rowCount.min() > rowCount.max()) {
                throw check.fail(join(path, "row_count"), "min " + rowCount.min() + " is above max " + rowCount.max());
            }
        }
        completeness.forEach((column, rule) -> {
            String at = join(path, "completeness." + column);
            if (rule == null || (rule.min() == null && rule.maxDrop() == null)) {
                throw check.fail(at, "no rule: a share between 0 and 1, or { min, max_drop }");
            }
            if (rule.min() != null && (rule.min() < 0 || rule.min() > 1)) {
                throw check.fail(at, "must be a share between 0 and 1, got " + rule.min());
            }
            if (rule.maxDrop() != null) {
                requireReference(check, path, "completeness." + column + ".max_drop", ref);
                if (rule.maxDrop() < 0 || rule.maxDrop() > 1) throw check.fail(at + ".max_drop", "must be a share between 0 and 1, got " + rule.maxDrop());
            }
        });
        statistics.forEach((column, rule) -> {
            String at = join(path, "statistics." + column);
            if (rule == null || (rule.mean() == null && rule.stddev() == null && rule.quantiles().isEmpty())) {
                throw check.fail(at, "no rule: set mean, stddev or quantiles");
            }
            bound(check, path, "statistics." + column + ".mean", rule.mean(), ref);
            bound(check, path, "statistics." + column + ".stddev", rule.stddev(), ref);
            rule.quantiles().forEach((name, bound) -> {
                if (!name.matches("p(100|[1-9]?[0-9])(\\.[0-9]+)?") || StatisticsRule.quantile(name) > 1) {
                    throw check.fail(at + ".quantiles." + name, "name a quantile as p50, p95 or p99.9 (a percentage from p0 to p100)");
                }
                bound(check, path, "statistics." + column + ".quantiles." + name, bound, ref);
            });
        });
        categories.forEach((column, rule) -> {
            String at = join(path, "categories." + column);
            if (rule == null || (rule.maxNew() == null && rule.maxVanished() == null)) {
                throw check.fail(at, "no rule: set max_new, max_vanished or both");
            }
            requireReference(check, path, "categories." + column, ref);
        });
        for (int i = 0; i < uniqueKeys.size(); i++) {
            if (uniqueKeys.get(i).isEmpty()) {
                throw check.fail(join(path, "unique_keys[" + i + "]"), "an empty key: list one or more columns");
            }
        }
        ranges.forEach((column, range) -> {
            String at = join(path, "ranges." + column);
            if (range == null || (range.min() == null && range.max() == null)) {
                throw check.fail(at, "no rule: set min, max or both");
            }
            if (range.min() != null && range.max() != null && range.min() > range.max()) {
                throw check.fail(at, "min " + range.min() + " is above max " + range.max());
            }
        });
        allowedValues.forEach((column, values) -> {
            if (values == null || values.isEmpty()) {
                throw check.fail(join(path, "allowed_values." + column), "an empty list: name the values allowed");
            }
        });
        if (freshness != null && freshness.maxAge() == null) {
            throw check.fail(join(path, "freshness"), "max_age is required, e.g. 1d");
        }
        if (drift != null) {
            String at = join(path, "drift");
            if (drift.columns().isEmpty() && drift.prediction() == null && drift.label() == null) {
                throw check.fail(at, "columns is required: the columns to compare");
            }
            requireReference(check, path, "drift", ref);
            if (drift.share() != null && (drift.share() < 0 || drift.share() >= 1)) {
                throw check.fail(join(at, "share"), "must be a share from 0 to below 1, got " + drift.share());
            }
            if (drift.psiThreshold() <= 0) {
                throw check.fail(join(at, "psi_threshold"), "must be above 0, got " + drift.psiThreshold());
            }
            if (drift.pValue() < 0 || drift.pValue() >= 1) {
                throw check.fail(join(at, "p_value"), "must be from 0 (no test: PSI alone) to below 1, got " + drift.pValue());
            }
            if (drift.bins() < 2 || drift.bins() > 100) {
                throw check.fail(join(at, "bins"), "must be between 2 and 100, got " + drift.bins());
            }
            if (drift.sampleSize() < 100 || drift.sampleSize() > 10_000_000) {
                throw check.fail(join(at, "sample_size"), "must be between 100 and 10000000, got " + drift.sampleSize());
            }
        }
        if (windows != null) {
            String at = join(path, "windows");
            if (windows.column() == null) throw check.fail(at, "column is required: the column whose values are the windows");
            if (drift == null) throw check.fail(at, "windows compare drift: declare drift: on this table");
            if (windows.last() < 1 || windows.violations() < 1 || windows.violations() > windows.last()) {
                throw check.fail(at, "need 1 <= violations <= last, got violations " + windows.violations() + ", last " + windows.last());
            }
        }
    }

    private static void requireReference(ConfigCheck check, String path, String key, Reference reference) {
        if (reference == null) {
            throw check.fail(join(path, key), "compares with a reference: declare reference: on the table (previous: true, a version, a timestamp or a path)");
        }
    }

    private static void bound(ConfigCheck check, String path, String key, Bound bound, Reference reference) {
        if (bound == null) return;
        if (bound.min() == null && bound.max() == null && bound.maxChange() == null) {
            throw check.fail(join(path, key), "no rule: set min, max, max_change or several");
        }
        if (bound.min() != null && bound.max() != null && bound.min() > bound.max()) {
            throw check.fail(join(path, key), "min " + bound.min() + " is above max " + bound.max());
        }
        if (bound.maxChange() != null) {
            requireReference(check, path, key + ".max_change", reference);
            if (bound.maxChange() < 0) throw check.fail(join(path, key + ".max_change"), "must be 0 or more, got " + bound.maxChange());
        }
    }

    private static String join(String path, String key) {
        return ConfigCheck.join(path, key);
    }
}
