package io.modelgate.testing;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The integration-tests step through the real command line: the pipeline jobs through a
 * spark-submit on SPARK_HOME (a script that records its arguments, or the real one of the
 * pinned pyspark), then the test commands with the environment's MLflow settings, under the
 * environment's lock.
 */
class IntegrationTestsStageTest {

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
              featurize: { app: jobs/featurize.py, master: "local[2]", args: ["--date", "${run_date}", "--env", "${env}"] }
              train: { app: jobs/train.py, master: "local[2]", conf: { spark.sql.shuffle.partitions: "2" }, args: ["--rows", "5000"] }
            """;

    @TempDir
    Path dir;
    private StageRun stage;
    private Path submits;

    @BeforeEach
    void project() throws IOException {
        stage = new StageRun(dir).config(CONFIG);
        stage.write("it.xml", StageRun.report("test_scores_written", null, "test_model_registered", null));
        Path sparkSubmit = dir.resolve("spark/bin/spark-submit");
        submits = dir.resolve("submits.txt");
        stage.write("spark/bin/spark-submit", "#!/bin/sh\necho \"$*\" >> '" + submits + "'\necho \"submitted $*\"\nexit ${FAKE_SPARK_EXIT:-0}\n");
        Files.setPosixFilePermissions(sparkSubmit, PosixFilePermissions.fromString("rwxr-xr-x"));
        stage.env.put("SPARK_HOME", dir.resolve("spark").toString());
        stage.env.put("STAGING_TOKEN", "tok-staging-123");
    }

    @Test
    void launchesTheJobsInOrderThenRunsTheTestsWithTheEnvironmentsSettings() throws IOException {
        stage.run("integration-tests", "--env", "staging");
        assertEquals(0, stage.exitCode, stage.toString());
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        assertEquals(List.of(
                "--master local[2] --deploy-mode client jobs/featurize.py --date " + today + " --env staging",
                "--master local[2] --deploy-mode client --conf spark.sql.shuffle.partitions=2 jobs/train.py --rows 500"),
                Files.readAllLines(submits));
        assertEquals("uri=http://mlflow.staging:5000 env=staging token=tok-staging-123", Files.readString(dir.resolve("seen.txt")).strip());
        assertFalse(stage.out.contains("tok-staging-123"), "the token is masked in the live output: " + stage.out);
        assertTrue(stage.out.contains("token=***"), stage.out);
        assertFalse(Files.readString(dir.resolve("out/result.json")).contains("tok-staging-123"));
        assertEquals("2 tests passed (0.0s)", stage.headline());
        assertTrue(stage.result().path("tables").toString().contains("job featurize"), "jobs are listed with the commands");
    }

    @Test
    void aFailingJobFailsTheStageAndTheTestsDoNotRun() {
        stage.env.put("FAKE_SPARK_EXIT", "1");
        stage.run("integration-tests", "--env", "staging");
        assertEquals(1, stage.exitCode, stage.toString());
        assertEquals("pipeline job featurize failed (exit 1); tests not run", stage.headline());
        assertFalse(Files.exists(dir.resolve("seen.txt")));
    }

    @Test
    void sparkSubmitNotFoundIsAnInfrastructureErrorNamingWhereItLooked() {
        stage.env.put("SPARK_HOME", dir.resolve("nowhere").toString());
        stage.env.put("PATH", "/usr/bin:/bin");
        stage.run("integration-tests", "--env", "staging");
        assertEquals(3, stage.exitCode, stage.toString());
        assertTrue(stage.err.contains("job featurize: spark-submit not found (looked in " + dir.resolve("nowhere/bin/spark-submit") + ", PATH=/usr/bin:/bin)"), stage.err);
    }

    @Test
    void aBusyEnvironmentIsReportedWithItsHolder() {
        try (EnvironmentLock held = EnvironmentLock.acquire(dir.resolve(".locks"), "fraud", "staging", Duration.ZERO, null, Clock.systemUTC(), line -> { })) {
            stage.run("integration-tests", "--env", "staging", "--lock-timeout", "300ms");
            assertEquals(3, stage.exitCode, stage.toString());
            assertTrue(stage.err.contains("environment staging is busy: another run holds " + held.file() + " (pid " + ProcessHandle.current().pid()), stage.err);
            assertFalse(Files.exists(submits), "no job launched while another run holds the environment");
        }
    }

    @Test
    void theJobsToLaunchCanBeChosenAndAreChecked() throws IOException {
        stage.config(CONFIG.replace("    reports: \"build/*.xml\"\n", "    reports: \"build/*.xml\"\n    jobs: [train]\n"));
        stage.run("integration-tests", "--env", "staging");
        assertEquals(0, stage.exitCode, stage.toString());
        assertEquals(1, Files.readAllLines(submits).size());
        stage.config(CONFIG.replace("    reports: \"build/*.xml\"\n", "    reports: \"build/*.xml\"\n    jobs: [score]\n"));
        stage.run("integration-tests", "--env", "staging");
        assertEquals(2, stage.exitCode, stage.toString());
        assertTrue(stage.err.contains("modelgate.yaml:13: tests.integration.jobs[0]: job \"score\" is not declared under jobs: (declared: featurize, train)"), stage.err);
    }

    @Test
    @Tag("e2e")
    void aRealSparkSubmitRunsAPySparkJobBeforeTheTests() throws Exception {
        Path venv = PythonForTests.venv();
        stage.env.remove("SPARK_HOME");
        stage.env.put("PATH", venv.resolve("bin") + ":" + System.getenv("PATH"));
        stage.write("jobs/count.py", """
                import sys
                from pyspark.sql import SparkSession
                spark = SparkSession.builder.appName("count").getOrCreate()
                rows = spark.range(int(sys.argv[1])).count()
                open(sys.argv[2], "w").write(str(rows))
                spark.stop()
                """);
        stage.config("""
                project: fraud
                tests:
                  integration:
                    command: 'mkdir -p build; test "$(cat rows.txt)" = 42 && cp it.xml build/'
                    reports: "build/*.xml"
                    timeout: 2m
                jobs:
                  count: { app: jobs/count.py, master: "local[1]", args: ["42", "rows.txt"], timeout: 3m, conf: { spark.ui.enabled: "false" } }
                """);
        stage.run("integration-tests");
        assertEquals(0, stage.exitCode, stage.toString());
        assertEquals("42", Files.readString(dir.resolve("rows.txt")));
        assertEquals("2", stage.output("total"));
    }
}
