package io.modelgate.datacheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.modelgate.cli.CommandLineApp;
import io.modelgate.config.TableConfig;
import io.modelgate.datacheck.drift.PopulationStability;
import io.modelgate.delta.DeltaTable;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rules of check-data's depth (changes against a reference, statistics, categories, groups,
 * drift share, prediction and label drift, windows) on tables written by Spark and by delta-rs,
 * each compared with what pandas, numpy and scipy compute on the same data (write_depth_tables.py);
 * windows on the fraud-detection sample's own predictions; the same observations whatever the
 * number of threads; and a group_by column the table lacks refused with file and line.
 */
@Tag("e2e")
class CheckDataDepthTest {

    @TempDir
    static Path tables;
    static JsonNode expected;

    @TempDir
    Path project;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void writeTables() throws Exception {
        Path root = SparkFixtureTables.repositoryRoot();
        String venv = SparkFixtureTables.run(root, "bash", root.resolve("scripts/setup-python.sh").toString());
        String jars = SparkFixtureTables.run(root, "bash", root.resolve("scripts/spark-jars.sh").toString());
        SparkFixtureTables.run(root, Path.of(venv, "bin", "python").toString(), Path.of("src/test/resources/delta/write_depth_tables.py").toAbsolutePath().toString(),
                tables.toString(), jars, root.resolve("test-projects/fraud-detection").toString());
        expected = new ObjectMapper().readTree(tables.resolve("expected.json").toFile());
    }

    @BeforeEach
    void writeConfig() throws IOException {
        StringBuilder yaml = new StringBuilder("project: depth\ntables:\n");
        for (String writer : List.of("spark", "rs")) {
            yaml.append("""
                      %1$s-events:
                        path: %2$s/%1$s-events
                        reference: { previous: true }
                        row_count: { max_change: 0.2 }
                        completeness: { amount: { min: 0.9, max_drop: 0.01 }, score: 1.0 }
                        statistics:
                          amount: { mean: { max_change: 0.1 }, stddev: { max_change: 0.5 }, quantiles: { p50: { max_change: 0.1 }, p90: { max: 1000 } } }
                        categories: { country: { max_new: 0, max_vanished: 0 } }
                        drift: { columns: [amount, score], share: 0.5, prediction: score, label: label }
                      %1$s-by-country:
                        path: %2$s/%1$s-events
                        group_by: [country]
                        min_group_rows: 120
                        completeness: { amount: 0.96 }
                        row_count: { min: 100 }
                      %1$s-weeks:
                        path: %2$s/%1$s-predictions
                        reference: { window: first }
                        drift: { columns: [amount, score], p_value: 0 }
                        windows: { column: week, last: 3, violations: 2 }
                    """.formatted(writer, tables));
        }
        yaml.append("""
                  no-such-group:
                    path: %s/spark-events
                    group_by: [region]
                    row_count: { min: 1 }
                """.formatted(tables));
        Files.writeString(project.resolve("modelgate.yaml"), yaml.toString());
    }

    private int check(String table) {
        out.reset();
        err.reset();
        return new CommandLineApp(Map.of(), new PrintStream(out), new PrintStream(err), project)
                .run("check-data", "--table", table, "--output-dir", project.resolve("out").toString(), "--quiet");
    }

    private Map<String, JsonNode> checks() throws IOException {
        Map<String, JsonNode> checks = new HashMap<>();
        new ObjectMapper().readTree(project.resolve("out/result.json").toFile()).get("checks").forEach(c -> checks.put(c.get("name").asText(), c));
        return checks;
    }

    private static DeltaTable open(String table, long version) {
        return DeltaTable.open(DefaultEngine.create(new Configuration()), table, tables.resolve(table).toString(), version, null);
    }

    private static Observations observe(DeltaTable table, int threads, List<Measure> measures) {
        return new KernelEngine(threads, DistinctKeys.IN_MEMORY_KEYS, 1000).observe(table, Optional.empty(), measures, KernelEngine.Progress.NONE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"spark", "rs"})
    void changesStatisticsAndCategoriesMatchPandas(String writer) throws Exception {
        JsonNode events = expected.get("events");
        String table = writer + "-events";
        List<String> none = List.of();
        Measure.Rows rows = new Measure.Rows(none);
        Measure.Nulls nulls = new Measure.Nulls("amount", none);
        Measure.Moments moments = new Measure.Moments("amount", none);
        Measure.Sample sample = Samples.current("amount", 100_000, none);
        Measure.Counts countries = new Measure.Counts("country", none);
        for (int version = 0; version < 2; version++) {
            Observations seen = observe(open(table, version), 2, List.of(rows, nulls, moments, sample, countries));
            DataCheck.Side side = new DataCheck.Side(seen, "");
            assertEquals(events.get("rows").get(version).asLong(), side.count(rows), writer + " rows of version " + version);
            double share = 1 - (double) side.count(nulls) / side.count(rows);
            assertEquals(events.get("completeness").get(version).asDouble(), share, 1e-12, "completeness");
            Observations.Moments m = (Observations.Moments) side.get(moments);
            assertEquals(events.get("mean").get(version).asDouble(), m.mean(), 1e-9, "mean");
            assertEquals(events.get("stddev").get(version).asDouble(), m.stddev(), 1e-9, "stddev (ddof 1)");
            double[] sorted = ((Observations.Sample) side.get(sample)).sorted();
            assertEquals(m.count(), sorted.length, "below the sample size the sample is the whole column");
            assertEquals(events.get("p50").get(version).asDouble(), PopulationStability.quantile(sorted, 0.5), 1e-9, "p50");
            assertEquals(events.get("p90").get(version).asDouble(), PopulationStability.quantile(sorted, 0.9), 1e-9, "p90");
        }

        assertEquals(1, check(table), err.toString());
        Map<String, JsonNode> checks = checks();
        long before = events.get("rows").get(0).asLong();
        long after = events.get("rows").get(1).asLong();
        assertTrue(checks.get("row_count change").get("detail").asText().startsWith(after + " rows, " + before + " in the reference (+30.0%)"),
                checks.get("row_count change").toString());
        assertEquals("FAILED", checks.get("row_count change").get("verdict").asText(), "+30% > 20%");
        assertEquals("PASSED", checks.get("completeness amount").get("verdict").asText());
        assertEquals("FAILED", checks.get("completeness drop amount").get("verdict").asText(), "about 4 points > 1");
        assertEquals("PASSED", checks.get("completeness score").get("verdict").asText());
        assertEquals("FAILED", checks.get("mean amount").get("verdict").asText(), "+15% > 10%");
        assertEquals("PASSED", checks.get("stddev amount").get("verdict").asText());
        assertEquals("FAILED", checks.get("p50 amount").get("verdict").asText());
        assertEquals("PASSED", checks.get("p90 amount").get("verdict").asText());
        String categories = checks.get("categories country").get("detail").asText();
        assertTrue(categories.startsWith("1 new (" + String.join(", ", texts(events.get("new"))) + "), 1 vanished ("
                + String.join(", ", texts(events.get("vanished"))) + ")"), categories);
        assertEquals("FAILED", checks.get("categories country").get("verdict").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"spark", "rs"})
    void driftShareAndPredictionAndLabelDriftMatchScipy(String writer) throws Exception {
        JsonNode events = expected.get("events");
        TableConfig.DriftRule rule = new TableConfig.DriftRule(null, List.of("amount", "score"), 0.5, "score", "label", null, null, null, null);
        List<DriftCheck> drifts = List.of(
                new DriftCheck("drift", "amount", true, rule, "version 0", List.of(), List.of(), ""),
                new DriftCheck("drift", "score", true, rule, "version 0", List.of(), List.of(), ""),
                new DriftCheck("label drift", "label", false, rule, "version 0", List.of(), List.of(), ""));
        Observations reference = observe(open(writer + "-events", 0), 2, drifts.stream().flatMap(d -> d.referenceMeasures().stream()).toList());
        Observations current = observe(open(writer + "-events", 1), 2, drifts.stream().flatMap(d -> d.measures(reference).stream()).toList());
        DataCheck.Side now = new DataCheck.Side(current, "");
        DataCheck.Side before = new DataCheck.Side(reference, "");
        for (int i = 0; i < 2; i++) {
            String column = List.of("amount", "score").get(i);
            DriftCheck.Measured measured = drifts.get(i).measure(now, before);
            JsonNode want = events.get("drift").get(column);
            assertEquals(want.get("psi").asDouble(), measured.psi(), 1e-9, column + " PSI");
            assertEquals(want.get("ks").asDouble(), measured.statistic(), 1e-12, column + " KS D");
            double p = want.get("p_value").asDouble();
            assertEquals(p, measured.pValue(), Math.max(1e-9, p * 1e-6), column + " KS p-value");
        }
        DriftCheck.Measured label = drifts.get(2).measure(now, before);
        assertEquals(events.get("label").get("psi").asDouble(), label.psi(), 1e-9, "label PSI");
        assertEquals(events.get("label").get("chi2").asDouble(), label.statistic(), 1e-6, "label chi2");
        assertTrue(label.detail().startsWith(String.format(java.util.Locale.ROOT, "positive rate %.4f, reference %.4f",
                events.get("label").get("positive_rate").get(1).asDouble(), events.get("label").get("positive_rate").get(0).asDouble())), label.detail());

        check(writer + "-events");
        Map<String, JsonNode> checks = checks();
        List<String> drifted = texts(events.get("drifted"));
        String share = checks.get("drift share").get("detail").asText();
        assertTrue(share.startsWith(drifted.size() + " of 2 columns drifted"), share);
        assertEquals(drifted.size() / 2.0 <= 0.5 ? "PASSED" : "FAILED", checks.get("drift share").get("verdict").asText());
        assertEquals("PASSED", checks.get("drift psi amount").get("verdict").asText(), "a column's drift only counts towards the share");
        assertTrue(checks.containsKey("prediction drift psi score") && checks.containsKey("prediction drift ks score"), checks.keySet().toString());
        assertTrue(checks.containsKey("label drift chi-square label"), checks.keySet().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"spark", "rs"})
    void groupsAreJudgedEachAndTheSmallOnesReported(String writer) throws Exception {
        JsonNode perCountry = expected.get("events").get("per_country");
        Measure.Rows rows = new Measure.Rows(List.of("country"));
        Measure.Nulls nulls = new Measure.Nulls("amount", List.of("country"));
        Observations seen = observe(open(writer + "-events", 1), 2, List.of(rows, nulls));
        assertEquals(perCountry.size(), seen.groups(rows).size());
        List<String> failing = new ArrayList<>();
        List<String> small = new ArrayList<>();
        perCountry.fields().forEachRemaining(entry -> {
            String group = "country=" + entry.getKey();
            long count = entry.getValue().get("rows").asLong();
            assertEquals(count, seen.count(rows, group), group);
            double share = 1 - (double) seen.count(nulls, group) / count;
            assertEquals(entry.getValue().get("completeness").asDouble(), share, 1e-12, group);
            if (count < 120) small.add(group);
            else if (share < 0.96) failing.add(group);
        });

        int code = check(writer + "-by-country");
        assertEquals(failing.isEmpty() ? 0 : 1, code, out.toString());
        Map<String, JsonNode> checks = checks();
        JsonNode completeness = checks.get("completeness amount by country");
        assertEquals(failing.isEmpty() ? "PASSED" : "FAILED", completeness.get("verdict").asText(), completeness.toString());
        // The first groups that failed are named, the others counted.
        for (String group : failing.subList(0, Math.min(Judgement.NAMED_GROUPS, failing.size()))) {
            assertTrue(completeness.get("detail").asText().contains(group + " ("), completeness.toString());
        }
        if (failing.size() > Judgement.NAMED_GROUPS) {
            assertTrue(completeness.get("detail").asText().contains("and " + (failing.size() - Judgement.NAMED_GROUPS) + " more"), completeness.toString());
        }
        String groups = checks.get("groups by country").get("detail").asText();
        assertEquals(1, small.size(), "PT, 112 rows, is too small: " + perCountry);
        assertTrue(groups.startsWith((perCountry.size() - small.size()) + " groups checked, 1 too small (< 120 rows): "), groups);
        for (String group : small) assertTrue(groups.contains(group), groups);
        String text = out.toString(StandardCharsets.UTF_8);
        if (!failing.isEmpty()) assertTrue(text.contains("Worst groups of"), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"spark", "rs"})
    void windowsOfTheFraudSamplesPredictionsDecideAsItsMonitorDid(String writer) throws Exception {
        JsonNode predictions = expected.get("predictions");
        int code = check(writer + "-weeks");
        assertEquals(predictions.get("retrain").asBoolean() ? 1 : 0, code, out.toString());
        Map<String, JsonNode> shown = new HashMap<>();
        for (JsonNode table : new ObjectMapper().readTree(project.resolve("out/result.json").toFile()).get("tables")) {
            if (table.get("title").asText().startsWith("Windows of")) table.get("rows").forEach(r -> shown.put(r.get(0).asText(), r));
        }
        assertEquals(predictions.get("windows").size(), shown.size(), shown.toString());
        for (JsonNode window : predictions.get("windows")) {
            JsonNode row = shown.get("week=" + window.get("week").asInt());
            assertEquals(window.get("rows").asText(), row.get(1).asText(), row.toString());
            for (String column : List.of("amount", "score")) {
                String psi = String.format(java.util.Locale.ROOT, "drift psi %s PSI %.4f", column, window.get("psi").get(column).asDouble());
                assertTrue(row.get(2).asText().contains(psi), psi + " in " + row);
            }
            assertEquals(window.get("violated").asBoolean() ? "DRIFTED" : "ok", row.get(3).asText(), row.toString());
        }
        JsonNode windows = checks().get("windows drift");
        assertEquals(predictions.get("retrain").asBoolean() ? "FAILED" : "PASSED", windows.get("verdict").asText(), windows.toString());
    }

    @Test
    void theSameObservationsWhateverTheThreads() {
        DeltaTable table = open("spark-events-files", 0);
        assertTrue(table.plan(List.of("id"), Optional.empty()).files().size() >= 7, "several files to read in parallel");
        List<Measure> measures = List.of(new Measure.Rows(List.of()), new Measure.Moments("amount", List.of()),
                new Measure.Moments("score", List.of("country")), new Measure.Sample("score", 500, 3, List.of()),
                new Measure.Sample("amount", 100, 5, List.of("country")), new Measure.Counts("country", List.of()),
                new Measure.Distinct(List.of("id")), new Measure.NotAllowed("country", new java.util.TreeSet<>(List.of("FR")), List.of()));
        String one = canonical(observe(table, 1, measures));
        assertEquals(one, canonical(observe(table, 4, measures)), "4 threads");
        assertEquals(one, canonical(observe(table, 2, measures)), "2 threads");
        assertTrue(one.contains("Sample[seen="), one);
    }

    @Test
    void aGroupByColumnTheTableLacksIsRefusedWithFileAndLine() {
        assertEquals(2, check("no-such-group"));
        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.startsWith("modelgate: error: modelgate.yaml:" + lineOf("group_by: [region]")
                + ": tables.no-such-group.group_by[0]: column region is not in table no-such-group ("), message);
        assertEquals(1, message.lines().count(), message);
    }

    private int lineOf(String text) {
        try {
            List<String> lines = Files.readAllLines(project.resolve("modelgate.yaml"));
            for (int i = 0; i < lines.size(); i++) if (lines.get(i).contains(text)) return i + 1;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        throw new IllegalStateException(text);
    }

    /** Every value, arrays by content, in a fixed order. */
    private static String canonical(Observations observations) {
        Map<String, String> all = new TreeMap<>();
        observations.all().forEach((measure, groups) -> groups.forEach((group, value) -> all.put(measure + " " + group,
                value instanceof double[] d ? Arrays.toString(d) : value instanceof long[] l ? Arrays.toString(l)
                        : value instanceof Observations.Sample s ? "Sample[seen=" + s.seen() + ", " + Arrays.toString(s.sorted()) + "]"
                        : String.valueOf(value))));
        return all.toString();
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }
}
