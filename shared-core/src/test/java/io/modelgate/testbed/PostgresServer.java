package io.modelgate.testbed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server from the distribution's package ({@code apt-get install postgresql}):
 * a fresh cluster (initdb, trust authentication) in a temporary folder, on a free loopback port,
 * stopped and deleted by {@link #close()}. PostgreSQL refuses to run as root, so under root (CI
 * runs as root) the cluster belongs to the package's {@code postgres} user and runs through runuser.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String USER = "modelgate";
    private static final Path PACKAGE_ROOT = Path.of("/usr/lib/postgresql");

    private final Path dir;
    private final int port;
    private final Process process;
    private final boolean asRoot;

    private PostgresServer(Path dir, int port, Process process, boolean asRoot) {
        this.dir = dir;
        this.port = port;
        this.process = process;
        this.asRoot = asRoot;
    }

    /** initdb, start, and wait until it takes connections. */
    public static PostgresServer start() {
        Path bin = binaries();
        boolean asRoot = "root".equals(System.getProperty("user.name"));
        try {
            Path dir = Files.createTempDirectory("modelgate-postgres-");
            if (asRoot) {
                UserPrincipal postgres = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
                Files.setOwner(dir, postgres);
            }
            Path data = dir.resolve("data");
            run(asRoot, dir, List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-A", "trust", "-U", USER,
                    "--no-sync", "-E", "UTF8"));
            int port = freeLoopbackPort();
            List<String> command = as(asRoot, List.of(bin.resolve("postgres").toString(), "-D", data.toString(), "-p", String.valueOf(port),
                    "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=" + dir, "-c", "max_connections=50"));
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("server.log").toFile()).start();
            PostgresServer server = new PostgresServer(dir, port, process, asRoot);
            server.awaitConnections();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start PostgreSQL from " + bin, e);
        }
    }

    /** The newest installed major version's bin folder. */
    private static Path binaries() {
        try (Stream<Path> versions = Files.list(PACKAGE_ROOT)) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("postgres")))
                    .max(Comparator.comparingInt(b -> Integer.parseInt(b.getParent().getFileName().toString().replaceAll("\\D", "0"))))
                    .orElseThrow(() -> new IllegalStateException("no PostgreSQL under " + PACKAGE_ROOT + ": apt-get install -y postgresql"));
        } catch (IOException e) {
            throw new IllegalStateException("no PostgreSQL under " + PACKAGE_ROOT + ": apt-get install -y postgresql", e);
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=" + USER;
    }

    public int port() {
        return port;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl());
    }

    private void awaitConnections() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try (Connection ignored = connect()) {
                return;
            } catch (SQLException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    String log = log();
                    close();
                    throw new IllegalStateException("PostgreSQL did not take connections on port " + port + ":\n" + log);
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("server.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /** Fast shutdown (SIGINT to the postmaster: open sessions are ended), then the folder is deleted. */
    @Override
    public void close() {
        try {
            Path pidFile = dir.resolve("data/postmaster.pid");
            if (Files.exists(pidFile)) {
                long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
                new ProcessBuilder("kill", "-INT", String.valueOf(pid)).start().waitFor(10, TimeUnit.SECONDS);
            }
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (IOException | RuntimeException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // only a leftover temp folder
        }
    }

    private static List<String> as(boolean asRoot, List<String> command) {
        if (!asRoot) return command;
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    private static void run(boolean asRoot, Path dir, List<String> command) throws IOException {
        Process process = new ProcessBuilder(as(asRoot, command)).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("initdb.log").toFile()).start();
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + Files.readString(dir.resolve("initdb.log")));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
