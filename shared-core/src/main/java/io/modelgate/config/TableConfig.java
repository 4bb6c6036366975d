package io.modelgate.config;

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
        @JsonPropertyDescription("Required columns and their types")
        SchemaRule schema,
        @JsonPropertyDescription("Bounds of the number of rows")
        RowCountRule rowCount,
        @JsonPropertyDescription("Least share of non-null values per column, 0..1")
        Map<String, Double> completeness,
        @JsonPropertyDescription("Keys whose values must be unique: each a list of one or more columns")
        List<List<String>> uniqueKeys,
        @JsonPropertyDescription("Bounds of the values per numeric column")
        Map<String, RangeRule> ranges,
        @JsonPropertyDescription("The only values allowed per column")
        Map<String, List<String>> allowedValues,
        @JsonPropertyDescription("How recent the newest data must be")
        FreshnessRule freshness,
        @JsonPropertyDescription("Drift of column distributions from a reference table or version")
        DriftRule drift) {

    /** Column types as Delta and Spark SQL name them. */
    public static final Set<String> TYPES = Set.of("boolean", "byte", "short", "integer", "long", "float", "double",
            "string", "binary", "date", "timestamp", "timestamp_ntz", "decimal");

    public TableConfig {
        partitionFilter = ordered(partitionFilter);
        completeness = ordered(completeness);
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
            Long max) {
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
            @JsonPropertyDescription("The reference to compare with: another table path, or a version or timestamp of this table")
            DriftReference reference,
            @JsonPropertyDescription("Columns to compare: numeric ones get PSI and KS, string and boolean ones PSI and chi-square")
            List<String> columns,
            @JsonPropertyDescription("Largest PSI allowed (default 0.1)")
            Double psiThreshold,
            @JsonPropertyDescription("A KS or chi-square p-value below this fails (default 0.05)")
            Double pValue,
            @JsonPropertyDescription("Quantile bins of the reference for PSI (default 10)")
            Integer bins,
            @JsonPropertyDescription("Values sampled per column and side for KS and the bin edges (default 100000)")
            Integer sampleSize) {

        public static final double DEFAULT_PSI_THRESHOLD = 0.1;
        public static final double DEFAULT_P_VALUE = 0.05;

        public DriftRule {
            columns = columns == null ? List.of() : List.copyOf(columns);
            psiThreshold = psiThreshold == null ? DEFAULT_PSI_THRESHOLD : psiThreshold;
            pValue = pValue == null ? DEFAULT_P_VALUE : pValue;
            bins = bins == null ? 10 : bins;
            sampleSize = sampleSize == null ? 100_000 : sampleSize;
        }
    }

    public record DriftReference(
            @JsonPropertyDescription("Path of the reference table; default this table")
            String path,
            @JsonPropertyDescription("Version of the reference table")
            Long version,
            @JsonPropertyDescription("Read the reference as of this ISO-8601 timestamp")
            String timestamp) {
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
        if (rowCount != null) {
            if (rowCount.min() == null && rowCount.max() == null) {
                throw check.fail(join(path, "row_count"), "no rule: set min, max or both");
            }
            if (rowCount.min() != null && rowCount.max() != null && rowCount.min() > rowCount.max()) {
                throw check.fail(join(path, "row_count"), "min " + rowCount.min() + " is above max " + rowCount.max());
            }
        }
        completeness.forEach((column, share) -> {
            if (share == null || share < 0 || share > 1) {
                throw check.fail(join(path, "completeness." + column), "must be a share between 0 and 1, got " + share);
            }
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
            if (drift.columns().isEmpty()) {
                throw check.fail(at, "columns is required: the columns to compare");
            }
            DriftReference reference = drift.reference();
            if (reference == null || (reference.path() == null && reference.version() == null && reference.timestamp() == null)) {
                throw check.fail(at, "reference is required: a path, a version or a timestamp to compare with");
            }
            if (reference.version() != null && reference.timestamp() != null) {
                throw check.fail(join(at, "reference"), "choose one of version or timestamp");
            }
            if (drift.psiThreshold() <= 0) {
                throw check.fail(join(at, "psi_threshold"), "must be above 0, got " + drift.psiThreshold());
            }
            if (drift.pValue() <= 0 || drift.pValue() >= 1) {
                throw check.fail(join(at, "p_value"), "must be between 0 and 1, got " + drift.pValue());
            }
            if (drift.bins() < 2 || drift.bins() > 100) {
                throw check.fail(join(at, "bins"), "must be between 2 and 100, got " + drift.bins());
            }
            if (drift.sampleSize() < 100 || drift.sampleSize() > 10_000_000) {
                throw check.fail(join(at, "sample_size"), "must be between 100 and 10000000, got " + drift.sampleSize());
            }
        }
    }

    private static String join(String path, String key) {
        return ConfigCheck.join(path, key);
    }
}
