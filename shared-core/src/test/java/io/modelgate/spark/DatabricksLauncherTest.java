package io.modelgate.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Databricks backend against WireMock. The stubs follow the Jobs API 2.2 reference
 * (docs.databricks.com/api/workspace/jobs: "Create and trigger a one-time run" POST
 * /api/2.2/jobs/runs/submit → {"run_id"}, "Get a single job run" GET /api/2.2/jobs/runs/get?run_id=
 * → run_id, run_page_url, state {life_cycle_state, result_state, state_message}, status, and
 * "Cancel a run" POST /api/2.2/jobs/runs/cancel {"run_id"} → {}). databricks-sdk-java 0.141.0
 * calls exactly these 2.2 paths.
 */
class DatabricksLauncherTest {

    private static final long RUN_ID = 455644833L;
    private static final String TOKEN = "dapi-test-0123456789abcdef";
    private static final String SUBMIT = "/api/2.2/jobs/runs/submit";
    private static final String GET = "/api/2.2/jobs/runs/get";
    private static final String CANCEL = "/api/2.2/jobs/runs/cancel";

    @TempDir
    Path dir;
    private WireMockServer databricks;
    private SparkProject project;

    @BeforeEach
    void start() {
        databricks = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        databricks.start();
        project = new SparkProject(dir);
        project.env.put("DBX_TOKEN", TOKEN);
        project.file("modelgate.yaml", """
                project: fraud-detection
                environments:
                  staging: { branches: [main] }
                jobs:
                  train:
                    app: dbfs:/jobs/train.py
                    args: ["--env", "${env}"]
                    backend: databricks
                    databricks:
                      host: %s
                      token_env: DBX_TOKEN
                      existing_cluster_id: 0923-164208-meows279
                      libraries: [ { pypi: scikit-learn==1.5.2 }, { jar: dbfs:/libs/features.jar } ]
                      poll_interval: 100ms
                  score:
                    app: dbfs:/libs/score.jar
                    main_class: com.example.Score
                    backend: databricks
                    databricks:
                      host_env: DBX_HOST
                      token_env: DBX_TOKEN
                      new_cluster: { spark_version: 15.4.x-scala2.12, node_type_id: Standard_DS3_v2, num_workers: 2 }
                      poll_interval: 100ms
                """.formatted(databricks.baseUrl()));
    }

    @AfterEach
    void stop() {
        databricks.stop();
    }

    private String runPage() {
        return databricks.baseUrl() + "/?o=1234567890#job/11223344/run/" + RUN_ID;
    }

    /** A runs/get answer as the reference shows it; resultState null while the run is not terminated. */
    private String run(String lifeCycle, String resultState, String message) {
        return """
                {"job_id": 11223344, "run_id": %d, "number_in_job": 1, "run_name": "train",
                 "creator_user_name": "ci@example.com", "run_type": "SUBMIT_RUN",
                 "run_page_url": "%s",
                 "state": {"life_cycle_state": "%s",%s "state_message": "%s", "user_cancelled_or_timedout": false},
                 "status": {"state": "%s"},
                 "start_time": 1625060460483, "setup_duration": 0, "execution_duration": 0, "cleanup_duration": 0, "end_time": 0,
                 "tasks": [{"run_id": 2112892, "task_key": "train", "state": {"life_cycle_state": "%s"}}]}
                """.formatted(RUN_ID, runPage(), lifeCycle,
                resultState == null ? "" : " \"result_state\": \"" + resultState + "\",", message,
                lifeCycle.equals("TERMINATED") ? "TERMINATED" : lifeCycle, lifeCycle);
    }

    private void submitAccepted() {
        databricks.stubFor(post(urlPathEqualTo(SUBMIT)).willReturn(okJson("{\"run_id\": " + RUN_ID + "}")));
    }

    /** runs/get answers PENDING, RUNNING, then the given final state, one per call. */
    private void runGoesThrough(String lifeCycle, String resultState, String message) {
        databricks.stubFor(getRun().inScenario("run").whenScenarioStateIs(STARTED)
                .willReturn(okJson(run("PENDING", null, "Waiting for cluster"))).willSetStateTo("running"));
        databricks.stubFor(getRun().inScenario("run").whenScenarioStateIs("running")
                .willReturn(okJson(run("RUNNING", null, "In run"))).willSetStateTo("ended"));
        databricks.stubFor(getRun().inScenario("run").whenScenarioStateIs("ended")
                .willReturn(okJson(run(lifeCycle, resultState, message))));
    }

    private static MappingBuilder getRun() {
        return get(urlPathEqualTo(GET)).withQueryParam("run_id", equalTo(String.valueOf(RUN_ID)));
    }

    private void assertEveryRequestCarriesTheToken() {
        List<LoggedRequest> requests = databricks.findAll(com.github.tomakehurst.wiremock.matching.RequestPatternBuilder.allRequests());
        assertTrue(requests.stream().filter(r -> r.getUrl().startsWith("/api/")).count() >= 4, "requests: " + requests.size());
        for (LoggedRequest request : requests) {
            // The SDK also asks GET /.well-known/databricks-config, unauthenticated, for host metadata;
            // it is left unanswered here (404), which the SDK tolerates. Every API call carries the token.
            if (request.getUrl().startsWith("/api/")) {
                assertEquals("Bearer " + TOKEN, request.getHeader("Authorization"), request.getUrl());
            }
        }
    }

    @Test
    void aPythonRunThatSucceedsPassesWithItsRunPage() throws Exception {
        submitAccepted();
        runGoesThrough("TERMINATED", "SUCCESS", "");

        int code = project.run("spark-submit", "--job", "train", "--env", "staging");

        assertEquals(0, code, project.out() + project.err());
        String out = project.out();
        assertTrue(out.contains("train: PENDING run " + RUN_ID + " " + runPage()), out);
        assertTrue(out.contains("train: RUNNING run " + RUN_ID), out);
        assertTrue(out.contains("train: SUCCESS run " + RUN_ID), out);
        assertTrue(!out.contains("TERMINATED"), "one line for the end, with the result state:\n" + out);
        JsonNode result = new ObjectMapper().readTree(project.result());
        assertEquals(String.valueOf(RUN_ID), result.at("/outputs/app-id").asText());
        assertEquals("SUCCESS", result.at("/outputs/state").asText());
        assertEquals(runPage(), result.at("/outputs/run-url").asText());
        databricks.verify(1, postRequestedFor(urlPathEqualTo(SUBMIT))
                .withRequestBody(matchingJsonPath("$.run_name", equalTo("train")))
                .withRequestBody(matchingJsonPath("$.idempotency_token"))
                .withRequestBody(matchingJsonPath("$.tasks[0].task_key", equalTo("train")))
                .withRequestBody(matchingJsonPath("$.tasks[0].spark_python_task.python_file", equalTo("dbfs:/jobs/train.py")))
                .withRequestBody(matchingJsonPath("$.tasks[0].spark_python_task.parameters[1]", equalTo("staging")))
                .withRequestBody(matchingJsonPath("$.tasks[0].existing_cluster_id", equalTo("0923-164208-meows279")))
                .withRequestBody(matchingJsonPath("$.tasks[0].libraries[0].pypi.package", equalTo("scikit-learn==1.5.2")))
                .withRequestBody(matchingJsonPath("$.tasks[0].libraries[1].jar", equalTo("dbfs:/libs/features.jar"))));
        databricks.verify(3, getRequestedFor(urlPathEqualTo(GET)));
        databricks.verify(0, postRequestedFor(urlPathEqualTo(CANCEL)));
        assertEveryRequestCarriesTheToken();
        assertTrue(!out.contains(TOKEN) && !project.result().contains(TOKEN), "the token never shows");
    }

    @Test
    void aJarRunOnANewClusterSendsTheJarTaskAndClusterSpec() {
        project.env.put("DBX_HOST", databricks.baseUrl());
        submitAccepted();
        runGoesThrough("TERMINATED", "SUCCESS", "");

        assertEquals(0, project.run("spark-submit", "--job", "score", "--env", "staging"), project.err());

        databricks.verify(1, postRequestedFor(urlPathEqualTo(SUBMIT))
                .withRequestBody(matchingJsonPath("$.tasks[0].spark_jar_task.main_class_name", equalTo("com.example.Score")))
                .withRequestBody(matchingJsonPath("$.tasks[0].libraries[0].jar", equalTo("dbfs:/libs/score.jar")))
                .withRequestBody(matchingJsonPath("$.tasks[0].new_cluster.spark_version", equalTo("15.4.x-scala2.12")))
                .withRequestBody(matchingJsonPath("$.tasks[0].new_cluster.node_type_id", equalTo("Standard_DS3_v2")))
                .withRequestBody(matchingJsonPath("$.tasks[0].new_cluster.num_workers", equalTo("2"))));
    }

    @ParameterizedTest(name = "{0} {1} → exit {2}")
    @CsvSource(nullValues = "none", value = {
            "TERMINATED, FAILED,   1, the run ended FAILED: Task train failed with message: ValueError",
            "TERMINATED, none,     1, the run terminated without a result state",
            "TERMINATED, TIMEDOUT, 3, timed out on Databricks",
            "TERMINATED, CANCELED, 3, was cancelled on Databricks",
            "INTERNAL_ERROR, none, 3, Databricks ended the run INTERNAL_ERROR",
            "SKIPPED, none,        3, Databricks ended the run SKIPPED"})
    void theResultStateDecidesTheVerdict(String lifeCycle, String resultState, int exit, String headline) {
        submitAccepted();
        runGoesThrough(lifeCycle, resultState, resultState == null ? "" : "Task train failed with message: ValueError");

        int code = project.run("spark-submit", "--job", "train", "--env", "staging");

        assertEquals(exit, code, project.out() + project.err());
        assertTrue(project.result().contains(headline), project.result());
        databricks.verify(0, postRequestedFor(urlPathEqualTo(CANCEL)));
    }

    @Test
    void aRunPastItsTimeoutIsCancelled() throws Exception {
        submitAccepted();
        databricks.stubFor(getRun().inScenario("run").whenScenarioStateIs(STARTED).willReturn(okJson(run("RUNNING", null, "In run"))));
        databricks.stubFor(post(urlPathEqualTo(CANCEL)).inScenario("run")
                .withRequestBody(matchingJsonPath("$.run_id", equalTo(String.valueOf(RUN_ID))))
                .willReturn(okJson("{}")).willSetStateTo("cancelled"));
        databricks.stubFor(getRun().inScenario("run").whenScenarioStateIs("cancelled")
                .willReturn(okJson(run("TERMINATED", "CANCELED", "Run cancelled."))));

        int code = project.run("spark-submit", "--job", "train", "--env", "staging", "--timeout", "1s");

        assertEquals(3, code, project.out() + project.err());
        assertTrue(project.err().contains("job train timed out after 1s; the run was cancelled (" + RUN_ID + ")"), project.err());
        databricks.verify(1, postRequestedFor(urlPathEqualTo(CANCEL)));
        JsonNode result = new ObjectMapper().readTree(project.result());
        assertEquals("CANCELED", result.at("/outputs/state").asText(), "the run was seen cancelled: none left running");
    }

    @Test
    void tooManyRequestsAndServerErrorsAreRetried() throws Exception {
        String retryAfter = "Retry-After";
        String error = "{\"error_code\": \"TEMPORARILY_UNAVAILABLE\", \"message\": \"try again\"}";
        databricks.stubFor(post(urlPathEqualTo(SUBMIT)).inScenario("submit").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(429).withHeader(retryAfter, "1").withBody(error)).willSetStateTo("500"));
        databricks.stubFor(post(urlPathEqualTo(SUBMIT)).inScenario("submit").whenScenarioStateIs("500")
                .willReturn(aResponse().withStatus(500).withBody("{\"error_code\": \"INTERNAL_ERROR\", \"message\": \"oops\"}")).willSetStateTo("ok"));
        databricks.stubFor(post(urlPathEqualTo(SUBMIT)).inScenario("submit").whenScenarioStateIs("ok")
                .willReturn(okJson("{\"run_id\": " + RUN_ID + "}")));
        databricks.stubFor(getRun().inScenario("run").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(503).withHeader(retryAfter, "1").withBody(error)).willSetStateTo("502"));
        databricks.stubFor(getRun().inScenario("run").whenScenarioStateIs("502")
                .willReturn(aResponse().withStatus(502).withHeader(retryAfter, "1").withBody("bad gateway")).willSetStateTo("done"));
        databricks.stubFor(getRun().inScenario("run").whenScenarioStateIs("done")
                .willReturn(okJson(run("TERMINATED", "SUCCESS", ""))));

        int code = project.run("spark-submit", "--job", "train", "--env", "staging");

        assertEquals(0, code, project.out() + project.err());
        List<LoggedRequest> submits = databricks.findAll(postRequestedFor(urlPathEqualTo(SUBMIT)));
        assertEquals(3, submits.size(), "429 retried by the SDK, 500 retried by the launcher");
        // runs/get: 503 retried by the SDK, 502 by the launcher.
        ObjectMapper json = new ObjectMapper();
        String token = json.readTree(submits.get(0).getBodyAsString()).get("idempotency_token").asText();
        for (LoggedRequest submit : submits) {
            assertEquals(token, json.readTree(submit.getBodyAsString()).get("idempotency_token").asText(), "one idempotency token: never two runs");
        }
        databricks.verify(3, getRequestedFor(urlPathEqualTo(GET)));
    }

    @Test
    void aRefusedTokenIsAnInfrastructureError() {
        databricks.stubFor(post(urlPathEqualTo(SUBMIT)).willReturn(aResponse().withStatus(403)
                .withBody("{\"error_code\": \"PERMISSION_DENIED\", \"message\": \"Invalid access token.\"}")));

        assertEquals(3, project.run("spark-submit", "--job", "train", "--env", "staging"));
        assertTrue(project.err().contains("Databricks refused the token HTTP 403"), project.err());
        assertEquals(1, project.err().lines().count(), project.err());
    }

    @Test
    void aMissingTokenVariableIsAUsageErrorNamingIt() {
        project.env.remove("DBX_TOKEN");
        assertEquals(2, project.run("spark-submit", "--job", "train", "--env", "staging"));
        assertEquals("modelgate: error: modelgate.yaml:11: jobs.train.databricks.token_env: environment variable DBX_TOKEN is not set (export it; to run locally without it, pass --allow-unset-secrets)\n", project.err());
        databricks.verify(0, postRequestedFor(urlPathEqualTo(SUBMIT)));
    }

    @Test
    void aMissingHostVariableIsAUsageErrorNamingIt() {
        assertEquals(2, project.run("spark-submit", "--job", "score", "--env", "staging"));
        assertEquals("modelgate: error: modelgate.yaml:20: jobs.score.databricks.host_env: environment variable DBX_HOST is not set (export it; to run locally without it, pass --allow-unset-secrets)\n", project.err());
        databricks.verify(0, postRequestedFor(urlPathEqualTo(SUBMIT)));
    }
}
