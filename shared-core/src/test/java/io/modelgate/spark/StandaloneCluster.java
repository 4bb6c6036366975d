package io.modelgate.spark;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real Spark standalone cluster on loopback for one test class: a master and one worker
 * (1 core, 512 MB) started through {@code spark-class} on free ports, stopped with their
 * process trees after the class. Tests get it as a parameter.
 */
final class StandaloneCluster implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private final List<Process> daemons = new ArrayList<>();
    private int masterPort;
    private int webUiPort;
    private Path logs;

    /** The master URL, {@code spark://127.0.0.1:PORT}. */
    String masterUrl() {
        return "spark://127.0.0.1:" + masterPort;
    }

    /** The master's state as JSON (workers, running and completed applications). */
    String masterJson() throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webUiPort + "/json/")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.body();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        SparkTestBed spark = SparkTestBed.get();
        logs = Files.createTempDirectory("spark-standalone");
        masterPort = freePort();
        webUiPort = freePort();
        Path sparkClass = spark.sparkHome().resolve("bin/spark-class");
        daemons.add(start(spark, "master", sparkClass.toString(), "org.apache.spark.deploy.master.Master",
                "--host", "127.0.0.1", "--port", String.valueOf(masterPort), "--webui-port", String.valueOf(webUiPort)));
        daemons.add(start(spark, "worker", sparkClass.toString(), "org.apache.spark.deploy.worker.Worker", masterUrl(),
                "--host", "127.0.0.1", "--cores", "1", "--memory", "512m", "--webui-port", String.valueOf(freePort()),
                "--work-dir", logs.resolve("work").toString()));
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (masterJson().replace(" ", "").contains("\"aliveworkers\":1")) {
                    return;
                }
            } catch (IOException notYet) {
                // the master's UI is not up yet
            }
            for (Process daemon : daemons) {
                if (!daemon.isAlive()) throw new IllegalStateException("a Spark daemon exited; see " + logs);
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the standalone cluster did not come up in 3 minutes; see " + logs);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        for (Process daemon : daemons) {
            new ProcessTree(daemon.toHandle()).kill(Duration.ofSeconds(10));
        }
        daemons.clear();
    }

    private Process start(SparkTestBed spark, String name, String... command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(logs.resolve(name + ".log").toFile());
        builder.environment().put("SPARK_HOME", spark.sparkHome().toString());
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        builder.environment().put("SPARK_DAEMON_MEMORY", "256m");
        builder.environment().put("SPARK_LOG_DIR", logs.toString());
        return builder.start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == StandaloneCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return this;
    }
}
