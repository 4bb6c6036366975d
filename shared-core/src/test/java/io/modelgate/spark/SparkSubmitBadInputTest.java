package io.modelgate.spark;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Faults found before any Spark process starts: one line, the right exit code, no stack trace. */
class SparkSubmitBadInputTest {

    @TempDir
    Path dir;
    private SparkProject project;

    @BeforeEach
    void project() throws IOException {
        project = new SparkProject(dir);
        // A SPARK_HOME that passes the check; none of these runs gets as far as starting it.
        Path home = dir.resolve("spark");
        project.file("spark/bin/spark-submit", "#!/bin/sh\nexit 99\n");
        project.env.put("SPARK_HOME", home.toString());
        project.file("jobs/train.py", "print('train')\n");
    }

    /** A loopback port nothing listens on. */
    private static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }

    private void config(String jobs) {
        project.file("modelgate.yaml", "project: fraud-detection\njobs:\n" + jobs);
    }

    private void assertOneLineError(int expectedCode, int code, String... fragments) {
        assertEquals(expectedCode, code, project.err());
        String err = project.err();
        assertEquals(1, err.lines().count(), "one line:\n" + err);
        assertFalse(err.contains("\tat "), err);
        for (String fragment : fragments) {
            assertTrue(err.contains(fragment), "expected " + fragment + " in:\n" + err);
        }
    }

    @Test
    void anUnknownJobNamesTheDeclaredOnes() {
        config("  train: { app: jobs/train.py }\n  score: { app: jobs/score.py }\n");
        assertOneLineError(2, project.run("spark-submit", "--job", "trian"),
                "job \"trian\" is not declared under jobs: in modelgate.yaml (declared: train, score)");
    }

    @Test
    void aMissingApplicationFileIsPlacedAtItsLine() {
        config("  train:\n    app: jobs/missing.py\n");
        assertOneLineError(2, project.run("spark-submit", "--job", "train"),
                "modelgate.yaml:4: jobs.train.app: application file jobs/missing.py does not exist");
    }

    @Test
    void sparkHomeNotSet() {
        project.env.remove("SPARK_HOME");
        config("  train: { app: jobs/train.py }\n");
        assertOneLineError(2, project.run("spark-submit", "--job", "train"),
                "modelgate.yaml:3: jobs.train: SPARK_HOME is not set");
    }

    @Test
    void sparkHomeThatIsNoSpark() {
        project.env.put("SPARK_HOME", dir.resolve("jobs").toString());
        config("  train: { app: jobs/train.py }\n");
        assertOneLineError(2, project.run("spark-submit", "--job", "train"),
                "SPARK_HOME=" + dir.resolve("jobs") + " is not a Spark installation (no bin/spark-submit there)");
    }

    @Test
    void aWrongSparkHomeInTheConfigIsPlacedAtItsLine() {
        config("  train:\n    app: jobs/train.py\n    spark_home: /opt/nowhere\n");
        assertOneLineError(2, project.run("spark-submit", "--job", "train"),
                "modelgate.yaml:5: jobs.train.spark_home: /opt/nowhere is not a Spark installation");
    }

    @Test
    void anUnknownPlaceholderInArgs() {
        config("  train: { app: jobs/train.py, args: [\"--date\", \"${rundate}\"] }\n");
        assertOneLineError(2, project.run("spark-submit", "--job", "train"),
                "jobs.train.args: unknown placeholder ${rundate} (known: ${env}, ${commit}, ${run_date})");
    }

    @Test
    void anUnreachableMasterIsAnInfrastructureErrorWithTheUrl() throws IOException {
        int port = freePort();
        config("  train: { app: jobs/train.py, master: \"spark://127.0.0.1:" + port + "\" }\n");
        assertOneLineError(3, project.run("spark-submit", "--job", "train"),
                "cannot reach the Spark master spark://127.0.0.1:" + port);
        assertFalse(Files.exists(dir.resolve("build/modelgate/train-driver.log")), "spark-submit was never started");
    }

    @Test
    void clusterDeployModeOnALocalMasterIsRefused() {
        config("  train: { app: jobs/train.py, master: \"local[2]\", deploy_mode: cluster }\n");
        assertOneLineError(2, project.run("spark-submit", "--job", "train"),
                "jobs.train.deploy_mode: cluster deploy mode needs a cluster master, not local[2]");
    }

    @Test
    void anUnreachableConnectServerIsAnInfrastructureErrorWithoutItsParameters() throws IOException {
        int port = freePort();
        config("  train: { app: jobs/train.py, master: \"sc://127.0.0.1:" + port + "/;use_ssl=false;user_id=ci\" }\n");
        assertOneLineError(3, project.run("spark-submit", "--job", "train"),
                "cannot reach the Spark Connect server sc://127.0.0.1:" + port + ":");
        assertFalse(project.err().contains("user_id"), "the URL's parameters (a token may be one) are never printed: " + project.err());
        assertFalse(Files.exists(dir.resolve("build/modelgate/train-driver.log")), "no client was started");
    }

    @Test
    void aConnectJobIsAPySparkClientOnly() {
        config("  train: { app: jobs/train.jar, main_class: a.B, master: \"sc://127.0.0.1:15002\" }\n");
        assertOneLineError(2, project.run("spark-submit", "--job", "train"),
                "jobs.train.app: only a PySpark application (a .py file) runs over Spark Connect, not jobs/train.jar");
        config("  train: { app: jobs/train.py, master: \"sc://127.0.0.1:15002\", deploy_mode: cluster }\n");
        assertOneLineError(2, project.run("spark-submit", "--job", "train"),
                "jobs.train.deploy_mode: a Spark Connect job runs as a client of its server: no cluster deploy mode");
    }

    @Test
    void sparkRemoteBesideAClusterMasterIsRefusedRatherThanSilentlyRedirected() {
        project.env.put("SPARK_REMOTE", "sc://127.0.0.1:15002/;token=abc");
        config("  train: { app: jobs/train.py, master: \"spark://127.0.0.1:7077\" }\n");
        assertOneLineError(2, project.run("spark-submit", "--job", "train"),
                "SPARK_REMOTE is set, so PySpark would run job train (master spark://127.0.0.1:7077) on the Spark Connect server sc://127.0.0.1:15002 instead");
        assertFalse(project.err().contains("token"), project.err());
    }

    @Test
    void sparkRemoteInAJobsEnvBesideAClusterMasterIsRefusedToo() {
        config("  train: { app: jobs/train.py, master: \"spark://127.0.0.1:7077\", env: { SPARK_REMOTE: \"sc://127.0.0.1:15002\" } }\n");
        assertOneLineError(2, project.run("spark-submit", "--job", "train"),
                "SPARK_REMOTE is set, so PySpark would run job train (master spark://127.0.0.1:7077) on the Spark Connect server sc://127.0.0.1:15002");
    }

    @Test
    void aTokenInAConnectMasterIsRefusedWithoutBeingPrinted() {
        config("  train: { app: jobs/train.py, master: \"sc://h.example:443/;use_ssl=true;token=dapi0123456789abcdef01\" }\n");
        assertOneLineError(2, project.run("spark-submit", "--job", "train"),
                "jobs.train.master: a token in modelgate.yaml: put it in the SPARK_CONNECT_AUTHENTICATE_TOKEN environment variable");
        assertFalse(project.err().contains("dapi0123456789abcdef01"), project.err());
    }

    @Test
    void aTokenInSparkRemoteIsNeverPrinted() throws IOException {
        int port = freePort();
        String token = "c0nnect-t0ken-canary";
        project.env.put("SPARK_REMOTE", "sc://127.0.0.1:" + port + ";token=" + token);
        config("  train: { app: jobs/train.py, master: \"local[1]\" }\n");
        assertOneLineError(3, project.run("spark-submit", "--job", "train"),
                "cannot reach the Spark Connect server sc://127.0.0.1:" + port + ":");
        assertFalse((project.out() + project.err()).contains(token), project.out() + project.err());
    }
}
