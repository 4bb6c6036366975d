package io.modelgate.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A job submitted to a real standalone master on loopback, in client mode: the driver here, the executor on the worker. */
@Tag("e2e")
class StandaloneClusterJobTest {

    @RegisterExtension
    static final StandaloneCluster CLUSTER = new StandaloneCluster();

    @TempDir
    Path dir;

    @Test
    void aJobRunsOnTheClusterInClientMode() throws Exception {
        SparkProject project = new SparkProject(dir);
        project.env.put("SPARK_HOME", SparkTestBed.get().sparkHome().toString());
        project.file("modelgate.yaml", """
                project: fraud-detection
                jobs:
                  score:
                    app: jobs/score.py
                    master: "%s"
                    deploy_mode: client
                    conf: { spark.executor.memory: 512m, spark.cores.max: "1", spark.driver.host: 127.0.0.1 }
                    env: { SPARK_LOCAL_IP: 127.0.0.1 }
                """.formatted(CLUSTER.masterUrl()));
        project.file("jobs/score.py", """
                from pyspark.sql import SparkSession
                spark = SparkSession.builder.getOrCreate()
                total = spark.sparkContext.parallelize(range(100), 2).map(lambda x: x * 2).sum()
                print(f"score total {total}")
                spark.stop()
                """);

        int code = project.run("spark-submit", "--job", "score");

        assertEquals(0, code, project.out() + project.err());
        assertTrue(project.out().contains("score total 9900"), project.out());
        JsonNode result = new ObjectMapper().readTree(project.result());
        String appId = result.at("/outputs/app-id").asText();
        assertTrue(appId.startsWith("app-"), "a standalone application id: " + appId);
        assertTrue(project.out().matches("(?s).*score: (SUBMITTED|RUNNING) " + appId + ".*"), project.out());
        JsonNode master = new ObjectMapper().readTree(CLUSTER.masterJson());
        boolean completed = false;
        for (JsonNode app : master.get("completedapps")) {
            completed |= app.get("id").asText().equals(appId) && app.get("state").asText().equals("FINISHED");
        }
        assertTrue(completed, "the master lists the application as FINISHED:\n" + master);
        assertEquals(0, project.processesLeft());
    }
}
