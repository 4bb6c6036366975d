package io.modelgate.testbed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The local Spark Connect server (with Delta) of the test bed, shared by every test of a JVM:
 * the one {@code scripts/test.sh} started (its folder in {@code MODELGATE_TEST_SPARK_CONNECT}), or,
 * when a test runs alone, one started here through {@code scripts/spark-connect.sh} on first use
 * and stopped when the JVM exits.
 */
public final class SparkConnect {

    /** The folder of a server started before the tests (address, UI, log), set by scripts/test.sh. */
    public static final String STARTED = "MODELGATE_TEST_SPARK_CONNECT";

    private final Path dir;
    private final String remote;

    private SparkConnect(Path dir, String remote) {
        this.dir = dir;
        this.remote = remote;
    }

    /** The server, started on first use. */
    public static SparkConnect get() {
        return Holder.SERVER;
    }

    /** Its address for SPARK_REMOTE or a job's master: {@code sc://127.0.0.1:PORT}. */
    public String remote() {
        return remote;
    }

    /** The Spark UI of the server's application: its REST API lists the jobs running there. */
    public String uiUrl() {
        return read(dir.resolve("spark-connect.ui"));
    }

    private static final class Holder {
        static final SparkConnect SERVER = start();
    }

    private static SparkConnect start() {
        String started = System.getenv(STARTED);
        if (started != null && !started.isBlank()) {
            Path dir = Path.of(started);
            return new SparkConnect(dir, read(dir.resolve("spark-connect.url")));
        }
        Path script = PythonToolchain.get().script("scripts/spark-connect.sh");
        try {
            Path dir = Files.createTempDirectory("spark-connect");
            Process process = new ProcessBuilder("bash", script.toString(), "start", dir.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String remote = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException("the Spark Connect server did not start; see " + dir.resolve("spark-connect.log"));
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(script, dir), "spark-connect-stop"));
            return new SparkConnect(dir, remote);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void stop(Path script, Path dir) {
        try {
            new ProcessBuilder("bash", script.toString(), "stop", dir.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("no Spark Connect server folder at " + file.getParent(), e);
        }
    }
}
