package io.modelgate.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelgate.testbed.MlflowExtension;
import io.modelgate.testbed.MlflowServer;
import io.modelgate.testbed.SparkConnect;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PySpark jobs run as clients of a real local Spark Connect server (with Delta), through the real
 * command line: a job that writes and reads Delta and logs to a real MLflow server, one that fails,
 * one past its timeout and one cancelled by SIGTERM (their sessions interrupted on the server), a
 * local master sent to the server by SPARK_REMOTE, and a token in SPARK_REMOTE kept out of sight.
 */
@Tag("e2e")
@ExtendWith(MlflowExtension.class)
class ConnectJobTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static SparkTestBed spark;
    private static SparkConnect server;

    @TempDir
    Path dir;
    private SparkProject project;

    @BeforeAll
    static void testBed() {
        spark = SparkTestBed.get();
        server = SparkConnect.get();
    }

    @BeforeEach
    void project(MlflowServer mlflow) {
        project = new SparkProject(dir);
        project.env.put("SPARK_HOME", spark.sparkHome().toString());
        project.env.put("MLFLOW_TRACKING_URI", mlflow.uri());
        project.file("modelgate.yaml", """
                project: connect
                environments:
                  dev: {}
                jobs:
                  features:
                    app: jobs/features.py
                    master: "%1$s"
                    args: ["--table", "%2$s/tables/features_${env}"]
                    conf: { spark.sql.shuffle.partitions: "3", spark.driver.memory: 1g }
                  broken: { app: jobs/broken.py, master: "%1$s" }
                  stuck: { app: jobs/stuck.py, master: "%1$s", timeout: 1h }
                  local: { app: jobs/local.py, master: "local[1]" }
                """.formatted(server.remote(), dir));
        project.file("jobs/features.py", """
                import argparse, os
                import mlflow
                from pyspark.sql import SparkSession, functions as F
                parser = argparse.ArgumentParser()
                parser.add_argument("--table")
                args = parser.parse_args()
                spark = SparkSession.builder.getOrCreate()
                print("session", spark.session_id, "shuffle partitions", spark.conf.get("spark.sql.shuffle.partitions"))
                rows = spark.range(5).withColumn("doubled", F.col("id") * 2)
                rows.write.format("delta").mode("overwrite").save(args.table)
                rows.write.format("delta").mode("append").save(args.table)
                back = spark.read.format("delta").load(args.table)
                first = spark.read.format("delta").option("versionAsOf", 0).load(args.table)
                print("delta rows", back.count(), "at version 0", first.count())
                mlflow.set_experiment("connect-jobs")
                with mlflow.start_run(run_name="features") as run:
                    mlflow.log_metric("rows", back.count())
                print("mlflow run", run.info.run_id)
                spark.stop()
                """);
        project.file("jobs/broken.py", """
                from pyspark.sql import SparkSession
                spark = SparkSession.builder.getOrCreate()
                spark.sql("SELECT * FROM delta.`/nonexistent/table`").collect()
                """);
        // The work runs on the server (a Python UDF sleeping in the server's worker), not in the client.
        project.file("jobs/stuck.py", """
                import time
                from pyspark.sql import SparkSession, functions as F
                spark = SparkSession.builder.getOrCreate()
                print("started", flush=True)
                @F.udf("long")
                def slow(x):
                    import time
                    time.sleep(600)
                    return x
                spark.range(1).select(slow("id")).collect()
                """);
        project.file("jobs/local.py", """
                import os
                from pyspark.sql import SparkSession
                spark = SparkSession.builder.getOrCreate()
                print("remote" if os.environ.get("SPARK_CONNECT_MODE_ENABLED") else "classic", spark.range(4).count())
                """);
    }

    @Test
    void aJobWritesAndReadsDeltaAndLogsToMlflowOverConnect(MlflowServer mlflow) throws Exception {
        int code = project.run("spark-submit", "--job", "features", "--env", "dev");

        assertEquals(0, code, project.out() + project.err());
        assertTrue(project.out().contains("delta rows 10 at version 0 5"), project.out());
        assertTrue(project.out().contains("shuffle partitions 3"), "the job's conf reaches its session:\n" + project.out());
        assertTrue(project.out().contains("settings of the server, not sent over Spark Connect: spark.driver.memory"), project.out());
        JsonNode result = JSON.readTree(project.result());
        String session = result.at("/outputs/app-id").asText();
        assertTrue(project.out().contains("session " + session + " shuffle"), "the job ran in the session the result names:\n" + project.out());
        assertEquals("FINISHED", result.at("/outputs/state").asText());
        assertTrue(project.out().contains("features: launching jobs/features.py on Spark Connect " + server.remote()), project.out());
        try (Stream<Path> commits = Files.list(dir.resolve("tables/features_dev/_delta_log"))) {
            assertEquals(2, commits.filter(p -> p.toString().endsWith(".json")).count());
        }
        String runId = project.out().lines().filter(l -> l.contains("mlflow run ")).findFirst().orElseThrow().replaceAll(".*mlflow run ", "").trim();
        JsonNode run = JSON.readTree(get(mlflow.uri() + "/api/2.0/mlflow/runs/get?run_id=" + runId));
        assertEquals(10.0, run.at("/run/data/metrics/0/value").asDouble(), run.toString());
        assertTrue(Files.readString(dir.resolve("build/modelgate/features-driver.log")).contains("delta rows 10"));
        assertEquals(0, project.processesLeft());
    }

    @Test
    void aFailingJobFailsTheGateWithTheServersError() throws Exception {
        int code = project.run("spark-submit", "--job", "broken", "--env", "dev");

        assertEquals(1, code, project.out() + project.err());
        JsonNode result = JSON.readTree(project.result());
        assertEquals("FAILED", result.at("/outputs/state").asText());
        assertTrue(result.get("headline").asText().contains("the job exited with code 1"), result.toString());
        assertTrue(result.get("log").asText().contains("/nonexistent/table"), "the server's error reaches the log tail:\n" + result.get("log").asText());
        assertEquals(0, project.processesLeft());
    }

    @Test
    void aJobPastItsTimeoutIsKilledAndItsSessionInterrupted() throws Exception {
        int code = project.run("spark-submit", "--job", "stuck", "--timeout", "20s", "--env", "dev");

        assertEquals(3, code, project.out() + project.err());
        assertTrue(project.err().contains("job stuck timed out after 20s; the job was stopped; its session on the server was interrupted (1 running operation)"),
                project.err());
        assertTrue(project.out().contains("started"), "the job's output streamed:\n" + project.out());
        JsonNode result = JSON.readTree(project.result());
        assertEquals("KILLED", result.at("/outputs/state").asText());
        assertEquals(0, project.processesLeft(), "no process of the client survives");
        assertEquals("[]", jobsStillRunning(result.at("/outputs/app-id").asText()), "nothing of the job still runs on the server");
    }

    @Test
    void sparkRemoteSendsALocalMastersJobToTheServer() {
        project.env.put("SPARK_REMOTE", server.remote());
        int code = project.run("spark-submit", "--job", "local", "--env", "dev");

        assertEquals(0, code, project.out() + project.err());
        assertTrue(project.out().contains("remote 4"), project.out());
        assertTrue(project.out().contains("on Spark Connect " + server.remote()), project.out());
    }

    @Test
    void aTokenInSparkRemoteReachesTheJobOnlyAsPySparksTokenVariable() throws Exception {
        String token = "c0nnect-t0ken-canary";
        project.env.put("SPARK_REMOTE", server.remote() + "/;user_id=ci;token=" + token);
        // No session: PySpark would speak TLS with a token, and the local server has none.
        project.file("jobs/local.py", """
                import os
                print("remote", os.environ["SPARK_REMOTE"])
                print("token", os.environ.get("SPARK_CONNECT_AUTHENTICATE_TOKEN") == "%s")
                """.formatted(token));
        int code = project.run("spark-submit", "--job", "local", "--env", "dev");

        assertEquals(0, code, project.out() + project.err());
        assertTrue(project.out().contains("token True"), project.out());
        assertTrue(project.out().contains("remote " + server.remote() + "/;user_id=ci;session_id="), project.out());
        String everything = project.out() + project.err() + project.result() + Files.readString(dir.resolve("build/modelgate/local-driver.log"));
        assertFalse(everything.contains(token), everything);
    }

    @Test
    void sigtermKillsTheClientInterruptsItsSessionAndEndsWithExit3() throws Exception {
        // SIGTERM 2 s after "started": the UDF's Spark job is under way on the server.
        SparkProject.Terminated run = project.runAndTerminate("started", Duration.ofSeconds(2), "spark-submit", "--job", "stuck", "--env", "dev");
        String session = run.lines().stream().filter(line -> line.contains(", session "))
                .map(line -> line.substring(line.lastIndexOf(' ') + 1)).findFirst().orElse(null);

        assertTrue(run.ended(), run.output());
        assertEquals(3, run.exitCode(), run.output());
        assertTrue(run.lines().contains("stuck: cancelled on termination (exit 3)"), run.output());
        assertEquals(0, project.processesLeft(), "no process of the client survives the CI's abort");
        assertEquals("[]", jobsStillRunning(session), "nothing of the job still runs on the server");
    }

    /**
     * The ids of the session's Spark jobs still running on the server (Spark's monitoring REST API;
     * Connect tags each job with its session), once the interruption has settled. The session must
     * have run a job: otherwise there was nothing to interrupt and the check proves nothing.
     */
    private static String jobsStillRunning(String session) throws Exception {
        String app = JSON.readTree(get(server.uiUrl() + "/api/v1/applications")).get(0).get("id").asText();
        List<String> running = List.of();
        for (int attempt = 0; attempt < 50; attempt++) {
            List<JsonNode> jobs = new ArrayList<>();
            JSON.readTree(get(server.uiUrl() + "/api/v1/applications/" + app + "/jobs")).forEach(job -> {
                if (job.path("jobTags").toString().contains(session)) jobs.add(job);
            });
            assertFalse(jobs.isEmpty(), "the session ran no Spark job on the server");
            running = jobs.stream().filter(job -> job.get("status").asText().equals("RUNNING")).map(job -> job.get("jobId").asText()).toList();
            if (running.isEmpty()) break;
            Thread.sleep(200);
        }
        return running.toString();
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertFalse(response.statusCode() >= 400, url + ": " + response.statusCode() + " " + response.body());
        return response.body();
    }
}
