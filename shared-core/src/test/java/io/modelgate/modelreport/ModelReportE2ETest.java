package io.modelgate.modelreport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelgate.cli.CommandLineApp;
import io.modelgate.registry.RegistryFixture;
import io.modelgate.testbed.MlflowExtension;
import io.modelgate.testbed.MlflowServer;
import io.modelgate.testbed.ModelSeeder;
import io.modelgate.testbed.ModelSeeder.Options;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code modelgate report} through the real command line against a real MLflow server: three
 * versions trained and registered by the seeding script, taken through validate-model and
 * promotion as the demo does (v1 first champion, v2 better and promoted, v3 worse and blocked).
 */
@Tag("e2e")
@ExtendWith(MlflowExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModelReportE2ETest {

    private static final String MODEL = "fraud-report";
    private static final Map<String, String> ENV = Map.of("GITHUB_ACTIONS", "true", "GITHUB_REF_NAME", "main",
            "GITHUB_SHA", "feedc0de", "GITHUB_ACTOR", "alice", "GITHUB_SERVER_URL", "https://github.example",
            "GITHUB_REPOSITORY", "acme/fraud", "GITHUB_RUN_ID", "7");

    private Path dir;
    private String uri;
    private MlflowServer server;
    private String out;
    private String err;

    @BeforeAll
    void lifecycle(MlflowServer server) throws IOException {
        dir = Files.createTempDirectory("model-report");
        this.server = server;
        uri = server.uri();
        config(uri);
        ModelSeeder seeder = new ModelSeeder(server);
        double[][] metrics = {{0.85, 0.40}, {0.90, 0.35}, {0.70, 0.50}};
        int[] expected = {0, 0, 1};
        for (int i = 0; i < 3; i++) {
            seeder.seed(MODEL, Options.defaults().metric("roc_auc", metrics[i][0]).metric("log_loss", metrics[i][1]));
            assertEquals(expected[i], run("validate-model", "--model", MODEL, "--promote-on-pass", "champion"), out + err);
        }
    }

    private void config(String trackingUri) throws IOException {
        Files.writeString(dir.resolve("modelgate.yaml"), """
                project: fraud
                mlflow: { tracking_uri: "%s", timeout: 20s }
                environments:
                  staging: { branches: [main] }
                models:
                  %s:
                    validation:
                      metrics:
                        roc_auc:  { greater_is_better: true,  threshold: 0.80, min_absolute_change: 0.0 }
                        log_loss: { greater_is_better: false, threshold: 0.45, min_relative_change: 0.01 }
                  fraud-stages:
                    registry: stages
                    validation:
                      metrics:
                        roc_auc: { greater_is_better: true, threshold: 0.8 }
                  not-registered:
                    validation:
                      metrics:
                        roc_auc: { greater_is_better: true, threshold: 0.8 }
                """.formatted(trackingUri, MODEL));
    }

    private int run(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = new CommandLineApp(ENV, new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8), dir).run(args);
        out = o.toString(StandardCharsets.UTF_8);
        err = e.toString(StandardCharsets.UTF_8);
        return code;
    }

    @Test
    void markdownReportListsEveryVersionWithChampionAndVerdicts() throws IOException {
        assertEquals(0, run("report", "--model", MODEL, "--output-dir", "out"), err);
        String md = Files.readString(dir.resolve("out/model-report.md"));
        assertTrue(md.contains("3 versions in MLflow at "), md);
        assertTrue(md.contains("champion: v2, previous champion: v1."), md);
        List<String> rows = md.lines().filter(l -> l.matches("\\| \\*{0,2}v\\d\\*{0,2} \\| 20.*")).toList();
        assertEquals(3, rows.size(), md);
        assertTrue(rows.get(0).startsWith("| v1 |") && rows.get(0).contains("| READY | previous champion | passed (no baseline) |")
                && rows.get(0).endsWith("| 0.85 | 0.4 |"), rows.get(0));
        assertTrue(rows.get(1).startsWith("| **v2** |") && rows.get(1).contains("| **champion** | passed (vs v1) | no alias -> champion at ")
                && rows.get(1).contains(" by alice |") && rows.get(1).endsWith("| 0.9 | 0.35 |"), rows.get(1));
        assertTrue(rows.get(2).startsWith("| v3 |") && rows.get(2).contains("| - | failed (vs v2) | - |"), rows.get(2));
        assertTrue(md.contains("`▆█▁` v1 → v3, scaled from 0.7 to 0.9"), md);
        // The console lists the same table and where the files are.
        assertTrue(out.contains("v2       READY   champion"), out);
        assertTrue(out.contains("wrote " + dir.resolve("out/model-report.md")), out);
    }

    @Test
    void htmlChartsPlotEachVersionInOrderWithTheChampionRinged() throws Exception {
        assertEquals(0, run("report", "--model", MODEL, "--output-dir", "out"), err);
        String html = Files.readString(dir.resolve("out/model-report.html"));
        assertFalse(html.contains("<script"));
        for (String metric : List.of("roc_auc", "log_loss")) {
            NodeList circles = ModelReportTest.svg(html, metric).getElementsByTagName("circle");
            List<String> points = new ArrayList<>();
            for (int i = 0; i < circles.getLength(); i++) {
                Element c = (Element) circles.item(i);
                points.add(c.getAttribute("data-version") + "=" + c.getAttribute("data-value")
                        + (c.getAttribute("class").contains("champion") ? "*" : ""));
            }
            assertEquals(metric.equals("roc_auc") ? List.of("1=0.85", "2=0.9*", "3=0.7") : List.of("1=0.4", "2=0.35*", "3=0.5"), points);
        }
        assertTrue(html.contains("<tr data-version=\"2\" class=\"champion\">"), html);
    }

    @Test
    void jsonOutputCarriesTheRegistryState() throws IOException {
        assertEquals(0, run("report", "--model", MODEL, "--output-dir", "out", "--format", "json"), err);
        JsonNode json = new ObjectMapper().readTree(out);
        assertEquals(2, json.path("champion").asInt());
        assertEquals(1, json.path("previous_champion").asInt());
        assertEquals(3, json.path("versions").size());
        JsonNode v3 = json.path("versions").get(2);
        assertEquals("failed", v3.path("validation").asText());
        assertEquals(0.7, v3.path("metrics").path("roc_auc").asDouble());
        assertTrue(json.path("versions").get(0).path("aliases").toString().contains("previous-champion"));
        assertFalse(v3.path("created").asText().isEmpty());
    }

    @Test
    void aStagesRegistryMarksProductionAndTheArchivedPreviousChampionAndADeletedRun() throws IOException {
        RegistryFixture fixture = new RegistryFixture(server);
        String model = fixture.model("fraud-stages", 2);
        fixture.transition(model, 1, "Production");
        assertEquals(0, run("promote-model", "--model", model, "--version", "2", "--to", "Production"), out + err);
        fixture.deleteRun(fixture.runId());

        assertEquals(0, run("report", "--model", model, "--output-dir", "stages", "--format", "json"), err);
        JsonNode json = new ObjectMapper().readTree(out);
        assertEquals("stages", json.path("registry").asText());
        assertEquals(2, json.path("champion").asInt());
        assertEquals(1, json.path("previous_champion").asInt(), "from the model tag modelgate.previous.Production");
        assertEquals("previous champion, Archived", json.path("versions").get(0).path("role").asText());
        assertEquals("champion, Production", json.path("versions").get(1).path("role").asText());
        assertEquals("run deleted", json.path("versions").get(1).path("run_problem").asText());
        assertEquals("None -> Production", json.path("versions").get(1).path("promotion").path("from_to").asText());
        String html = Files.readString(dir.resolve("stages/model-report.html"));
        assertTrue(html.contains("no version logged a finite value"), "a deleted run's metrics are not plotted");
    }

    @Test
    void unknownModelsAreUsageErrorsNamingTheModel() {
        assertEquals(2, run("report", "--model", "not-registered"));
        assertEquals("modelgate: error: model not-registered is not registered in MLflow at " + uri + "\n", err);
        assertEquals(2, run("report", "--model", "nowhere"));
        assertTrue(err.startsWith("modelgate: error: ") && err.contains("model \"nowhere\" is not declared"), err);
        assertEquals(2, run("report"));
        assertEquals("modelgate: error: report: --model NAME is required\n", err);
        assertFalse(Files.exists(dir.resolve("build/modelgate/model-report.md")), "no report written on error");
    }

    @Test
    void aServerThatIsDownIsAnInfrastructureError() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path other = Files.createTempDirectory("model-report-down");
        Files.writeString(other.resolve("modelgate.yaml"), Files.readString(dir.resolve("modelgate.yaml"))
                .replace(uri, "http://127.0.0.1:" + port));
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = new CommandLineApp(ENV, new PrintStream(new ByteArrayOutputStream()), new PrintStream(e, true, StandardCharsets.UTF_8), other)
                .run("report", "--model", MODEL);
        assertEquals(3, code);
        assertEquals("modelgate: error: cannot reach MLflow at http://127.0.0.1:" + port + ": connection refused\n", e.toString(StandardCharsets.UTF_8));
    }
}
