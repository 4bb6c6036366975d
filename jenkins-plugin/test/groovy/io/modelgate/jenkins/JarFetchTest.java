package io.modelgate.jenkins;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * resources/io/modelgate/fetch-jar.sh run for real by sh against a Maven repository layout served
 * on loopback: the download, the checksum check, the per-agent cache, and the refusals.
 */
class JarFetchTest {

    private static final Path SCRIPT = LibraryRoot.PATH.resolve("resources/io/modelgate/fetch-jar.sh");
    private static final String PATH = "/maven2/io/modelgate/shared-core/1.2.3/shared-core-1.2.3-cli.jar";

    @TempDir
    Path dir;
    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final byte[] jar = "PK pretend this is modelgate 1.2.3".getBytes(StandardCharsets.UTF_8);
    private String sha1;

    @BeforeEach
    void serveRepository() throws Exception {
        sha1 = digest("SHA-1", jar);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        serve(PATH, jar);
        serve(PATH + ".sha1", (sha1 + "  shared-core-1.2.3-cli.jar\n").getBytes(StandardCharsets.UTF_8));
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void serve(String path, byte[] body) {
        server.createContext(path, exchange -> {
            requests.add(exchange.getRequestURI().getPath());
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
    }

    private String repository() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/maven2/";
    }

    private record Run(int exit, String out, String err) {
    }

    private Run fetch(String version, Map<String, String> extraEnv) throws Exception {
        ProcessBuilder process = new ProcessBuilder("sh", SCRIPT.toString());
        process.environment().put("MODELGATE_REPOSITORY", repository());
        process.environment().put("MODELGATE_VERSION", version);
        process.environment().put("MODELGATE_CACHE", dir.resolve("cache").toString());
        process.environment().putAll(extraEnv);
        process.redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
        int exit = process.start().waitFor();
        return new Run(exit, Files.readString(dir.resolve("out.txt")).trim(), Files.readString(dir.resolve("err.txt")).trim());
    }

    @Test
    void fetchesVerifiesAndThenReusesTheJar() throws Exception {
        Run first = fetch("1.2.3", Map.of());
        Path cached = dir.resolve("cache/1.2.3/modelgate-1.2.3.jar");
        assertEquals(new Run(0, cached.toString(), ""), first);
        assertTrue(java.util.Arrays.equals(jar, Files.readAllBytes(cached)));
        assertEquals(List.of(PATH, PATH + ".sha1"), requests);

        Run second = fetch("1.2.3", Map.of());
        assertEquals(new Run(0, cached.toString(), ""), second);
        assertEquals(2, requests.size(), "the second build on this agent downloads nothing");
    }

    @Test
    void aPinnedSha256IsCheckedToo() throws Exception {
        assertEquals(0, fetch("1.2.3", Map.of("MODELGATE_JAR_SHA256", digest("SHA-256", jar))).exit());

        Files.delete(dir.resolve("cache/1.2.3/modelgate-1.2.3.jar"));
        Run wrong = fetch("1.2.3", Map.of("MODELGATE_JAR_SHA256", "0".repeat(64)));
        assertEquals(3, wrong.exit());
        assertTrue(wrong.err().startsWith("modelgate: checksum mismatch for " + repository() + "io/modelgate/shared-core/1.2.3/shared-core-1.2.3-cli.jar:"), wrong.err());
        assertFalse(Files.exists(dir.resolve("cache/1.2.3/modelgate-1.2.3.jar")));
    }

    @Test
    void aDownloadThatDoesNotMatchItsSha1IsRefusedAndNotKept() throws Exception {
        server.removeContext(PATH + ".sha1");
        serve(PATH + ".sha1", "da39a3ee5e6b4b0d3255bfef95601890afd80709\n".getBytes(StandardCharsets.UTF_8));

        Run run = fetch("1.2.3", Map.of());

        assertEquals(3, run.exit());
        assertTrue(run.err().contains("checksum mismatch") && run.err().endsWith("nothing was kept"), run.err());
        try (var files = Files.list(dir.resolve("cache/1.2.3"))) {
            assertEquals(List.of(), files.toList(), "no jar and no partial download is left in the cache");
        }
    }

    @Test
    void aMissingArtifactIsAnInfrastructureError() throws Exception {
        Run run = fetch("9.9.9", Map.of());

        assertEquals(3, run.exit());
        assertEquals("modelgate: cannot download " + repository() + "io/modelgate/shared-core/9.9.9/shared-core-9.9.9-cli.jar",
                run.err().lines().reduce((a, b) -> b).orElse(""));
    }

    @Test
    void snapshotsAreNotFetchedByCoordinates() throws Exception {
        Run run = fetch("1.3.0-SNAPSHOT", Map.of());

        assertEquals(2, run.exit());
        assertTrue(run.err().contains("is a snapshot"), run.err());
        assertTrue(requests.isEmpty());
    }

    private static String digest(String algorithm, byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    }
}
