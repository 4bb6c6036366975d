package io.modelgate.webhook;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.modelgate.github.GitHubApiStubs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code modelgate webhooks serve} in a JVM of its own, killed with SIGKILL in the middle of a
 * burst and started again on the same journal: every acknowledged delivery is forwarded, and a
 * delivery is forwarded twice only if it was being forwarded at the kill (at most one per worker).
 */
@Tag("e2e")
class ReceiverKilledE2ETest {

    private static final int DELIVERIES = 400;
    private static final int SENDERS = 8;
    private static final int WORKERS = 4;
    private static final int WARM_UP = 20;

    private final WireMockServer github = new WireMockServer(options().dynamicPort().containerThreads(40));
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
    private Process receiver;

    @AfterEach
    void stop() {
        if (receiver != null) receiver.destroyForcibly();
        github.stop();
    }

    @Test
    void nothingAcknowledgedIsLostAndRepeatsStayWithinTheAtLeastOnceBound(@TempDir Path dir) throws Exception {
        github.start();
        new GitHubApiStubs(github).repository();
        // A dispatch takes a little while, so that forwards are under way when the receiver dies.
        github.stubFor(post(urlPathEqualTo("/repos/" + GitHubApiStubs.REPOSITORY + "/dispatches")).willReturn(aResponse().withStatus(204)
                .withFixedDelay(15)));
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Files.writeString(dir.resolve("modelgate.yaml"), "project: killed\n"
                + DispatchCounter.webhooks("127.0.0.1:" + port, "{ sqlite: state/webhooks.db }", WORKERS, github));
        URI uri = URI.create("http://127.0.0.1:" + port + "/webhooks/mlflow");

        receiver = serve(dir, "first");
        awaitReady(uri);
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        List<Future<?>> burst = new ArrayList<>();
        List<HttpRequest> requests = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < DELIVERIES; i++) {
            String id = MlflowSender.newDeliveryId();
            ids.add(id);
            requests.add(MlflowSender.request(uri, ReceiverProject.SECRET, id, java.time.Instant.now().getEpochSecond(),
                    MlflowSender.versionCreated("fraud-detector", String.valueOf(i + 1))));
        }
        // A first few, forwarded before the burst, so that forwarding runs at full speed when the receiver dies.
        for (int i = 0; i < WARM_UP; i++) {
            assertEquals(200, http.send(requests.get(i), HttpResponse.BodyHandlers.discarding()).statusCode());
            acknowledged.add(ids.get(i));
        }
        while (DispatchCounter.byDeliveryId(github).size() < WARM_UP) Thread.sleep(20);
        // Each sender retries a delivery that got no answer, as MLflow's urllib3 Retry does (same id, same signature).
        for (int s = 0; s < SENDERS; s++) {
            int sender = s;
            burst.add(senders.submit(() -> {
                for (int i = WARM_UP + sender; i < DELIVERIES; i += SENDERS) {
                    for (int attempt = 0; attempt < 200; attempt++) {
                        try {
                            if (http.send(requests.get(i), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                                acknowledged.add(ids.get(i));
                                break;
                            }
                        } catch (IOException e) {
                            sleep(100);
                        }
                    }
                }
                return null;
            }));
        }
        while (acknowledged.size() < DELIVERIES / 2) Thread.sleep(2);
        receiver.destroyForcibly(); // SIGKILL: no shutdown hook, no release of claims
        assertTrue(receiver.waitFor(10, TimeUnit.SECONDS));
        int acknowledgedAtKill = acknowledged.size();
        Map<String, Integer> beforeRestart = DispatchCounter.byDeliveryId(github);
        assertTrue(acknowledgedAtKill < DELIVERIES, "killed in the middle of the burst");

        receiver = serve(dir, "second");
        for (Future<?> sender : burst) sender.get(120, TimeUnit.SECONDS);
        senders.shutdown();
        assertEquals(DELIVERIES, acknowledged.size(), "every delivery acknowledged once the receiver is back");
        try (Journal journal = Journal.sqlite(dir.resolve("state/webhooks.db"), Clock.systemUTC())) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (journal.countByState().getOrDefault("delivered", 0L) < DELIVERIES && System.nanoTime() < deadline) Thread.sleep(100);
            assertEquals(Map.of("delivered", (long) DELIVERIES), journal.countByState(), Files.readString(dir.resolve("second.err")));
            assertEquals(DELIVERIES, journal.deliveries());
        }
        Map<String, Integer> dispatched = DispatchCounter.byDeliveryId(github);
        assertEquals(Set.copyOf(ids), dispatched.keySet(), "every acknowledged delivery was forwarded");
        int repeats = dispatched.values().stream().mapToInt(n -> n - 1).sum();
        System.out.printf("receiver killed after %d of %d acknowledged (%d dispatched before the kill); %d dispatched twice after the restart "
                + "(bound: %d workers)%n", acknowledgedAtKill, DELIVERIES, beforeRestart.size(), repeats, WORKERS);
        assertTrue(dispatched.values().stream().allMatch(n -> n <= 2), "no delivery forwarded more than twice");
        assertTrue(repeats <= WORKERS, repeats + " repeats; only forwards under way at the kill may repeat, at most one per worker");
        assertTrue(Files.readString(dir.resolve("second.err")).contains("due again"), "the restart took back the dead run's claims");

        receiver.destroy(); // SIGTERM: a graceful stop
        assertTrue(receiver.waitFor(30, TimeUnit.SECONDS));
        assertTrue(Files.readString(dir.resolve("second.err")).contains("receiver: stopped"), Files.readString(dir.resolve("second.err")));
    }

    private Process serve(Path dir, String name) throws IOException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), "io.modelgate.cli.Main", "webhooks", "serve");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve(name + ".out").toFile()).redirectError(dir.resolve(name + ".err").toFile());
        builder.environment().put("WEBHOOK_SECRET", ReceiverProject.SECRET);
        builder.environment().put("GH_DISPATCH_TOKEN", "ghs_killed");
        return builder.start();
    }

    private void awaitReady(URI uri) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(uri.resolve("/readyz")).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("the receiver never became ready");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
