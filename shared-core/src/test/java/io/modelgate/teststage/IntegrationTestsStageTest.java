package io.modelgate.teststage;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The integration-tests step through the real command line: the pipeline jobs through the
 * spark-submit step's launchers, then the test commands with the environment's MLflow
 * settings, under the environment's lock.
 *
 * <p>The fast tests launch Databricks jobs against WireMock; the stubs follow the Jobs API 2.2
 * reference (docs.databricks.com/api/workspace/jobs: "Create and trigger a one-time run" POST
 * /api/2.2/jobs/runs/submit → {"run_id"}, "Get a single job run" GET /api/2.2/jobs/runs/get?run_id=
 * → run_id, run_page_url, state {life_cycle_state, result_state, state_message}), as in the spark
 * package's DatabricksLauncherTest. The e2e test runs a real PySpark job with SparkLauncher.
 */
class IntegrationTestsStageTest {

    private static final String TOKEN = "dapi-it-0123456789abcdef";
    private static final String SUBMIT = "/api/2.2/jobs/runs/submit";
    private static final String GET = "/api/2.2/jobs/runs/get";
    private static final long FEATURIZE_RUN = 7001;
    private static final long TRAIN_RUN = 7002;

    private static final String CONFIG = """
            project: fraud
            mlflow: { tracking_uri: "http://127.0.0.1:9" }
            environments:
              staging:
                branches: [main]
                mlflow: { tracking_uri: "http://mlflow.staging:5000", token_env: STAGING_TOKEN }
                jobs:
                  train: { args: ["--rows", "500"] }
            tests:
              integration:
                command: 'mkdir -p build; echo "uri=$MLFLOW_TRACKING_URI env=$MODELGATE_ENVIRONMENT token=$MLFLOW_TRACKING_TOKEN" | tee seen.txt; cp it.xml build/'
                reports: "build/*.xml"
            jobs:
              featurize: { app: dbfs:/jobs/featurize.py, args: ["--date", "${run_date}", "--env", "${env}"], backend: databricks, databricks: { host: "%1$s", token_env: DBX_TOKEN, existing_cluster_id: 0923-164208-meows279, poll_interval: 100ms } }
              train: { app: dbfs:/jobs/train.py, args: ["--rows", "5000"], backend: databricks, databricks: { host: "%1$s", token_env: DBX_TOKEN, existing_cluster_id: 0923-164208-meows279, poll_interval: 100ms } }
            """;

    @TempDir
    Path dir;
    private StageRun stage;
    private WireMockServer databricks;
    private String config;

    @BeforeEach
    void project() {
        databricks = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        databricks.start();
        config = CONFIG.formatted(databricks.baseUrl());
        stage = new StageRun(dir).config(config);
        stage.write("it.xml", StageRun.report("test_scores_written", null, "test_model_registered", null));
        stage.env.put("STAGING_TOKEN", "tok-staging-123");
        stage.env.put("DBX_TOKEN", TOKEN);
    }

    @AfterEach
    void stop() {
        databricks.stop();
    }

    /** runs/submit of the job named {@code job} answers {@code runId}; runs/get of it answers the run ended as given. */
    private void run(String job, long runId, String resultState, String message) {
        databricks.stubFor(post(urlPathEqualTo(SUBMIT)).withRequestBody(matchingJsonPath("$.run_name", equalTo(job)))
                .willReturn(okJson("{\"run_id\": " + runId + "}")));
        databricks.stubFor(get(urlPathEqualTo(GET)).withQueryParam("run_id", equalTo(String.valueOf(runId))).willReturn(okJson("""
                {"job_id": 11223344, "run_id": %d, "number_in_job": 1, "run_name": "%s", "run_type": "SUBMIT_RUN",
                 "run_page_url": "%s/?o=1234567890#job/11223344/run/%d",
                 "state": {"life_cycle_state": "TERMINATED", "result_state": "%s", "state_message": "%s", "user_cancelled_or_timedout": false},
                 "status": {"state": "TERMINATED"},
                 "start_time": 1625060460483, "setup_duration": 0, "execution_duration": 0, "cleanup_duration": 0, "end_time": 1625060863413,
                 "tasks": [{"run_id": %d, "task_key": "%s", "state": {"life_cycle_state": "TERMINATED", "result_state": "%s"}}]}
                """.formatted(runId, job, databricks.baseUrl(), runId, resultState, message, runId + 100, job, resultState))));
    }

    /** The parameters of each run submitted, in the order submitted. */
    private List<String> submitted() {
        return databricks.findAll(postRequestedFor(urlPathEqualTo(SUBMIT))).stream().map(LoggedRequest::getBodyAsString)
                .map(body -> body.replaceAll("(?s).*\"run_name\"\\s*:\\s*\"([^\"]*)\".*\"parameters\"\\s*:\\s*\\[([^]]*)].*", "$1 $2"))
                .toList();
    }

    @Test
    void launchesTheJobsInOrderThenRunsTheTestsWithTheEnvironmentsSettings() throws IOException {
        run("featurize", FEATURIZE_RUN, "SUCCESS", "");
        run("train", TRAIN_RUN, "SUCCESS", "");

        stage.run("integration-tests", "--env", "staging");

        assertEquals(0, stage.exitCode, stage.toString());
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        assertEquals(List.of(
                "featurize \"--date\",\"" + today + "\",\"--env\",\"staging\"",
                "train \"--rows\",\"500\""), submitted(), "in order, placeholders substituted, the environment's args");
        assertEquals("uri=http://mlflow.staging:5000 env=staging token=tok-staging-123", Files.readString(dir.resolve("seen.txt")).strip());
        assertFalse(stage.out.contains("tok-staging-123"), "the token is masked in the live output: " + stage.out);
        assertTrue(stage.out.contains("token=***"), stage.out);
        String result = Files.readString(dir.resolve("out/result.json"));
        assertFalse(result.contains("tok-staging-123") || result.contains(TOKEN) || stage.out.contains(TOKEN));
        assertEquals("2 tests passed (0.0s)", stage.headline());
        String tables = stage.result().path("tables").toString();
        assertTrue(tables.contains("job featurize " + FEATURIZE_RUN) && tables.contains("job train " + TRAIN_RUN), tables);
    }

    @Test
    void aFailingJobFailsTheStageAndTheTestsDoNotRun() throws IOException {
        run("featurize", FEATURIZE_RUN, "FAILED", "Task featurize failed with message: KeyError: 'amount'");
        run("train", TRAIN_RUN, "SUCCESS", "");

        stage.run("integration-tests", "--env", "staging");

        assertEquals(1, stage.exitCode, stage.toString());
        assertEquals("pipeline job featurize failed (" + FEATURIZE_RUN + "): the run ended FAILED: Task featurize failed with message: KeyError: 'amount'; tests not run",
                stage.headline());
        assertTrue(stage.result().path("log").asText().contains("KeyError: 'amount'"), "the job's log tail is in the result");
        assertEquals(List.of("featurize"), submitted().stream().map(s -> s.split(" ")[0]).toList(), "no job after the failed one");
        assertFalse(Files.exists(dir.resolve("seen.txt")));
        assertTrue(Files.readString(dir.resolve("out/junit-integration-tests.xml")).contains("job featurize"));
    }

    @Test
    void aJobThatTimedOutOnTheBackendIsAnInfrastructureError() {
        run("featurize", FEATURIZE_RUN, "TIMEDOUT", "Run timed out");

        stage.run("integration-tests", "--env", "staging");

        assertEquals(3, stage.exitCode, stage.toString());
        assertEquals("pipeline job featurize timed out on Databricks: Run timed out (" + FEATURIZE_RUN + "); tests not run", stage.headline());
        assertFalse(Files.exists(dir.resolve("seen.txt")));
    }

    @Test
    void aSparkSubmitJobWithoutSparkIsRefusedBeforeAnyJobRuns() {
        String train = config.lines().filter(line -> line.startsWith("  train:")).findFirst().orElseThrow();
        stage.config(config.replace(train, "  train: { app: jobs/train.py, master: \"local[2]\", args: [\"--rows\", \"5000\"] }"));
        stage.env.remove("SPARK_HOME");

        stage.run("integration-tests", "--env", "staging");

        assertEquals(2, stage.exitCode, stage.toString());
        assertTrue(stage.err.contains("jobs.train: SPARK_HOME is not set"), stage.err);
        assertEquals(List.of(), submitted(), "the first job is not launched when the second cannot be");
        assertFalse(Files.exists(dir.resolve("seen.txt")));
    }

    @Test
    void anUnknownPlaceholderIsRefusedBeforeAnyJobRuns() {
        stage.config(config.replace("train: { args: [\"--rows\", \"500\"] }", "train: { args: [\"--rows\", \"${rows}\"] }"));

        stage.run("integration-tests", "--env", "staging");

        assertEquals(2, stage.exitCode, stage.toString());
        assertTrue(stage.err.contains("jobs.train.args: unknown placeholder ${rows} (known: ${env}, ${commit}, ${run_date})"), stage.err);
        assertEquals(List.of(), submitted());
    }

    @Test
    void aBusyEnvironmentIsReportedWithItsHolder() {
        try (EnvironmentLock held = EnvironmentLock.acquire(dir.resolve(".locks"), "fraud", "staging", Duration.ZERO, "--lock-timeout", null, Clock.systemUTC(), line -> { })) {
            stage.run("integration-tests", "--env", "staging", "--lock-timeout", "300ms");
            assertEquals(3, stage.exitCode, stage.toString());
            assertTrue(stage.err.contains("environment staging is busy: another run holds " + held.file() + " (pid " + ProcessHandle.current().pid()), stage.err);
            assertEquals(List.of(), submitted(), "no job launched while another run holds the environment");
        }
    }

    @Test
    void theJobsToLaunchCanBeChosenAndAreChecked() {
        run("featurize", FEATURIZE_RUN, "SUCCESS", "");
        run("train", TRAIN_RUN, "SUCCESS", "");
        stage.config(config.replace("    reports: \"build/*.xml\"\n", "    reports: \"build/*.xml\"\n    jobs: [train]\n"));
        stage.run("integration-tests", "--env", "staging");
        assertEquals(0, stage.exitCode, stage.toString());
        assertEquals(List.of("train \"--rows\",\"500\""), submitted());
        stage.config(config.replace("    reports: \"build/*.xml\"\n", "    reports: \"build/*.xml\"\n    jobs: [score]\n"));
        stage.run("integration-tests", "--env", "staging");
        assertEquals(2, stage.exitCode, stage.toString());
        assertTrue(stage.err.contains("modelgate.yaml:13: tests.integration.jobs[0]: job \"score\" is not declared under jobs: (declared: featurize, train)"), stage.err);
    }

    @Test
    @Tag("e2e")
    void aRealSparkSubmitRunsAPySparkJobBeforeTheTests() throws Exception {
        Path venv = PythonForTests.venv();
        stage.env.put("SPARK_HOME", venv.resolve("lib/python3.11/site-packages/pyspark").toString());
        stage.write("jobs/count.py", """
                import sys
                from pyspark.sql import SparkSession
                spark = SparkSession.builder.appName("count").getOrCreate()
                rows = spark.range(int(sys.argv[1])).count()
                open(sys.argv[2], "w").write(str(rows))
                spark.stop()
                """);
        stage.write("jobs/fail.py", "import sys\nprint('no input table for ' + sys.argv[1])\nsys.exit(4)\n");
        String project = """
                project: fraud
                tests:
                  integration:
                    command: 'mkdir -p build; test "$(cat rows.txt)" = 42 && cp it.xml build/'
                    reports: "build/*.xml"
                    timeout: 2m
                    jobs: [%s]
                jobs:
                  count: { app: jobs/count.py, master: "local[1]", args: ["42", "rows.txt"], timeout: 3m, conf: { spark.ui.enabled: "false" } }
                  fail: { app: jobs/fail.py, master: "local[1]", args: ["${run_date}"], timeout: 3m }
                """;
        stage.config(project.formatted("count"));
        stage.run("integration-tests");
        assertEquals(0, stage.exitCode, stage.toString());
        assertEquals("42", Files.readString(dir.resolve("rows.txt")));
        assertEquals("2", stage.output("total"));

        Files.delete(dir.resolve("rows.txt"));
        stage.config(project.formatted("fail, count"));
        stage.run("integration-tests");
        assertEquals(1, stage.exitCode, stage.toString());
        assertTrue(stage.headline().startsWith("pipeline job fail failed"), stage.headline());
        assertTrue(stage.headline().endsWith("; tests not run"), stage.headline());
        assertTrue(stage.result().path("log").asText().contains("no input table for " + LocalDate.now(ZoneOffset.UTC)), stage.result().toString());
        assertFalse(Files.exists(dir.resolve("rows.txt")), "the job after the failed one did not run");
    }
}
