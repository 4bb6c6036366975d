package io.modelgate.testbed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.types.IntegerType;
import io.modelgate.delta.DeltaTable;
import org.apache.hadoop.conf.Configuration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fraud-detection model lifecycle of issue 10, as each front end's end-to-end test drives it:
 * a copy of test-projects/fraud-detection, three training rounds each evaluated by
 * {@code evaluate-model} (candidate and champion scored on the frozen 2,000-row holdout, paired
 * bootstrap intervals) and judged by {@code validate-model --candidate latest --promote-on-pass champion},
 * which reuses that evaluation (round 1 the first model, promoted; round 2 better on the point
 * estimates, promoted, round 1 kept as previous champion; round 3, the labeling incident, worse
 * beyond noise, blocked), then inference and monitoring. In round 2 the same gate judged with 95%
 * confidence ({@link #CONFIDENT}) rejects the candidate first: its roc_auc gain is within noise.
 * This class holds what both front ends must agree on — the project, the environment its processes
 * need, the expected outcome of each round — and checks the registry and the audit trail against a
 * real MLflow server through its REST API.
 */
public final class FraudLifecycle {

    public static final String MODEL = "fraud-detector";
    /** The environment every step runs in: dev takes its tracking server from MLFLOW_TRACKING_URI. */
    public static final String ENVIRONMENT = "dev";
    public static final int ROUNDS = 3;
    /** The environment whose rules carry confidence: 0.95 (modelgate.yaml), used in {@link #NOISE_ROUND}. */
    public static final String CONFIDENT = "confident";
    /** The round whose roc_auc gain passes on the point estimate and is within noise at 95%. */
    public static final int NOISE_ROUND = 2;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final MlflowServer server;
    private final Path project;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private FraudLifecycle(MlflowServer server, Path project) {
        this.server = server;
        this.project = project;
    }

    /** Copies the project (its sources, not what earlier runs built) into {@code dir}. */
    public static FraudLifecycle copy(MlflowServer server, Path dir) {
        Path source = PythonToolchain.get().repoRoot().resolve("test-projects/fraud-detection");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path relative = source.relativize(file);
                if (relative.startsWith("build") || relative.toString().contains("__pycache__") || relative.toString().contains(".pytest_cache")) {
                    continue;
                }
                Path target = dir.resolve(relative.toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not copy " + source, e);
        }
        return new FraudLifecycle(server, dir);
    }

    public Path project() {
        return project;
    }

    /**
     * What the steps' processes need besides the CI's own variables: the tracking server, the
     * pinned PySpark as SPARK_HOME, the venv first on the PATH (pytest, python), as a CI job
     * that ran scripts/setup-python.sh would have them, and SPARK_REMOTE: every job of the
     * lifecycle runs on the test bed's Spark Connect server, as in the demo.
     */
    public Map<String, String> environment() {
        PythonToolchain python = PythonToolchain.get();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("MLFLOW_TRACKING_URI", server.uri());
        env.put("SPARK_HOME", sparkHome(python.venv()).toString());
        env.put("PYSPARK_PYTHON", python.python().toString());
        env.put("SPARK_REMOTE", SparkConnect.get().remote());
        // Where check-model keeps the model's built environment, as a CI job caches it between runs.
        env.put("MODELGATE_CACHE", Path.of(System.getProperty("user.home"), ".cache", "modelgate").toString());
        env.put("PATH", python.venv().resolve("bin") + ":" + Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH"));
        return env;
    }

    /** The exit code validate-model must give in round {@code round} (1-based): the third is blocked. */
    public static int validationExit(int round) {
        return round < ROUNDS ? 0 : 1;
    }

    /** The champion after round {@code round}. */
    public static int championAfter(int round) {
        return Math.min(round, 2);
    }

    /** The model's aliases now, alias → version. */
    public Map<String, Integer> aliases() {
        JsonNode model = get("registered-models/get?name=" + encode(MODEL)).path("registered_model");
        Map<String, Integer> aliases = new TreeMap<>();
        for (JsonNode alias : model.path("aliases")) {
            aliases.put(alias.path("alias").asText(), alias.path("version").asInt());
        }
        return aliases;
    }

    /** The tags of one version now. */
    public Map<String, String> versionTags(int version) {
        JsonNode node = get("model-versions/get?name=" + encode(MODEL) + "&version=" + version).path("model_version");
        Map<String, String> tags = new TreeMap<>();
        for (JsonNode tag : node.path("tags")) {
            tags.put(tag.path("key").asText(), tag.path("value").asText());
        }
        return tags;
    }

    /** The registry after round {@code round}: champion and previous champion, and the validation record on its version. */
    public void assertRegistryAfter(int round) {
        Map<String, Integer> expected = new TreeMap<>();
        expected.put("champion", championAfter(round));
        if (round >= 2) {
            expected.put("previous-champion", 1);
        }
        assertEquals(expected, aliases(), "aliases of " + MODEL + " after round " + round);
        Map<String, String> tags = versionTags(round);
        assertEquals(validationExit(round) == 0 ? "passed" : "failed", tags.get("modelgate.validation.status"), "v" + round + " " + tags);
        // The evaluation that validate-model gated on: the frozen holdout's version 0, against the champion of the time.
        assertTrue(tags.getOrDefault("modelgate.evaluation.run_id", "").matches("[0-9a-f]{32}"), "v" + round + " " + tags);
        assertEquals("0", tags.get("modelgate.evaluation.dataset_version"), "v" + round + " " + tags);
        assertEquals(round == 1 ? "" : String.valueOf(championAfter(round - 1)), tags.get("modelgate.evaluation.baseline_version"), "v" + round + " " + tags);
        assertEquals("passed", tags.get("modelgate.evaluation.status"), "the slice and fairness rules hold in every round: " + tags);
        assertEquals(round == 1 ? "" : String.valueOf(championAfter(round - 1)), tags.get("modelgate.validation.baseline_version"), "v" + round + " " + tags);
        if (validationExit(round) == 0) {
            io.modelgate.registry.PromotionEvidence evidence = io.modelgate.registry.PromotionEvidence.of(tags).orElseThrow();
            assertEquals(round == 1 ? "" : String.valueOf(round - 1), evidence.get("replaced_version"), "v" + round + " " + tags);
            assertEquals("no alias -> champion", evidence.get("from_to"), "v" + round + " " + tags);
            assertEquals(tags.get("modelgate.validation.commit"), evidence.get("commit"), "v" + round + " " + tags);
        } else {
            assertTrue(tags.keySet().stream().noneMatch(k -> k.startsWith("modelgate.promotion")), "v" + round + " was never promoted: " + tags);
        }
    }

    /** check-model's record on a first version: passed, nothing to compare its signature with, measured, served. */
    public void assertContractPassed(int version) {
        Map<String, String> tags = versionTags(version);
        assertEquals("passed", tags.get("modelgate.check_model.status"), "v" + version + " " + tags);
        assertEquals("no-baseline", tags.get("modelgate.check_model.signature"), "v" + version + " " + tags);
        assertTrue(Double.parseDouble(tags.get("modelgate.check_model.p95_ms")) > 0, "v" + version + " " + tags);
        assertTrue(Double.parseDouble(tags.get("modelgate.check_model.online_p95_ms")) > 0, "served: v" + version + " " + tags);
    }

    /**
     * The audit trail of the three rounds (one JSON line per event, as registry-audit.jsonl holds
     * them): each validation — round 2's first under 95% confidence, rejected — and the promotion of
     * each passing version, in order; every record names the environment, branch and commit the run
     * came from.
     */
    public static void assertAuditTrail(Path auditFile, String branch, String commit) {
        List<JsonNode> records = audit(auditFile);
        assertEquals(List.of(
                "validate passed v1",
                "promote promoted v1 to champion",
                "validate failed v2 over v1",
                "validate passed v2 over v1",
                "promote promoted v2 to champion over v1",
                "validate failed v3 over v2"), events(records));
        for (int i = 0; i < records.size(); i++) {
            JsonNode record = records.get(i);
            assertEquals(MODEL, record.path("model").asText(), record.toString());
            assertEquals(i == 2 ? CONFIDENT : ENVIRONMENT, record.path("environment").asText(), record.toString());
            assertEquals(branch, record.path("branch").asText(), record.toString());
            assertEquals(commit, record.path("commit").asText(), record.toString());
        }
    }

    /** evaluate-model's audit trail: one evaluation per round, against the champion of the time, its slice and fairness rules passed. */
    public static void assertEvaluationAuditTrail(Path auditFile) {
        assertEquals(List.of("evaluate passed v1", "evaluate passed v2 over v1", "evaluate passed v3 over v2"), events(audit(auditFile)));
    }

    private static List<JsonNode> audit(Path auditFile) {
        List<JsonNode> records = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(auditFile)) {
                records.add(JSON.readTree(line));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the audit file " + auditFile, e);
        }
        return records;
    }

    private static List<String> events(List<JsonNode> records) {
        return records.stream().map(r -> r.path("action").asText() + " " + r.path("outcome").asText()
                + " v" + r.path("version").asText() + (r.has("target") ? " to " + r.path("target").asText() : "")
                + (r.has("previous_version") ? " over v" + r.path("previous_version").asText() : "")).toList();
    }

    /**
     * A round's evaluate-model result.json: passed (the slice and fairness rules hold), the versions,
     * the holdout's 2,000 rows, and how roc_auc changed: round 2's gain within noise (its interval
     * holds 0), round 3's loss beyond it. Returns the metric table's roc_auc row.
     */
    public static List<String> assertEvaluationResult(JsonNode result, int round) {
        assertEquals("PASSED", result.path("verdict").asText(), result.toString());
        assertEquals(String.valueOf(round), result.at("/outputs/candidate-version").asText(), result.toString());
        assertEquals(round == 1 ? "" : String.valueOf(championAfter(round - 1)), result.at("/outputs/baseline-version").asText(), result.toString());
        assertEquals("2000", result.at("/outputs/rows").asText(), result.toString());
        assertTrue(result.at("/outputs/run-id").asText().matches("[0-9a-f]{32}"), result.toString());
        List<String> row = new ArrayList<>();
        result.at("/tables/0/rows/0").forEach(cell -> row.add(cell.asText()));
        assertEquals("roc_auc", row.get(0), result.toString());
        assertEquals(round == 1 ? 3 : 6, row.size(), "first model: value and interval; later: both models, change, interval, verdict: " + row);
        if (round > 1) assertEquals(round == NOISE_ROUND ? "within noise" : "worse", row.get(5), "round " + round + ": " + row);
        assertTrue(result.path("charts").size() > 0, "a chart per slice: " + result);
        return row;
    }

    /**
     * Round 2 under {@link #CONFIDENT}: rejected because the lower bound of roc_auc's 95% interval
     * of the change is under the 0.005 asked, which the report says, while the point estimate (a gain
     * over 0.005) would pass.
     */
    public static void assertRejectedWithinNoise(JsonNode result) {
        assertEquals("FAILED", result.path("verdict").asText(), result.toString());
        boolean found = false;
        for (JsonNode row : result.at("/tables/0/rows")) {
            if (row.get(0).asText().equals("roc_auc") && row.get(5).asText().contains("with 95% confidence")) {
                assertTrue(row.get(6).asText().startsWith("no — decided by the lower bound"), row.toString());
                assertTrue(Double.parseDouble(row.get(3).asText()) > 0.005, "the point estimate alone passes: " + row);
                found = true;
            }
        }
        assertTrue(found, "roc_auc's change rule with 95% confidence: " + result);
    }

    /**
     * After batch inference: every prediction in the project's inference table (Delta, read with
     * Delta Kernel as check-data reads tables) was scored by {@code version}, the champion.
     */
    public void assertPredictionsScoredBy(int version) {
        Path table = project.resolve("build/lakehouse/predictions");
        DeltaTable predictions = DeltaTable.open(DefaultEngine.create(new Configuration()), "predictions", table.toString(), null, null);
        Map<Long, Integer> byVersion = new TreeMap<>();
        predictions.scan(List.of("model_version"), Optional.empty(), rows -> {
            for (int row = 0; row < rows.size(); row++) {
                if (rows.live(row)) {
                    long scoredBy = rows.column(0).getDataType() instanceof IntegerType ? rows.column(0).getInt(row) : rows.column(0).getLong(row);
                    byVersion.merge(scoredBy, 1, Integer::sum);
                }
            }
        });
        assertEquals(List.of((long) version), List.copyOf(byVersion.keySet()), "model versions in " + table + ": " + byVersion);
    }

    /**
     * After monitoring, which has scored only the latest week (inference ran once): the monitoring
     * job's summary holds that one week, scored by one model version. (Drift and the retrain
     * decision are check-data's, on the table predictions-drift.)
     */
    public void assertMonitoringSummedUpTheWeek() {
        Path file = project.resolve("build/monitoring/summary.json");
        try {
            JsonNode summary = JSON.readTree(file.toFile());
            assertTrue(summary.path("table").asText().endsWith("predictions"), file + ": " + summary);
            assertEquals(1, summary.path("weeks").size(), file + ": " + summary);
            assertEquals(1, summary.at("/weeks/0/model_versions").size(), file + ": " + summary);
        } catch (IOException e) {
            throw new UncheckedIOException("the monitoring job wrote no summary at " + file, e);
        }
    }

    /**
     * A round's validate-model result.json: its verdict, the version judged, and the passed output
     * agree with the round's expected exit; the metrics were compared from the round's evaluation,
     * with each rule's interval shown.
     */
    public static void assertValidationResult(JsonNode result, int round) {
        assertEquals(validationExit(round) == 0 ? "PASSED" : "FAILED", result.path("verdict").asText(), result.toString());
        assertTrue(result.at("/tables/0/title").asText().contains("evaluation run"), result.toString());
        assertEquals("interval", result.at("/tables/0/columns/4").asText(), result.toString());
        assertEquals(String.valueOf(round), result.at("/outputs/candidate-version").asText(), result.toString());
        assertEquals(String.valueOf(validationExit(round) == 0), result.at("/outputs/passed").asText(), result.toString());
    }

    private JsonNode get(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.uri() + "/api/2.0/mlflow/" + path)).GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), path + ": " + response.body());
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static Path sparkHome(Path venv) {
        try (Stream<Path> libs = Files.list(venv.resolve("lib"))) {
            return libs.map(lib -> lib.resolve("site-packages/pyspark")).filter(p -> Files.isRegularFile(p.resolve("bin/spark-submit")))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no pyspark with bin/spark-submit in " + venv));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
