package io.modelgate.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelgate.testbed.ModelSeeder.Options;
import io.modelgate.testbed.ModelSeeder.SeededVersion;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The test bed itself, against a real MLflow server: if these fail, every integration test would lie. */
@Tag("e2e")
@ExtendWith(MlflowExtension.class)
class MlflowTestBedTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void serverAnswersHealth(MlflowServer server) throws Exception {
        HttpResponse<String> health = send(server, "GET", "/health", null, null);

        assertEquals(200, health.statusCode());
        assertEquals("OK", health.body().strip());
    }

    @Test
    void seedingRegistersVersionsWithTheForcedMetricsAndServesTheirArtifacts(MlflowServer server)
            throws Exception {
        ModelSeeder seeder = new ModelSeeder(server);

        SeededVersion first = seeder.seed("testbed-fraud",
                Options.defaults().metric("roc_auc", 0.91).tag("origin", "test-bed")).get(0);
        SeededVersion second = seeder.seed("testbed-fraud",
                Options.defaults().metric("roc_auc", 0.77).metric("log_loss", 0.5).extraMetrics(3).seed(7)).get(0);

        assertEquals("1", first.version());
        assertEquals("2", second.version());
        JsonNode v1 = getJson(server, "/api/2.0/mlflow/model-versions/get?name=testbed-fraud&version=1")
                .path("model_version");
        assertEquals("READY", v1.path("status").asText());
        assertEquals(first.runId(), v1.path("run_id").asText());
        assertEquals(Map.of("origin", "test-bed"), keyValues(v1.path("tags")));
        JsonNode v2 = getJson(server, "/api/2.0/mlflow/model-versions/get?name=testbed-fraud&version=2")
                .path("model_version");
        assertEquals("READY", v2.path("status").asText());
        assertEquals(second.runId(), v2.path("run_id").asText());

        Map<String, String> logged = keyValues(getJson(server,
                "/api/2.0/mlflow/runs/get?run_id=" + second.runId()).path("run").path("data").path("metrics"));
        assertEquals(0.77, Double.parseDouble(logged.get("roc_auc")));
        assertEquals(0.5, Double.parseDouble(logged.get("log_loss")));
        assertEquals(second.metrics().get("accuracy"), Double.parseDouble(logged.get("accuracy")));
        assertEquals(List.of("accuracy", "log_loss", "metric_0", "metric_1", "metric_2", "roc_auc"),
                logged.keySet().stream().sorted().toList());
        assertEquals(0.91, Double.parseDouble(keyValues(getJson(server, "/api/2.0/mlflow/runs/get?run_id="
                + first.runId()).path("run").path("data").path("metrics")).get("roc_auc")));

        // The model files went through the server's artifact proxy, so any client can fetch them.
        String artifactUri = getJson(server,
                "/api/2.0/mlflow/model-versions/get-download-uri?name=testbed-fraud&version=2")
                .path("artifact_uri").asText();
        assertTrue(artifactUri.startsWith("mlflow-artifacts:/"), artifactUri);
        JsonNode files = getJson(server, "/api/2.0/mlflow-artifacts/artifacts?path="
                + encode(artifactUri.substring("mlflow-artifacts:/".length()))).path("files");
        assertTrue(files.findValuesAsText("path").contains("MLmodel"), files.toString());
    }

    @Test
    void fastSeedingRegistersManyVersionsOfOneModel(MlflowServer server) throws Exception {
        List<SeededVersion> versions = new ModelSeeder(server)
                .seed("testbed-many", Options.defaults().count(5).fast().tag("batch", "b1"));

        assertEquals(List.of("1", "2", "3", "4", "5"), versions.stream().map(SeededVersion::version).toList());
        JsonNode v5 = getJson(server, "/api/2.0/mlflow/model-versions/get?name=testbed-many&version=5")
                .path("model_version");
        assertEquals(versions.get(0).runId(), v5.path("run_id").asText());
        assertEquals(Map.of("batch", "b1"), keyValues(v5.path("tags")));
    }

    @Test
    void restartAfterStopOrKillKeepsTheRegistry(MlflowServer server) throws Exception {
        SeededVersion seeded = new ModelSeeder(server).seed("testbed-restart");
        String path = "/api/2.0/mlflow/model-versions/get?name=testbed-restart&version=" + seeded.version();

        server.restart();
        assertEquals(seeded.runId(), getJson(server, path).path("model_version").path("run_id").asText());

        server.kill();
        assertThrows(ConnectException.class, () -> send(server, "GET", "/health", null, null));
        server.restart();
        assertEquals(seeded.runId(), getJson(server, path).path("model_version").path("run_id").asText());
    }

    @Nested
    @MlflowAuth
    class BasicAuth {

        private static final String SEARCH = "/api/2.0/mlflow/registered-models/search";

        @Test
        void anonymousAndWrongPasswordAreRefusedAndAdminIsAccepted(MlflowServer server) throws Exception {
            assertEquals(401, send(server, "GET", SEARCH, null, null).statusCode());
            assertEquals(401, send(server, "GET", SEARCH,
                    MlflowServer.basicAuthHeader(server.adminUser(), "not-the-password"), null).statusCode());
            assertEquals(200, send(server, "GET", SEARCH,
                    MlflowServer.basicAuthHeader(server.adminUser(), server.adminPassword()), null).statusCode());
        }

        @Test
        void readOnlyUserIsRefusedAWriteThatAGrantedUserMayDo(MlflowServer server) throws Exception {
            SeededVersion seeded = new ModelSeeder(server).seed("testbed-secured");
            server.createUser("reader", "reader-password-1");
            server.createUser("editor", "editor-password-1");
            server.grantModelPermission("editor", "testbed-secured", "EDIT");
            String reader = MlflowServer.basicAuthHeader("reader", "reader-password-1");
            String editor = MlflowServer.basicAuthHeader("editor", "editor-password-1");
            String setTag = "/api/2.0/mlflow/model-versions/set-tag";
            String tag = JSON.writeValueAsString(Map.of(
                    "name", "testbed-secured", "version", seeded.version(), "key", "validated", "value", "true"));

            assertEquals(200, send(server, "GET", "/api/2.0/mlflow/registered-models/get?name=testbed-secured",
                    reader, null).statusCode());
            HttpResponse<String> refused = send(server, "POST", setTag, reader, tag);
            assertEquals(403, refused.statusCode(), refused.body());
            HttpResponse<String> accepted = send(server, "POST", setTag, editor, tag);
            assertEquals(200, accepted.statusCode(), accepted.body());
        }
    }

    private HttpResponse<String> send(MlflowServer server, String method, String path, String authorization,
                                      String jsonBody) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.uri() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, jsonBody == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(jsonBody));
        if (jsonBody != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode getJson(MlflowServer server, String path) throws IOException, InterruptedException {
        String authorization = server.basicAuth()
                ? MlflowServer.basicAuthHeader(server.adminUser(), server.adminPassword())
                : null;
        HttpResponse<String> response = send(server, "GET", path, authorization, null);
        assertEquals(200, response.statusCode(), "GET " + path + ": " + response.body());
        return JSON.readTree(response.body());
    }

    /** MLflow's [{"key": .., "value": ..}] lists (tags, metrics) as a map. */
    private static Map<String, String> keyValues(JsonNode list) {
        Map<String, String> map = new HashMap<>();
        list.forEach(entry -> map.put(entry.path("key").asText(), entry.path("value").asText()));
        return map;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
