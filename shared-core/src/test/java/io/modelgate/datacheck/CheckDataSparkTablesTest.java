package io.modelgate.datacheck;

import io.modelgate.delta.DeltaTable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.modelgate.cli.CommandLineApp;
import io.modelgate.config.TableConfig;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * check-data on tables written by real Spark jobs: time travel, partition pruning, each quality
 * check failing on the data made to fail it, drift compared with scipy, and bad input.
 */
@Tag("e2e")
class CheckDataSparkTablesTest {

    @TempDir
    static Path tables;
    static SparkFixtureTables fixtures;

    @TempDir
    Path project;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void writeTablesWithSpark() throws Exception {
        fixtures = SparkFixtureTables.write(tables);
    }

    @BeforeEach
    void writeConfig() throws Exception {
        Files.writeString(project.resolve("modelgate.yaml"), """
                project: shop
                tables:
                  orders:
                    path: %1$s/orders
                    schema: { columns: { id: long, amount: double, country: string, event_time: timestamp, day: string } }
                    row_count: { min: 1000, max: 1100 }
                    completeness: { amount: 1.0, customer: 0.99 }
                    unique_keys: [[id], [day, id]]
                    ranges: { amount: { min: 0, max: 1000 } }
                    allowed_values: { country: [FR, DE, ES] }
                    freshness: { column: event_time, max_age: 1d }
                  first-day:
                    path: %1$s/orders
                    partition_filter: { day: "2026-01-01" }
                    row_count: { min: 500, max: 500 }
                    unique_keys: [[id]]
                  current:
                    path: %1$s/current
                    drift: { reference: { path: %1$s/reference }, columns: [x, y, segment] }
                  with-deletes:
                    path: %1$s/with-deletes
                    row_count: { min: 90, max: 90 }
                    ranges: { value: { min: 10 } }
                  stale:
                    path: %1$s/stale
                    freshness: { column: event_time, max_age: 7d }
                  stale-commit:
                    path: %1$s/stale
                    freshness: { max_age: 7d }
                  plain-parquet:
                    path: %1$s/not-delta
                    row_count: { min: 1 }
                  typo:
                    path: %1$s/orders
                    completeness: { amuont: 1.0 }
                  wrong-type:
                    path: %1$s/orders
                    ranges: { country: { min: 0 } }
                  strict-schema:
                    path: %1$s/orders
                    schema: { columns: { id: long, amount: string, country: string, event_time: timestamp, day: string, channel: string }, strict: true }
                """.formatted(tables));
    }

    private int run(String... args) {
        String[] all = Stream.concat(Stream.of(args), Stream.of("--output-dir", project.resolve("out").toString())).toArray(String[]::new);
        return new CommandLineApp(Map.of(), new PrintStream(out), new PrintStream(err), project).run(all);
    }

    private Map<String, String> verdicts() throws Exception {
        JsonNode result = new ObjectMapper().readTree(project.resolve("out/result.json").toFile());
        Map<String, String> verdicts = new HashMap<>();
        result.get("checks").forEach(c -> verdicts.put(c.get("name").asText(), c.get("verdict").asText()));
        return verdicts;
    }

    @Test
    void versionZeroIsCleanAndPassesEveryCheck() throws Exception {
        assertEquals(0, run("check-data", "--table", "orders", "--version", "0"), err.toString());
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("orders (" + tables.resolve("orders") + ") version 0: all 9 checks passed"), text);
        assertTrue(text.contains("1000 rows"), text);
        assertEquals(9, verdicts().size());
        assertTrue(verdicts().values().stream().allMatch("PASSED"::equals), verdicts().toString());
    }

    @Test
    void latestVersionFailsEachCheckItsDataBreaks() throws Exception {
        assertEquals(1, run("check-data", "--table", "orders"), err.toString());
        Map<String, String> verdicts = verdicts();
        assertEquals("PASSED", verdicts.get("schema"));
        assertEquals("FAILED", verdicts.get("row_count"), "1200 rows > 1100");
        assertEquals("FAILED", verdicts.get("completeness amount"), "two null amounts");
        assertEquals("PASSED", verdicts.get("completeness customer"));
        assertEquals("FAILED", verdicts.get("unique (id)"), "id 4 twice");
        assertEquals("PASSED", verdicts.get("unique (day, id)"), "the second id 4 is in another day");
        assertEquals("FAILED", verdicts.get("range amount"));
        assertEquals("FAILED", verdicts.get("allowed_values country"));
        assertEquals("PASSED", verdicts.get("freshness event_time"));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("version 1: 5 of 9 checks failed"), text);
        assertTrue(text.contains("1200 rows"), text);
        assertTrue(text.contains("0.9983 non-null (2 null of 1200)"), text);
        assertTrue(text.contains("1 duplicate row (1199 distinct keys in 1200 rows)"), text);
        assertTrue(text.contains("min 0, max 99999, 1 outside"), text);
        assertTrue(text.contains("1 value not allowed, e.g. XX"), text);
        String junit = Files.readString(project.resolve("out/junit-check-data.xml"));
        assertEquals(9, junit.split("<testcase", -1).length - 1, junit);
        assertEquals(5, junit.split("<failure", -1).length - 1, junit);
    }

    @Test
    void timestampTravelsToTheVersionThenCurrent() throws Exception {
        Engine engine = DefaultEngine.create(new Configuration());
        String path = tables.resolve("orders").toString();
        java.time.Instant first = DeltaTable.open(engine, "orders", path, 0L, null).commitTime();
        java.time.Instant second = DeltaTable.open(engine, "orders", path, 1L, null).commitTime();
        assertEquals(0, DeltaTable.open(engine, "orders", path, null, first.plusMillis((second.toEpochMilli() - first.toEpochMilli()) / 2)).version());
        assertEquals(0, run("check-data", "--table", "orders", "--timestamp", first.toString()), err.toString());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("version 0: all 9 checks passed"), out.toString());
    }

    @Test
    void partitionFilterPrunesFilesBeforeReading(@TempDir Path copy) throws Exception {
        copyTree(tables.resolve("orders"), copy.resolve("orders"));
        // Remove the other partition's data files: only a pruned scan can still succeed.
        try (Stream<Path> files = Files.list(copy.resolve("orders/day=2026-01-02"))) {
            for (Path file : files.toList()) Files.delete(file);
        }
        String config = Files.readString(project.resolve("modelgate.yaml")).replace(tables + "/orders", copy.resolve("orders").toString());
        Files.writeString(project.resolve("modelgate.yaml"), config);
        assertEquals(0, run("check-data", "--table", "first-day"), err.toString());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("where {day=2026-01-01}: all 2 checks passed"), out.toString());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("500 rows"), out.toString());
        out.reset();
        assertEquals(3, run("check-data", "--table", "orders"), "without the filter the missing files are read: " + out);
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("modelgate: error: table orders (" + copy.resolve("orders")
                + ") version 1: cannot be read: File file:" + copy.resolve("orders/day=2026-01-02/part-")), err.toString());
    }

    @Test
    void driftMatchesScipyOnTheDriftedAndTheStableColumn() throws Exception {
        Engine engine = DefaultEngine.create(new Configuration());
        DeltaTable reference = DeltaTable.open(engine, "reference", fixtures.table("reference").toString(), null, null);
        DeltaTable current = DeltaTable.open(engine, "current", fixtures.table("current").toString(), null, null);
        TableConfig.DriftRule rule = new TableConfig.DriftRule(null, List.of("x", "y", "segment"), null, null, null, null, null, null, null);
        List<DriftCheck> checks = Stream.of("x", "y", "segment")
                .map(c -> new DriftCheck("drift", c, !c.equals("segment"), rule, "reference", List.of(), List.of(), "")).toList();
        KernelEngine kernel = new KernelEngine(2, DistinctKeys.IN_MEMORY_KEYS, 1000);
        Observations ref = kernel.observe(reference, Optional.empty(),
                checks.stream().flatMap(c -> c.referenceMeasures().stream()).toList(), KernelEngine.Progress.NONE);
        Observations cur = kernel.observe(current, Optional.empty(),
                checks.stream().flatMap(c -> c.measures(ref).stream()).toList(), KernelEngine.Progress.NONE);
        DataCheck.Side now = new DataCheck.Side(cur, "");
        DataCheck.Side before = new DataCheck.Side(ref, "");
        JsonNode expected = fixtures.expected();
        for (int i = 0; i < 2; i++) {
            String column = List.of("x", "y").get(i);
            DriftCheck.Measured measured = checks.get(i).measure(now, before);
            assertEquals(expected.get(column).get("psi").asDouble(), measured.psi(), 1e-9, column + " PSI");
            assertEquals(expected.get(column).get("ks").get("statistic").asDouble(), measured.statistic(), 1e-12, column + " KS D");
            double p = expected.get(column).get("ks").get("p_value").asDouble();
            // 1 - P(inside) cannot resolve p-values below about 1e-15; scipy's are exact to tiny magnitudes.
            assertEquals(p, measured.pValue(), Math.max(1e-9, p * 1e-6), column + " KS p-value");
        }
        DriftCheck.Measured segment = checks.get(2).measure(now, before);
        assertEquals(expected.get("segment").get("psi").asDouble(), segment.psi(), 1e-9);
        assertEquals(expected.get("segment").get("chi2").asDouble(), segment.statistic(), 1e-6);
        assertEquals(expected.get("segment").get("p_value").asDouble(), segment.pValue(), expected.get("segment").get("p_value").asDouble() * 1e-6);

        assertEquals(1, run("check-data", "--table", "current"), err.toString());
        Map<String, String> verdicts = verdicts();
        assertEquals("FAILED", verdicts.get("drift psi x"));
        assertEquals("FAILED", verdicts.get("drift ks x"));
        assertEquals("PASSED", verdicts.get("drift psi y"));
        assertEquals("PASSED", verdicts.get("drift ks y"));
        assertEquals("FAILED", verdicts.get("drift psi segment"));
        assertEquals("FAILED", verdicts.get("drift chi-square segment"));
    }

    @Test
    void schemaNamesMissingMistypedAndUnexpectedColumns() throws Exception {
        assertEquals(1, run("check-data", "--table", "strict-schema"), err.toString());
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("column amount is double, expected string; column channel is missing; unexpected column customer (string)"), text);
        assertEquals(Map.of("schema", "FAILED"), verdicts());
    }

    @Test
    void rowsDeletedThroughADeletionVectorAreSkipped() throws Exception {
        String log = Files.readString(tables.resolve("with-deletes/_delta_log/00000000000000000001.json"));
        assertTrue(log.contains("deletionVector"), "the delete wrote a deletion vector: " + log);
        assertEquals(0, run("check-data", "--table", "with-deletes"), out + "\n" + err);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("90 rows"), out.toString());
    }

    @Test
    void staleTableFailsFreshnessByColumnWhileItsCommitIsRecent() throws Exception {
        assertEquals(1, run("check-data", "--table", "stale"), err.toString());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("age 30d"), out.toString());
        out.reset();
        assertEquals(0, run("check-data", "--table", "stale-commit"), err.toString());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("freshness commit time"), out.toString());
    }

    @Test
    void badInputIsOneLineWithTableVersionAndColumn() throws Exception {
        assertEquals(2, run("check-data", "--table", "plain-parquet"));
        assertEquals("modelgate: error: table plain-parquet: " + tables.resolve("not-delta") + " is not a Delta table (no _delta_log with commits)\n", takeErr());
        assertEquals(2, run("check-data", "--table", "orders", "--version", "9"));
        assertTrue(takeErr().startsWith("modelgate: error: table orders (" + tables.resolve("orders") + "): cannot read version 9: "));
        assertEquals(2, run("check-data", "--table", "typo"));
        assertEquals("modelgate: error: modelgate.yaml:35: tables.typo.completeness.amuont: column amuont is not in table typo ("
                + tables.resolve("orders") + ") version 1 (columns: id, customer, amount, country, event_time, day)\n", takeErr());
        assertEquals(2, run("check-data", "--table", "wrong-type"));
        assertEquals("modelgate: error: modelgate.yaml:38: tables.wrong-type.ranges.country: column country of table wrong-type ("
                + tables.resolve("orders") + ") version 1 is string: a range needs a numeric column\n", takeErr());
    }

    private String takeErr() {
        String text = err.toString(StandardCharsets.UTF_8);
        err.reset();
        return text;
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Files.copy(path, to.resolve(from.relativize(path).toString()));
            }
        }
    }
}
