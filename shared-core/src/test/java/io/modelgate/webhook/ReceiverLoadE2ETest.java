package io.modelgate.webhook;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.modelgate.github.GitHubApiStubs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A burst of 2,000 signed deliveries from 32 concurrent senders on the SQLite journal: all acknowledged, journaled, forwarded. */
@Tag("e2e")
class ReceiverLoadE2ETest {

    private static final int DELIVERIES = 2_000;
    private static final int SENDERS = 32;

    private final WireMockServer github = new WireMockServer(options().dynamicPort().containerThreads(40));
    private ReceiverProject project;

    @AfterEach
    void stop() {
        if (project != null) project.close();
        github.stop();
    }

    @Test
    void aBurstIsAcknowledgedJournaledAndForwardedWithNoneLost(@TempDir Path dir) throws Exception {
        github.start();
        new GitHubApiStubs(github).repository().repositoryDispatch();
        project = new ReceiverProject(dir, "project: load\n" + DispatchCounter.webhooks("127.0.0.1:0", "{ sqlite: state/webhooks.db }", 8, github), Map.of("WEBHOOK_SECRET", ReceiverProject.SECRET, "GH_DISPATCH_TOKEN", "ghs_load"),
                (step, params, out) -> {
                    throw new AssertionError("no steps route");
                }).start(null);
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        List<Future<?>> work = new ArrayList<>();
        long started = System.nanoTime();
        for (int s = 0; s < SENDERS; s++) {
            int sender = s;
            work.add(senders.submit(() -> {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                for (int i = sender; i < DELIVERIES; i += SENDERS) {
                    var request = MlflowSender.request(project.uri(), ReceiverProject.SECRET, MlflowSender.versionCreated("fraud-detector", String.valueOf(i)));
                    long t0 = System.nanoTime();
                    int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                    latencies.add(System.nanoTime() - t0);
                    assertEquals(200, status);
                }
                return null;
            }));
        }
        for (Future<?> f : work) f.get();
        double seconds = (System.nanoTime() - started) / 1e9;
        senders.shutdown();
        assertEquals(DELIVERIES, project.journal().deliveries(), "every acknowledged delivery is in the journal");
        project.await("every delivery forwarded", Duration.ofSeconds(180), () -> project.forwards("delivered") == DELIVERIES);
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("load: %d deliveries from %d senders in %.2f s (%.0f/s); acknowledgement p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                DELIVERIES, SENDERS, seconds, DELIVERIES / seconds, sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6,
                sorted[sorted.length - 1] / 1e6);
        assertEquals(DELIVERIES, sorted.length);
        assertEquals(Map.of("delivered", (long) DELIVERIES), project.journal().countByState());
        Map<String, Integer> dispatched = DispatchCounter.byDeliveryId(github);
        assertEquals(DELIVERIES, dispatched.size(), "every delivery reached GitHub");
        assertEquals(Set.of(1), Set.copyOf(dispatched.values()), "once each");
    }
}
