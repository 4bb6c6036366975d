package io.modelgate.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelgate.config.Durations;
import io.modelgate.fault.Fault;
import io.modelgate.teststage.ProcessRunner;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The online smoke test: MLflow's own scoring server ({@code python -m mlflow models serve
 * --env-manager local}, in the model's environment, on a free loopback port) for the downloaded
 * model, {@code /ping} awaited, then one-row requests posted to {@code /invocations} as a serving
 * client posts them, each answer compared with the in-process prediction of the same row. The
 * server's whole process tree (the mlflow command, uvicorn) is stopped on every way out: at the
 * end, on a failure, and if ModelGate itself is stopped.
 */
public final class ScoringServer {

    private static final int LOG_TAIL = 25;
    private static final Duration PING_EVERY = Duration.ofMillis(200);
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What the server did.
     *
     * @param up        whether /ping answered 200 in time
     * @param latency   of the requests posted, when it was up
     * @param failures  requests whose answer was an error or differed from the in-process prediction, first ones
     * @param logTail   the server's last log lines, for a report that says why it failed
     * @param port      the loopback port it listened on
     */
    public record Outcome(boolean up, Optional<Latency> latency, List<String> failures, int failed, String logTail, int port) {
    }

    private ScoringServer() {
    }

    /**
     * Serves {@code modelDir} with {@code python} and posts {@code requests} requests, cycling
     * through the payloads; the answer to payload i must equal {@code answers} i.
     */
    public static Outcome check(ProcessRunner runner, Path python, Path scripts, Path modelDir, Map<String, String> env,
                                List<String> payloads, List<JsonNode> answers, int requests, Duration upWithin) {
        int port = freeLoopbackPort();
        Map<String, String> serverEnv = new HashMap<>(env);
        // The serve command starts uvicorn by name: that of the model's environment must come first.
        serverEnv.put("PATH", scripts + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
        serverEnv.put("MLFLOW_DISABLE_TELEMETRY", "true");
        String command = "exec " + ProcessRunner.commandLine(List.of(python.toString(), "-m", "mlflow", "models", "serve",
                "-m", modelDir.toString(), "--env-manager", "local", "-h", "127.0.0.1", "-p", String.valueOf(port), "-w", "1"));
        Deque<String> log = new ArrayDeque<>();
        // The server runs until this thread is interrupted: the runner then kills its process tree.
        Thread server = new Thread(() -> {
            try {
                runner.run(new ProcessRunner.Command(command, modelDir, serverEnv, upWithin.plus(Duration.ofHours(1))), line -> {
                    synchronized (log) {
                        log.addLast(line);
                        if (log.size() > LOG_TAIL) log.removeFirst();
                    }
                });
            } catch (Fault stopped) {
                // Interrupted: the process tree is gone.
            }
        }, "modelgate-scoring-server");
        server.setDaemon(true);
        server.start();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        String base = "http://127.0.0.1:" + port;
        try {
            if (!awaitPing(http, base, server, upWithin)) {
                String why = server.isAlive() ? "did not answer /ping within " + Durations.format(upWithin) + " (contract.serve_timeout)"
                        : "exited before answering /ping";
                return new Outcome(false, Optional.empty(), List.of("the scoring server " + why), 0, tail(log), port);
            }
            List<Double> millis = new ArrayList<>();
            List<String> failures = new ArrayList<>();
            int failed = 0;
            for (int i = 0; i < requests; i++) {
                int row = i % payloads.size();
                String problem = post(http, base, payloads.get(row), row < answers.size() ? answers.get(row) : null, millis);
                if (problem != null) {
                    failed++;
                    if (failures.size() < 3) failures.add("row " + (row + 1) + ": " + problem);
                }
            }
            return new Outcome(true, millis.isEmpty() ? Optional.empty() : Optional.of(Latency.of(millis)), failures, failed, tail(log), port);
        } finally {
            server.interrupt();
            try {
                server.join(Duration.ofSeconds(30).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static boolean awaitPing(HttpClient http, String base, Thread server, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        HttpRequest ping = HttpRequest.newBuilder(URI.create(base + "/ping")).timeout(Duration.ofSeconds(5)).GET().build();
        while (System.nanoTime() < deadline && server.isAlive()) {
            try {
                if (http.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return true;
            } catch (IOException notYet) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            try {
                Thread.sleep(PING_EVERY.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /** Posts one payload; null when the answer came and equals the expected one, else what went wrong. */
    private static String post(HttpClient http, String base, String payload, JsonNode expected, List<Double> millis) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/invocations")).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(payload)).build();
        long start = System.nanoTime();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return "no answer: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
        millis.add((System.nanoTime() - start) / 1e6);
        if (response.statusCode() != 200) {
            return "HTTP " + response.statusCode() + ": " + firstLines(response.body());
        }
        if (expected == null) return null;
        try {
            JsonNode answer = JSON.readTree(response.body());
            return sameAnswer(expected, answer) ? null : "answered " + answer + ", in process " + expected;
        } catch (IOException e) {
            return "an answer that is not JSON: " + firstLines(response.body());
        }
    }

    private static String firstLines(String body) {
        String text = body;
        try {
            JsonNode error = JSON.readTree(body);
            if (error.hasNonNull("message")) text = error.get("message").asText();
        } catch (IOException notJson) {
            // The body as it is.
        }
        return String.join(" | ", text.strip().lines().limit(3).toList());
    }

    private static String tail(Deque<String> log) {
        synchronized (log) {
            return String.join("\n", log);
        }
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw Fault.infrastructure("no free loopback port for the scoring server: " + e.getMessage(), e);
        }
    }

    /**
     * Answers compared as JSON, numbers by value within a relative 1e-9: the server parses the row
     * from JSON, so a float32 feature may reach the model one rounding away from the in-process one.
     */
    static boolean sameAnswer(JsonNode expected, JsonNode actual) {
        if (expected.isNumber() && actual.isNumber()) {
            double a = expected.asDouble();
            double b = actual.asDouble();
            return a == b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
        }
        if (expected.isArray() && actual.isArray() || expected.isObject() && actual.isObject()) {
            if (expected.size() != actual.size()) return false;
            if (expected.isArray()) {
                for (int i = 0; i < expected.size(); i++) {
                    if (!sameAnswer(expected.get(i), actual.get(i))) return false;
                }
                return true;
            }
            for (Map.Entry<String, JsonNode> field : expected.properties()) {
                if (!actual.has(field.getKey()) || !sameAnswer(field.getValue(), actual.get(field.getKey()))) return false;
            }
            return true;
        }
        return expected.equals(actual);
    }
}
