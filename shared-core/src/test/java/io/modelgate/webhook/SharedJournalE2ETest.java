package io.modelgate.webhook;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.modelgate.github.GitHubApiStubs;
import io.modelgate.testbed.PostgresServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two receivers behind one address share one PostgreSQL journal: each delivery is forwarded by one of them, once. */
@Tag("e2e")
class SharedJournalE2ETest {

    private static final int DELIVERIES = 300;

    private final WireMockServer github = new WireMockServer(options().dynamicPort().containerThreads(40));
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
        github.stop();
    }

    @Test
    void eachDeliveryIsForwardedByOneReceiver(@TempDir Path dir) throws Exception {
        PostgresServer postgres = PostgresServer.start();
        open.add(postgres);
        github.start();
        new GitHubApiStubs(github).repository().repositoryDispatch();
        String yaml = "project: shared\n" + DispatchCounter.webhooks("127.0.0.1:0",
                "{ postgres_url: \"" + postgres.jdbcUrl() + "\" }", 4, github);
        Map<String, String> env = Map.of("WEBHOOK_SECRET", ReceiverProject.SECRET, "GH_DISPATCH_TOKEN", "ghs_shared");
        List<ReceiverProject> receivers = new ArrayList<>();
        for (String name : List.of("a", "b")) {
            Path home = Files.createDirectories(dir.resolve(name));
            ReceiverProject receiver = new ReceiverProject(home, yaml, env, (step, params, out) -> {
                throw new AssertionError("no steps route");
            }).start(null);
            open.add(receiver);
            receivers.add(receiver);
        }
        // A load balancer's round robin: deliveries alternate between the two; a few go to both (a retry landing on the other one).
        ExecutorService senders = Executors.newFixedThreadPool(8);
        List<Future<Integer>> answers = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < DELIVERIES; i++) {
            byte[] body = MlflowSender.versionCreated("fraud-detector", String.valueOf(i));
            String id = MlflowSender.newDeliveryId();
            ids.add(id);
            long now = java.time.Instant.now().getEpochSecond();
            ReceiverProject first = receivers.get(i % 2);
            answers.add(senders.submit(() -> send(first, id, now, body)));
            if (i % 25 == 0) {
                ReceiverProject other = receivers.get((i + 1) % 2);
                answers.add(senders.submit(() -> send(other, id, now, body)));
            }
        }
        for (Future<Integer> answer : answers) assertEquals(200, answer.get());
        senders.shutdown();
        ReceiverProject a = receivers.get(0);
        a.await("every delivery forwarded", Duration.ofSeconds(120), () -> a.forwards("delivered") == DELIVERIES);
        Map<String, Integer> dispatched = DispatchCounter.byDeliveryId(github);
        assertEquals(Set.copyOf(ids), dispatched.keySet());
        assertTrue(dispatched.values().stream().allMatch(n -> n == 1), "each delivery forwarded exactly once");
        long byA = a.log.stream().filter(l -> l.startsWith("relay: delivered")).count();
        long byB = receivers.get(1).log.stream().filter(l -> l.startsWith("relay: delivered")).count();
        assertEquals(DELIVERIES, byA + byB);
        assertTrue(byA > 0 && byB > 0, "both receivers forwarded: " + byA + " and " + byB);
        assertEquals(DELIVERIES, a.journal().deliveries());
        long duplicates = receivers.stream().mapToLong(r -> r.server().metrics().deliveries("duplicate")).sum();
        assertEquals(DELIVERIES / 25, duplicates, "the copies that reached the other receiver were recognised");
    }

    private static int send(ReceiverProject receiver, String id, long sentAt, byte[] body) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(MlflowSender.request(receiver.uri(), ReceiverProject.SECRET, id, sentAt, body),
                java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
