package io.modelgate.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.delta.kernel.types.StringType;
import io.modelgate.cli.CommandLineApp;
import io.modelgate.registry.CheckModelRecord;
import io.modelgate.registry.RegistryFixture;
import io.modelgate.testbed.MlflowExtension;
import io.modelgate.testbed.MlflowServer;
import io.modelgate.testbed.ModelSeeder;
import io.modelgate.testbed.ModelSeeder.Options;
import io.modelgate.teststage.ProcessTable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * check-model through the real command line against a real MLflow server, with versions trained,
 * logged and registered by the seeding script, feature tables written with Delta Kernel, and each
 * version loaded and scored in a Python environment built from its own requirements (one
 * environment for the class: every version logs the same requirements, so it is built once and
 * cached). After every run, no scoring process or server is left (read from the process table).
 */
@Tag("e2e")
@ExtendWith(MlflowExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CheckModelE2ETest {

    private static final String MODEL = "churn";
    /** The folder each run scores in: every process a run starts has it on its command line. */
    private static final String WORK_MARKER = "modelgate-check-model-";

    private MlflowServer server;
    private RegistryFixture registry;
    private Path dir;
    private final Map<String, String> env = new HashMap<>(System.getenv());
    private String out;
    private String err;

    @BeforeAll
    void seed(MlflowServer server) throws IOException {
        this.server = server;
        this.registry = new RegistryFixture(server);
        this.dir = Files.createTempDirectory("check-model");
        env.putAll(Map.of("GITHUB_ACTIONS", "true", "GITHUB_REF_NAME", "main", "GITHUB_SHA", "c0ffee42", "GITHUB_ACTOR", "alice",
                "GITHUB_SERVER_URL", "https://github.example", "GITHUB_REPOSITORY", "acme/churn", "GITHUB_RUN_ID", "7"));
        env.keySet().removeIf(k -> k.startsWith("MLFLOW_") || k.equals("MODELGATE_CACHE"));
        new ModelSeeder(server).seed(MODEL, Options.defaults()
                .variant("")                                                    // v1: the champion
                .variant("--drop-feature f7")                                   // v2: a required input dropped
                .variant("--optional-input f8")                                 // v3: an optional input added
                .variant("--pyfunc raise")                                      // v4: raises on predict
                .variant("--pyfunc sleep --sleep-ms 300")                       // v5: 300 ms a call
                .variant("--no-signature")                                      // v6: no signature
                .variant("--pyfunc sleep --sleep-ms 1 --load-sleep-s 25"));    // v7: slow to load
        registry.setAlias(MODEL, "champion", 1);
        FeatureTables.write(dir.resolve("lake/features"), 300, FeatureTables.doubles(8));
        Map<String, io.delta.kernel.types.DataType> stale = new java.util.LinkedHashMap<>(FeatureTables.doubles(7));
        stale.put("f3", StringType.STRING);
        FeatureTables.write(dir.resolve("lake/features_stale"), 50, stale);
    }

    @AfterEach
    void nothingLeftBehind() throws InterruptedException {
        assertEquals(List.of(), ProcessTable.awaitGone(WORK_MARKER), "no scoring process or server outlives check-model");
    }

    private void config(String contract) throws IOException {
        Files.writeString(dir.resolve("modelgate.yaml"), """
                project: churn
                mlflow: { tracking_uri: "%s", timeout: 20s }
                environments:
                  staging: { branches: [main] }
                tables:
                  features: { path: lake/features }
                  features_stale: { path: lake/features_stale }
                models:
                  %s:
                    contract:
                %s
                    promotion:
                      staging: { branches: [main], targets: [champion], require_check_model: true }
                """.formatted(server.uri(), MODEL, contract.indent(6).stripTrailing()));
    }

    private int run(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = new CommandLineApp(env, new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8), dir).run(args);
        out = o.toString(StandardCharsets.UTF_8);
        err = e.toString(StandardCharsets.UTF_8);
        return code;
    }

    private int check(int candidate) {
        return run("check-model", "--model", MODEL, "--candidate", String.valueOf(candidate));
    }

    private JsonNode result() throws IOException {
        return new ObjectMapper().readTree(dir.resolve("build/modelgate/result.json").toFile());
    }

    /** The verdict of each check of the last run, by name. */
    private Map<String, String> checks() throws IOException {
        Map<String, String> checks = new HashMap<>();
        result().path("checks").forEach(c -> checks.put(c.path("name").asText(), c.path("verdict").asText() + " " + c.path("detail").asText()));
        return checks;
    }

    @Test
    void aCompatibleVersionPassesItsWholeContractServedAndMayThenBePromoted() throws Exception {
        config("""
                feature_table: features
                sample_rows: 40
                serve: true
                requests: 30
                budgets: { max_load_seconds: 120, max_p95_ms: { batch: 2000, online: 2000 }, max_model_mb: 5, max_memory_mb: 4000 }
                """);
        assertEquals(1, run("promote-model", "--model", MODEL, "--version", "3", "--to", "champion"), out);
        assertTrue(out.contains("require_check_model") && out.contains("has no check-model record"), out);

        assertEquals(0, check(3), out + err);
        assertTrue(out.contains("passed: churn v3 against champion v1"), out);
        Map<String, String> checks = checks();
        assertTrue(checks.get("signature").startsWith("PASSED compatible with the champion v1's: input f8 added, optional"), checks.toString());
        assertTrue(checks.get("feature table features").startsWith("PASSED the signature's 9 input columns against features"), checks.toString());
        assertTrue(checks.get("scores").contains("the input example (5 rows) and 40 rows of features"), checks.toString());
        assertTrue(checks.get("serves").startsWith("PASSED 30 requests to mlflow models serve answered, each equal to the in-process prediction"),
                checks.toString());
        for (String budget : List.of("max_load_seconds", "max_p95_ms.batch", "max_p95_ms.online", "max_model_mb", "max_memory_mb")) {
            assertTrue(checks.get("budget " + budget).startsWith("PASSED"), budget + ": " + checks);
        }
        assertTrue(checks.get("budget max_p95_ms.online").contains("served p95"), checks.toString());
        Matcher port = Pattern.compile("stopped the scoring server on 127.0.0.1:(\\d+)").matcher(out);
        assertTrue(port.find(), out);
        assertThrows(IOException.class, () -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", Integer.parseInt(port.group(1))), 2000);
            }
        }, "the scoring server's port is closed again");

        Map<String, String> tags = registry.versionTags(MODEL, 3);
        assertEquals("passed", tags.get(CheckModelRecord.STATUS_TAG));
        assertEquals("compatible", tags.get(CheckModelRecord.SIGNATURE_TAG));
        assertEquals("1", tags.get(CheckModelRecord.BASELINE_TAG));
        assertEquals("c0ffee42", tags.get(CheckModelRecord.COMMIT_TAG));
        assertEquals(result().at("/outputs/p95-ms").asText(), tags.get(CheckModelRecord.P95_TAG));
        assertFalse(tags.get(CheckModelRecord.ONLINE_P95_TAG).isEmpty());
        assertTrue(Double.parseDouble(tags.get(CheckModelRecord.SIZE_TAG)) > 0, tags.toString());
        assertTrue(Files.readString(dir.resolve("build/modelgate/registry-audit.jsonl")).contains("\"action\":\"check-model\",\"outcome\":\"passed\""));

        assertEquals(0, run("promote-model", "--model", MODEL, "--version", "3", "--to", "champion"), out);
        registry.setAlias(MODEL, "champion", 1);
    }

    @Test
    void aDroppedRequiredInputBreaksTheChampionsClientsUnlessAllowed() throws Exception {
        config("feature_table: features\n");
        assertEquals(1, check(2), out);
        assertTrue(out.contains("failed 1 of 4 checks: churn v2 against champion v1: signature: 1 breaking change against the champion v1: "
                + "input f7 removed (was required)"), out);
        JsonNode signature = result().path("tables").get(1);
        assertEquals("Signature of v2 against champion v1", signature.path("title").asText());
        assertEquals("[\"input\",\"f7\",\"double\",\"—\",\"removed (was required)\",\"yes\"]", signature.path("rows").get(0).toString());
        assertEquals("breaking", registry.versionTags(MODEL, 2).get(CheckModelRecord.SIGNATURE_TAG));
        assertEquals("failed", registry.versionTags(MODEL, 2).get(CheckModelRecord.STATUS_TAG));

        config("feature_table: features\nallow_breaking: true\n");
        assertEquals(0, check(2), out);
        assertTrue(out.contains("allowed by contract.allow_breaking: input f7 removed (was required)"), out);
        assertEquals("WARNING", result().path("annotations").get(0).path("level").asText());
        assertEquals("breaking-allowed", registry.versionTags(MODEL, 2).get(CheckModelRecord.SIGNATURE_TAG));
        assertEquals("passed", registry.versionTags(MODEL, 2).get(CheckModelRecord.STATUS_TAG));
    }

    @Test
    void aModelThatRaisesOnPredictFailsWithTheFirstErrorLines() throws Exception {
        config("feature_table: features\n");
        assertEquals(1, check(4), out);
        assertTrue(out.contains("failed 1 of 4 checks: churn v4 against champion v1: scores: predict: input example: "
                + "ValueError: feature scaler not fitted: cannot score 5 rows"), out);
        assertTrue(checks().get("loads").startsWith("PASSED"), checks().toString());
        assertEquals("failed", registry.versionTags(MODEL, 4).get(CheckModelRecord.STATUS_TAG));
    }

    /** 300 ms a call: over a 150 ms p95 budget in process (batch) and over HTTP (online), and far over the champion's p95. */
    @Test
    void aSlowModelExceedsItsBatchAndOnlineBudgetsAndTheChampionRatio() throws Exception {
        config("""
                serve: true
                requests: 8
                budgets: { max_p95_ms: { batch: 150, online: 150 }, max_p95_ratio: 2 }
                """);
        assertEquals(1, check(5), out);
        Map<String, String> checks = checks();
        assertTrue(checks.get("budget max_p95_ms.batch").matches("FAILED batch p95 \\d+ ms over the budget of 150 ms"), checks.toString());
        assertTrue(checks.get("budget max_p95_ms.online").matches("FAILED served p95 \\d+ ms over the budget of 150 ms"), checks.toString());
        assertTrue(checks.get("budget max_p95_ratio").startsWith("FAILED batch p95 "), checks.toString());
        assertTrue(checks.get("budget max_p95_ratio").contains("× the champion v1's"), checks.toString());
        assertTrue(checks.get("serves").startsWith("PASSED"), checks.toString());
        assertTrue(out.contains("failed 3 of 7 checks"), out);
        JsonNode measures = result().path("tables").get(1);
        assertTrue(measures.path("title").asText().contains("and the champion v1, same rows, same run"), measures.toString());
    }

    @Test
    void aFeatureTableWithoutARequiredColumnOrWithAnotherTypeFails() throws Exception {
        config("feature_table: features_stale\n");
        assertEquals(1, check(3), out);
        assertTrue(out.contains("feature table features_stale: features_stale"), out);
        String detail = checks().get("feature table features_stale");
        assertTrue(detail.contains("f3 MLflow does not convert string (string in pandas) to double"), detail);
        assertTrue(detail.contains("f7 required by the signature, missing from the table"), detail);
        assertTrue(checks().get("scores").contains("the input example (5 rows): one prediction per row"), "the example is still scored");
        JsonNode columns = result().path("tables").get(2);
        assertEquals("f8", columns.path("rows").get(8).get(0).asText());
        assertEquals("yes — optional, not in the table", columns.path("rows").get(8).get(3).asText());
    }

    @Test
    void aVersionWithoutSignatureFailsWhenTheContractRequiresOne() throws Exception {
        config("feature_table: features\nrequire_signature: true\n");
        assertEquals(1, check(6), out);
        assertTrue(checks().get("signature").equals("FAILED v6 was logged without a signature (contract.require_signature)"), checks().toString());
        assertTrue(checks().get("scores").startsWith("PASSED no input example and 100 rows of features"), checks().toString());
        assertEquals("none", registry.versionTags(MODEL, 6).get(CheckModelRecord.SIGNATURE_TAG));
    }

    /** Loading takes 25 s: over max_load_seconds, and the scoring server cannot answer /ping within 20 s. */
    @Test
    void aServerThatIsNotUpInTimeFailsTheCandidateWithItsLogTail() throws Exception {
        config("""
                serve: true
                serve_timeout: 20s
                budgets: { max_load_seconds: 10 }
                """);
        assertEquals(1, check(7), out);
        Map<String, String> checks = checks();
        assertTrue(checks.get("serves").startsWith("FAILED the scoring server did not answer /ping within 20s (contract.serve_timeout); its log ends:"),
                checks.toString());
        // Timing-sensitive on a loaded machine: the serve command logs its first lines once MLflow is imported, a few seconds in.
        assertTrue(checks.get("serves").contains("mlflow.pyfunc.backend"), "the log tail is the server's: " + checks.get("serves"));
        assertTrue(checks.get("budget max_load_seconds").matches("FAILED load time \\d+\\.\\d s over the budget of 10.0 s"), checks.toString());
        assertTrue(result().path("log").asText().contains("scoring server log"), result().path("log").asText());
    }

    /** A requirement pip cannot install: exit 3 naming it, and no half-built environment left in the cache. */
    @Test
    void anEnvironmentThatCannotBeBuiltIsAnInfrastructureErrorNamingThePackage() throws Exception {
        new ModelSeeder(server).seed("unbuildable", Options.defaults().variant("--pip-requirement numpy==0.0.1"));
        Path cache = Files.createTempDirectory("model-env-cache");
        env.put("MODELGATE_CACHE", cache.toString());
        try {
            Files.writeString(dir.resolve("modelgate.yaml"), "project: churn\nmlflow: { tracking_uri: \"" + server.uri() + "\" }\nmodels:\n  unbuildable: {}\n");
            assertEquals(3, run("check-model", "--model", "unbuildable"), out + err);
            assertTrue(err.contains("cannot build the Python environment of unbuildable v1: pip could not install numpy==0.0.1"), err);
            try (Stream<Path> left = Files.list(cache.resolve("model-envs"))) {
                assertEquals(List.of(), left.filter(Files::isDirectory).toList(), "the failed build is deleted");
            }
            assertEquals(null, new RegistryFixture(server).versionTags("unbuildable", 1).get(CheckModelRecord.STATUS_TAG),
                    "no verdict, no record");
        } finally {
            env.remove("MODELGATE_CACHE");
        }
    }
}
