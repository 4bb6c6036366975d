package io.modelgate.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelgate.cli.CommandLineApp;
import io.modelgate.registry.RegistryFixture;
import io.modelgate.registry.ValidationRecord;
import io.modelgate.testbed.MlflowExtension;
import io.modelgate.testbed.MlflowServer;
import io.modelgate.testbed.ModelSeeder;
import io.modelgate.testbed.ModelSeeder.Options;
import io.modelgate.testbed.ModelSeeder.SeededVersion;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * validate-model through the real command line against a real MLflow server, with model
 * versions trained, logged and registered by the seeding script as users' training jobs do.
 */
@Tag("e2e")
@ExtendWith(MlflowExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ValidateModelE2ETest {

    private static final String RULES = """
                  metrics:
                    roc_auc:  { greater_is_better: true,  threshold: 0.80, min_absolute_change: 0.0 }
                    log_loss: { greater_is_better: false, threshold: 0.45, min_relative_change: 0.01 }
            """;

    private MlflowServer server;
    private RegistryFixture registry;
    private ModelSeeder seeder;
    private Path dir;
    private final Map<String, String> env = new HashMap<>(Map.of("GITHUB_ACTIONS", "true", "GITHUB_REF_NAME", "main",
            "GITHUB_SHA", "feedc0de", "GITHUB_ACTOR", "alice", "GITHUB_SERVER_URL", "https://github.example",
            "GITHUB_REPOSITORY", "acme/fraud", "GITHUB_RUN_ID", "91"));
    private String out;
    private String err;

    @BeforeAll
    void start(MlflowServer server) throws IOException {
        this.server = server;
        this.registry = new RegistryFixture(server);
        this.seeder = new ModelSeeder(server);
        this.dir = Files.createTempDirectory("validate-model");
    }

    private void config(String model, String registryStyle, String mode, String extra) throws IOException {
        Files.writeString(dir.resolve("modelgate.yaml"), """
                project: fraud
                mlflow: { tracking_uri: "%s", timeout: 20s }
                environments:
                  staging: { branches: [main] }
                models:
                  %s:
                    registry: %s
                    validation:
                      mode: %s
                %s%s
                """.formatted(server.uri(), model, registryStyle, mode, RULES, extra));
    }

    private int run(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = new CommandLineApp(env, new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8), dir).run(args);
        out = o.toString(StandardCharsets.UTF_8);
        err = e.toString(StandardCharsets.UTF_8);
        return code;
    }

    private SeededVersion seed(String model, double auc, double loss) {
        return seeder.seed(model, Options.defaults().metric("roc_auc", auc).metric("log_loss", loss)).get(0);
    }

    private JsonNode result() throws IOException {
        return new ObjectMapper().readTree(dir.resolve("build/modelgate/result.json").toFile());
    }

    @Test
    void theAliasesLifecycleFirstModelThenBetterThenWorse() throws IOException {
        String model = "fraud-aliases";
        config(model, "aliases", "enabled", "");
        seed(model, 0.85, 0.40);

        // v1: no champion yet, judged on absolute thresholds alone, promoted to champion on pass.
        assertEquals(0, run("validate-model", "--model", model, "--promote-on-pass", "champion"), err);
        assertTrue(out.contains("passed: " + model + " v1 (first model, no baseline)"), out);
        assertTrue(out.contains("first model, no baseline: judged on absolute thresholds alone"), out);
        assertEquals(Optional.of(1), registry.alias(model, "champion"));
        Map<String, String> tags = registry.versionTags(model, 1);
        assertEquals("passed", tags.get(ValidationRecord.STATUS_TAG));
        assertEquals("feedc0de", tags.get(ValidationRecord.COMMIT_TAG));
        assertEquals("https://github.example/acme/fraud/actions/runs/91", tags.get(ValidationRecord.RUN_URL_TAG));
        assertEquals("", tags.get(ValidationRecord.BASELINE_TAG));
        assertEquals(12, tags.get(ValidationRecord.THRESHOLDS_TAG).length());

        // v2 is better on both metrics: passes against champion v1 (the default candidate is the newest unvalidated).
        seed(model, 0.90, 0.35);
        assertEquals(0, run("validate-model", "--model", model), err);
        assertEquals("2", result().path("outputs").path("candidate-version").asText());
        assertEquals("1", result().path("outputs").path("baseline-version").asText());
        assertEquals("passed", registry.versionTags(model, 2).get(ValidationRecord.STATUS_TAG));
        assertEquals("1", registry.versionTags(model, 2).get(ValidationRecord.BASELINE_TAG));
        assertEquals(Optional.of(1), registry.alias(model, "champion"), "no --promote-on-pass: the champion stays");

        // v3 is worse: fails with the right rows first, records the failure, and the gate says exit 1.
        seed(model, 0.70, 0.50);
        assertEquals(1, run("validate-model", "--model", model, "--promote-on-pass", "champion"), out);
        assertEquals("failed", registry.versionTags(model, 3).get(ValidationRecord.STATUS_TAG));
        assertEquals(Optional.of(1), registry.alias(model, "champion"), "a failing candidate is never promoted");
        JsonNode rows = result().path("tables").get(0).path("rows");
        assertEquals("roc_auc", rows.get(0).get(0).asText());
        assertTrue(rows.get(0).get(5).asText().startsWith("no — 0.7 < 0.8"), rows.toString());
        long failing = 0;
        for (JsonNode row : rows) if (row.get(5).asText().startsWith("no")) failing++;
        assertEquals(4, failing, "both metrics fail both their rules: " + rows);
        JsonNode junit = result().path("checks");
        assertEquals(4, junit.size());
        assertTrue(Files.readString(dir.resolve("build/modelgate/junit-validate-model.xml")).contains("<failure message="));
        // The audit file has one record per validation.
        assertEquals(3, Files.readAllLines(dir.resolve("build/modelgate/registry-audit.jsonl")).stream().filter(l -> l.contains("\"validate\"") && l.contains("\"" + model + "\"")).count());
    }

    @Test
    void equalValuesPassWhereMlflowPassesAndAMissingMetricFails() throws IOException {
        String model = "fraud-boundary";
        config(model, "aliases", "enabled", "");
        seed(model, 0.85, 0.40);
        registry.setAlias(model, "champion", 1);
        // roc_auc equal to the champion (min_absolute_change 0) and log_loss exactly 1% better.
        seed(model, 0.85, 0.396);
        assertEquals(0, run("validate-model", "--model", model, "--candidate", "2"), out + err);

        config(model, "aliases", "enabled", "        precision: { greater_is_better: true, threshold: 0.5 }\n");
        seed(model, 0.86, 0.39);
        assertEquals(1, run("validate-model", "--model", model, "--candidate", "latest"), out + err);
        assertTrue(out.contains("missing on the candidate: its run did not log precision"), out);
    }

    @Test
    void aNanMetricIsRefusedWithAReason() throws IOException {
        String model = "fraud-nan";
        config(model, "aliases", "enabled", "");
        seeder.seed(model, Options.defaults().metric("roc_auc", Double.NaN).metric("log_loss", 0.3));
        assertEquals(1, run("validate-model", "--model", model), out + err);
        assertTrue(out.contains("candidate value is NaN, not a finite number"), out);
    }

    @Test
    void aDryRunNeverWritesAValidationRecord() throws IOException {
        String model = "fraud-dry";
        config(model, "aliases", "dry-run", "");
        seed(model, 0.60, 0.60);
        assertEquals(0, run("validate-model", "--model", model), out + err);
        assertTrue(out.contains("[dry-run: reported only, never counts as a validation record]"), out);
        assertEquals("false", result().path("outputs").path("passed").asText());
        assertFalse(registry.versionTags(model, 1).containsKey(ValidationRecord.STATUS_TAG));
    }

    @Test
    void theStagesRegistryComparesWithProductionAndADeletedChampionRunFails() throws IOException {
        String model = "fraud-stages";
        config(model, "stages", "enabled", "");
        SeededVersion champion = seed(model, 0.85, 0.40);
        registry.transition(model, 1, "Production");
        seed(model, 0.90, 0.35);
        assertEquals(0, run("validate-model", "--model", model, "--candidate", "2", "--promote-on-pass", "Staging"), out + err);
        assertEquals("1", result().path("outputs").path("baseline-version").asText());
        assertEquals("Staging", registry.stage(model, 2));
        assertEquals("Staging", result().path("outputs").path("promoted").asText());

        registry.deleteRun(champion.runId());
        seed(model, 0.95, 0.30);
        assertEquals(1, run("validate-model", "--model", model, "--candidate", "3"), out + err);
        assertTrue(out.contains("the champion's run " + champion.runId() + " is deleted"), out);
    }

    @Test
    void requiredEvidenceIsCheckedOnTheLoggedModelAndItsRun() throws IOException {
        String model = "fraud-evidence";
        config(model, "aliases", "enabled", """
                      require_signature: true
                      require_input_example: true
                      required_tags: [team]
                      required_artifacts: [reports/evaluation.html]
                """);
        seeder.seed(model, Options.defaults().metric("roc_auc", 0.9).metric("log_loss", 0.3).tag("team", "risk"));
        assertEquals(1, run("validate-model", "--model", model), out + err);
        String text = result().path("tables").get(1).toString();
        assertTrue(text.contains("[\"artifact reports/evaluation.html\",\"no\",\"run "), text);
        assertTrue(text.contains("[\"model signature\",\"yes\",\"logged with the model\"]"), text);
        assertTrue(text.contains("[\"input example\",\"yes\",\"logged with the model\"]"), text);
        assertTrue(text.contains("[\"tag team\",\"yes\",\"set on the version\"]"), text);
    }

    @Test
    void logReportUploadsTheReportFilesAsArtifactsOfTheCandidatesRun() throws IOException {
        String model = "fraud-logged";
        config(model, "aliases", "enabled", "      log_report: true\n");
        SeededVersion v1 = seed(model, 0.85, 0.40);
        assertEquals(0, run("validate-model", "--model", model), out + err);
        String logged = result().path("outputs").path("report-artifacts").asText();
        assertTrue(logged.startsWith("mlflow-artifacts:/") && logged.endsWith("/" + v1.runId() + "/artifacts/modelgate/validation"), logged);
        assertTrue(out.contains("logged the report to " + logged), out);
        assertEquals(java.util.List.of("modelgate/validation/junit-validate-model.xml", "modelgate/validation/result.json",
                "modelgate/validation/result.md"), registry.artifacts(v1.runId(), "modelgate/validation").stream().sorted().toList());
        // The files in MLflow are the ones in the output directory, byte for byte.
        for (String file : java.util.List.of("result.json", "result.md", "junit-validate-model.xml")) {
            assertEquals(Files.readString(dir.resolve("build/modelgate").resolve(file)), registry.artifactText(v1.runId(), "modelgate/validation/" + file), file);
        }
    }

    @Test
    void anArtifactStoreItCannotWriteIsAWarningAndTheVerdictStands() throws IOException {
        String model = "fraud-file-store";
        config(model, "aliases", "enabled", "      log_report: true\n");
        Path store = Files.createTempDirectory("file-store");
        String runId = registry.modelWithRunIn(model, store.toUri().toString(), Map.of("roc_auc", 0.85, "log_loss", 0.40));
        assertEquals(0, run("validate-model", "--model", model), out + err);
        assertTrue(out.contains("warning: the report was not logged to run " + runId + " (0 of 3 files uploaded): run " + runId + " stores its artifacts at file:"), out);
        assertTrue(out.contains("only through the tracking server's proxied artifact store (mlflow-artifacts:"), out);
        assertTrue(out.contains("; the verdict stands"), out);
        assertEquals("true", result().path("outputs").path("passed").asText());
        assertEquals("", result().path("outputs").path("report-artifacts").asText());
        JsonNode annotation = result().path("annotations").get(0);
        assertEquals("WARNING", annotation.path("level").asText());
        assertEquals("report not logged to MLflow", annotation.path("title").asText());
        assertEquals("passed", registry.versionTags(model, 1).get(ValidationRecord.STATUS_TAG));
        try (var files = Files.walk(store)) {
            assertEquals(0, files.filter(Files::isRegularFile).count(), "nothing written into the store behind the server's back");
        }
    }

    @Test
    void anUnknownModelOrVersionIsAUsageError() throws IOException {
        config("fraud-unknown", "aliases", "enabled", "");
        assertEquals(2, run("validate-model", "--model", "fraud-unknown"));
        assertEquals("modelgate: error: model fraud-unknown is not registered in MLflow at " + server.uri() + "\n", err);
        assertEquals(2, run("validate-model", "--model", "not-in-config"));
        assertTrue(err.startsWith("modelgate: error: model \"not-in-config\" is not declared under models:"), err);
    }
}
