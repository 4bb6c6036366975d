package io.modelgate.webhook;

import io.modelgate.cli.CommandLineApp;
import io.modelgate.config.ConfigFile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A project folder with a modelgate.yaml, and the receiver {@code webhooks serve} would build from
 * it, run in this JVM; the command line runs against the same folder and environment.
 */
final class ReceiverProject implements AutoCloseable {

    static final String SECRET = "whsec-test-0f9e8d7c6b5a4938";

    final Path dir;
    final Map<String, String> env;
    final List<String> log = new CopyOnWriteArrayList<>();
    private final StepLauncher launcher;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private WebhookServer server;

    ReceiverProject(Path dir, String yaml, Map<String, String> env, StepLauncher launcher) {
        this.dir = dir;
        this.env = env;
        this.launcher = launcher;
        try {
            Files.writeString(dir.resolve("modelgate.yaml"), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Builds the server from the file (environment {@code environment}, or none) and starts it. */
    ReceiverProject start(String environment) {
        ConfigFile file = ConfigFile.load(dir.resolve("modelgate.yaml"), "--config");
        server = WebhookServer.create(file.resolve(environment), env, dir, launcher, log::add, Clock.systemUTC());
        server.start();
        return this;
    }

    WebhookServer server() {
        return server;
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.port() + "/webhooks/mlflow");
    }

    Journal journal() {
        return server.journal();
    }

    /** Sends a delivery signed as MLflow signs it; returns the status. */
    int send(byte[] body) {
        try {
            HttpResponse<String> answer = http.send(MlflowSender.request(uri(), SECRET, body), HttpResponse.BodyHandlers.ofString());
            return answer.statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the condition holds (or fails the test, showing the receiver's log). */
    void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what + "; log:\n" + String.join("\n", log));
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    long forwards(String state) {
        return journal().countByState().getOrDefault(state, 0L);
    }

    /** The command line in this folder with this environment: exit code, stdout and stderr. */
    record Run(int code, String out, String err) {
    }

    Run cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new CommandLineApp(env, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), dir)
                .run(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    Run cliOk(String... args) {
        Run run = cli(args);
        assertEquals(0, run.code(), run.toString());
        return run;
    }

    @Override
    public void close() {
        if (server != null) server.close();
    }
}
