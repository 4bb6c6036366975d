package io.modelgate.testbed;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A real {@code mlflow server} on a free loopback port: sqlite backend and proxied artifact store
 * in a temporary folder, one worker. Optionally the basic-auth app, with a generated admin.
 *
 * <p>Clients need only {@link #uri()}: artifacts are served through the tracking server
 * ({@code --serve-artifacts}), so a Python client logs models over HTTP like it would in CI.
 */
public final class MlflowServer implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
    private static final int LOG_TAIL_LINES = 40;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PythonToolchain python;
    private final Path dir;
    private final int port;
    private final boolean basicAuth;
    private final String adminPassword;
    /** A Fernet key (32 random bytes, URL-safe base64) for the webhook secrets MLflow stores. */
    private final String webhookSecretKey = fernetKey();
    // HTTP/1.1: the default upgrade attempt to HTTP/2 only earns a warning in uvicorn's log.
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    // Kills the server if the test JVM exits without closing it (a crashed or aborted run),
    // so no orphaned servers pile up on a CI machine.
    private final Thread shutdownHook = new Thread(this::kill, "mlflow-server-shutdown");
    private Process process;

    private MlflowServer(PythonToolchain python, boolean basicAuth) throws IOException {
        this.python = python;
        this.basicAuth = basicAuth;
        this.dir = Files.createTempDirectory("modelgate-mlflow-");
        this.port = freeLoopbackPort();
        this.adminPassword = basicAuth ? "admin-" + UUID.randomUUID() : null;
        if (basicAuth) {
            writeAuthConfig();
        }
    }

    /** Starts a plain server and waits until it answers {@code /health}. */
    public static MlflowServer start() {
        return start(false);
    }

    /** Starts the basic-auth app: anonymous requests get 401; {@link #adminUser()} is admin. */
    public static MlflowServer startWithBasicAuth() {
        return start(true);
    }

    private static MlflowServer start(boolean basicAuth) {
        MlflowServer server;
        try {
            server = new MlflowServer(PythonToolchain.get(), basicAuth);
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare the MLflow server folder", e);
        }
        Runtime.getRuntime().addShutdownHook(server.shutdownHook);
        try {
            server.launch();
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    public String uri() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** The server's stdout and stderr, appended across restarts. */
    public Path logFile() {
        return dir.resolve("server.log");
    }

    public boolean basicAuth() {
        return basicAuth;
    }

    public String adminUser() {
        requireBasicAuth();
        return "admin";
    }

    public String adminPassword() {
        requireBasicAuth();
        return adminPassword;
    }

    /**
     * What a Python MLflow client needs to reach this server: the tracking URI, the admin
     * credentials in basic-auth mode, and telemetry off (the test bed is offline).
     */
    public Map<String, String> clientEnvironment() {
        Map<String, String> env = new HashMap<>(quietEnvironment());
        env.put("MLFLOW_TRACKING_URI", uri());
        if (basicAuth) {
            env.put("MLFLOW_TRACKING_USERNAME", adminUser());
            env.put("MLFLOW_TRACKING_PASSWORD", adminPassword);
        }
        return env;
    }

    /** Stops the server gracefully (the whole process tree) and waits for it to end. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> tree = processTree();
        tree.forEach(ProcessHandle::destroy);
        awaitExit(tree, STOP_TIMEOUT);
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        awaitExit(tree, STOP_TIMEOUT);
        process = null;
    }

    /** Kills the whole process tree at once, as a crash would; call {@link #restart()} to recover. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> tree = processTree();
        tree.forEach(ProcessHandle::destroyForcibly);
        awaitExit(tree, STOP_TIMEOUT);
        process = null;
    }

    /** Stops the server if it runs and starts it again on the same port and the same database. */
    public synchronized void restart() {
        stop();
        launch();
    }

    /** Ends the server and deletes its database, artifacts and log. */
    @Override
    public void close() {
        kill(); // the data is deleted next, so there is nothing to shut down gracefully for
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // close() runs from the hook itself or during JVM exit: nothing left to unregister.
        }
        deleteRecursively(dir);
    }

    /** Creates a user through the auth REST API, as admin. */
    public void createUser(String username, String password) {
        adminPost("/api/2.0/mlflow/users/create", Map.of("username", username, "password", password));
    }

    /**
     * Grants a user a permission ({@code READ}, {@code USE}, {@code EDIT}, {@code MANAGE}) on one
     * registered model, as admin. MLflow 3.17 removed the per-resource
     * {@code registered-models/permissions/create} endpoint; the unified grant API replaces it.
     */
    public void grantModelPermission(String username, String modelName, String permission) {
        adminPost("/api/3.0/mlflow/users/permissions/grant", Map.of(
                "username", username,
                "resource_type", "registered_model",
                "resource_id", modelName,
                "permission", permission));
    }

    /** A {@code Basic} Authorization header value. */
    public static String basicAuthHeader(String username, String password) {
        String pair = username + ":" + password;
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    private synchronized void launch() {
        List<String> command = command();
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()));
        builder.environment().putAll(quietEnvironment());
        builder.environment().putAll(webhookEnvironment());
        if (basicAuth) {
            builder.environment().put("MLFLOW_AUTH_CONFIG_PATH", dir.resolve("basic_auth.ini").toString());
            // Read only on the first start, to create the admin in the empty user store. MLflow
            // ships no default admin password and refuses one shorter than 12 characters.
            builder.environment().put("MLFLOW_AUTH_ADMIN_USERNAME", "admin");
            builder.environment().put("MLFLOW_AUTH_ADMIN_PASSWORD", adminPassword);
            // The auth app refuses to start without a static CSRF key (used only by its sign-up form).
            builder.environment().put("MLFLOW_FLASK_SERVER_SECRET_KEY", "csrf-" + adminPassword);
        }
        try {
            process = builder.start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + String.join(" ", command), e);
        }
        awaitHealthy(command);
    }

    private List<String> command() {
        List<String> command = new ArrayList<>(List.of(
                python.bin("mlflow").toString(), "server",
                "--backend-store-uri", "sqlite:///" + dir.resolve("mlflow.db"),
                // Artifacts go through the server (mlflow-artifacts:/ URIs) into this folder.
                "--serve-artifacts",
                "--artifacts-destination", dir.resolve("artifacts").toString(),
                "--host", "127.0.0.1",
                "--port", Integer.toString(port),
                "--workers", "1"));
        if (basicAuth) {
            command.addAll(List.of("--app-name", "basic-auth"));
        }
        return command;
    }

    private static Map<String, String> quietEnvironment() {
        return Map.of(
                "MLFLOW_DISABLE_TELEMETRY", "true",
                "DO_NOT_TRACK", "true",
                // The server's background job runner (huey) is not used by the test bed; without
                // it the server starts faster and leaves one process fewer behind.
                "MLFLOW_SERVER_ENABLE_JOB_EXECUTION", "false",
                // Log lines reach the log file at once, so a failure report shows the last ones.
                "PYTHONUNBUFFERED", "1");
    }

    /**
     * MLflow 3.17's webhook delivery, set up for a receiver on this machine (test-only settings,
     * mlflow/environment_variables.py): plain http and loopback targets allowed (by default only
     * https to public addresses), a fixed key for the webhook secrets in the database (by default a
     * new one per process, so secrets would not survive {@link #restart()}), and the server's cache
     * of webhooks per event kept one second instead of sixty, so a webhook a test creates is used at once.
     */
    private Map<String, String> webhookEnvironment() {
        return Map.of(
                "MLFLOW_WEBHOOK_ALLOWED_SCHEMES", "http,https",
                "MLFLOW_WEBHOOK_ALLOW_PRIVATE_IPS", "true",
                "MLFLOW_WEBHOOK_SECRET_ENCRYPTION_KEY", webhookSecretKey,
                "MLFLOW_WEBHOOK_CACHE_TTL", "1");
    }

    private void awaitHealthy(List<String> command) {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        HttpRequest health = HttpRequest.newBuilder(URI.create(uri() + "/health"))
                .timeout(Duration.ofSeconds(2)).build();
        try {
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("mlflow server exited with code " + process.exitValue()
                            + " before answering /health.\ncommand: " + String.join(" ", command)
                            + "\nlog tail (" + logFile() + "):\n" + logTail());
                }
                try {
                    if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return;
                    }
                } catch (IOException notListeningYet) {
                    // Still importing MLflow: the port opens a few seconds after launch.
                }
                if (Instant.now().isAfter(deadline)) {
                    String tail = logTail();
                    kill();
                    throw new IllegalStateException("mlflow server did not answer " + uri()
                            + "/health within " + START_TIMEOUT.toSeconds() + " s.\ncommand: "
                            + String.join(" ", command) + "\nlog tail (" + logFile() + "):\n" + tail);
                }
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
            throw new IllegalStateException("interrupted while waiting for the MLflow server", e);
        }
    }

    private void adminPost(String path, Map<String, String> body) {
        requireBasicAuth();
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(uri() + path))
                    .header("Authorization", basicAuthHeader(adminUser(), adminPassword))
                    .header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("POST " + path + " answered " + response.statusCode()
                        + ": " + response.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("POST " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during POST " + path, e);
        }
    }

    private void writeAuthConfig() throws IOException {
        // The shipped basic_auth.ini keeps its user database in the working directory; this one
        // keeps it next to the tracking database so a restart finds the same users.
        // Checking a password costs ~0.6 s of scrypt, on every request unless cached; with one
        // worker the cache cannot go stale (password and admin changes invalidate it at once).
        Files.writeString(dir.resolve("basic_auth.ini"), String.join("\n",
                "[mlflow]",
                "default_permission = READ",
                "database_uri = sqlite:///" + dir.resolve("basic_auth.db"),
                "auth_cache_ttl_seconds = 3600",
                ""));
    }

    private void requireBasicAuth() {
        if (!basicAuth) {
            throw new IllegalStateException("this MLflow server runs without authentication; "
                    + "start it with MlflowServer.startWithBasicAuth()");
        }
    }

    /** The launcher and every process below it (uvicorn's worker), collected while they are alive. */
    private List<ProcessHandle> processTree() {
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(process.toHandle());
        process.descendants().forEach(tree::add);
        return tree;
    }

    private static void awaitExit(List<ProcessHandle> tree, Duration timeout) {
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                return; // the caller escalates, or gives up on a process that will not die
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile(), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static String fernetKey() {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        return Base64.getUrlEncoder().encodeToString(key);
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // Only a leftover temp folder; the OS cleans it.
        }
    }
}
