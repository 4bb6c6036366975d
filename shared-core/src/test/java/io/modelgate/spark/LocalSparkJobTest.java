package io.modelgate.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real local Spark (the pinned pyspark's spark-submit, local mode): one launch per test, since
 * each costs a Spark JVM start.
 */
@Tag("e2e")
class LocalSparkJobTest {

    private static SparkTestBed spark;

    @TempDir
    Path dir;
    private static final String TOKEN = "staging-secret";
    private SparkProject project;

    @BeforeAll
    static void testBed() {
        spark = SparkTestBed.get();
    }

    @BeforeEach
    void project() {
        project = new SparkProject(dir);
        project.env.put("SPARK_HOME", spark.sparkHome().toString());
        project.env.put("STAGING_MLFLOW_TOKEN", TOKEN); // an unset secret is a usage error (exit 2) before any job starts
        project.file("modelgate.yaml", """
                project: fraud-detection
                environments:
                  staging:
                    branches: [main]
                    mlflow: { tracking_uri: "http://mlflow.staging.invalid", token_env: STAGING_MLFLOW_TOKEN }
                jobs:
                  features:
                    app: jobs/features.py
                    master: "local[2]"
                    args: ["--table", "build/tables/features_${env}", "--date", "${run_date}"]
                    conf:
                      spark.sql.extensions: io.delta.sql.DeltaSparkSessionExtension
                      spark.sql.catalog.spark_catalog: org.apache.spark.sql.delta.catalog.DeltaCatalog
                      spark.sql.shuffle.partitions: "2"
                    jars: [%s]
                  broken: { app: jobs/broken.py, master: "local[1]" }
                  stuck: { app: jobs/stuck.py, master: "local[1]", timeout: 1h }
                """.formatted(String.join(", ", spark.deltaJars())));
        project.file("jobs/features.py", """
                import argparse, os
                from pyspark.sql import SparkSession, functions as F
                print("mlflow", os.environ.get("MLFLOW_TRACKING_URI"), os.environ.get("MODELGATE_ENVIRONMENT"),
                      "token", len(os.environ.get("MLFLOW_TRACKING_TOKEN", "")))
                parser = argparse.ArgumentParser()
                parser.add_argument("--table")
                parser.add_argument("--date")
                args = parser.parse_args()
                spark = SparkSession.builder.getOrCreate()
                rows = spark.range(5).withColumn("run_date", F.lit(args.date))
                rows.write.format("delta").mode("overwrite").save(args.table)
                rows.write.format("delta").mode("append").save(args.table)
                back = spark.read.format("delta").load(args.table)
                first = spark.read.format("delta").option("versionAsOf", 0).load(args.table)
                print("delta rows", back.count(), "at version 0", first.count())
                assert back.filter(F.col("run_date") == args.date).count() == 10
                spark.stop()
                """);
        project.file("jobs/broken.py", """
                from pyspark.sql import SparkSession
                spark = SparkSession.builder.getOrCreate()
                print("rows", spark.range(3).count())
                raise ValueError("feature 'amount' has negative values")
                """);
        project.file("jobs/stuck.py", """
                import time
                from pyspark.sql import SparkSession
                spark = SparkSession.builder.getOrCreate()
                print("started", flush=True)
                time.sleep(600)
                """);
    }

    @Test
    void aPySparkJobWritesAndReadsADeltaTable() throws Exception {
        int code = project.run("spark-submit", "--job", "features", "--env", "staging");

        assertEquals(0, code, project.out() + project.err());
        assertTrue(project.out().contains("delta rows 10 at version 0 5"), project.out());
        assertTrue(project.out().contains("mlflow http://mlflow.staging.invalid staging token 14"),
                "the job logs to its environment's tracking server:\n" + project.out());
        assertTrue(project.out().contains("features: RUNNING local-"), "one line per state change with the app id:\n" + project.out());
        try (Stream<Path> commits = Files.list(dir.resolve("build/tables/features_staging/_delta_log"))) {
            assertEquals(2, commits.filter(p -> p.toString().endsWith(".json")).count(), "${env} substituted: two Delta commits");
        }
        JsonNode result = new ObjectMapper().readTree(project.result());
        assertEquals("PASSED", result.get("verdict").asText());
        assertTrue(result.at("/outputs/app-id").asText().startsWith("local-"), result.toString());
        assertEquals("FINISHED", result.at("/outputs/state").asText());
        assertTrue(result.at("/outputs/run-url").asText().matches("http://\\S+:\\d+"), result.toString());
        assertTrue(Files.readString(dir.resolve("build/modelgate/features-driver.log")).contains("delta rows 10"));
        assertEquals(0, project.processesLeft());
    }

    @Test
    void aFailingJobFailsTheGateWithTheLogTail() throws Exception {
        int code = project.run("spark-submit", "--job", "broken", "--env", "staging");

        assertEquals(1, code, project.out() + project.err());
        JsonNode result = new ObjectMapper().readTree(project.result());
        assertEquals("FAILED", result.get("verdict").asText());
        assertEquals("FAILED", result.at("/outputs/state").asText());
        assertTrue(result.get("log").asText().contains("ValueError: feature 'amount' has negative values"), result.get("log").asText());
        assertTrue(result.get("log").asText().lines().count() <= JobOutcome.TAIL_LINES);
        assertEquals(0, project.processesLeft());
    }

    @Test
    void aJobPastItsTimeoutIsKilledWithNoProcessLeft() throws Exception {
        int code = project.run("spark-submit", "--job", "stuck", "--timeout", "25s", "--env", "staging");

        assertEquals(3, code, project.out() + project.err());
        assertTrue(project.err().contains("job stuck timed out after 25s; the job was stopped"), project.err());
        assertTrue(project.out().contains("started"), "the driver's output streamed:\n" + project.out());
        JsonNode result = new ObjectMapper().readTree(project.result());
        assertEquals("KILLED", result.at("/outputs/state").asText());
        assertEquals(0, project.processesLeft(), "no spark-submit, JVM or Python process of the job survives");
    }

    @Test
    void sigtermStopsTheJobAndEndsWithExit3() throws Exception {
        SparkProject.Terminated run = project.runAndTerminate("started", Duration.ZERO, "spark-submit", "--job", "stuck", "--env", "staging");

        assertTrue(run.ended(), run.output());
        assertEquals(3, run.exitCode(), run.output());
        assertTrue(run.lines().contains("stuck: cancelled on termination (exit 3)"), run.output());
        assertEquals(0, project.processesLeft(), "no process of the job survives the CI's abort");
    }
}
