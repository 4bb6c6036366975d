package io.modelgate.webhook;

import io.modelgate.config.WebhookForwardingConfig;
import io.modelgate.config.WebhookRouteConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The receiver over real HTTP: what it accepts, what it refuses and how, and what it leaves behind. */
class ReceiverTest {

    static final String SECRET = "current-secret-0123456789";
    static final String PREVIOUS = "previous-secret-9876543210";
    private static final String BODY_MARKER = "body-text-that-never-reaches-a-log";

    @TempDir
    Path dir;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final List<Forward> forwarded = new CopyOnWriteArrayList<>();
    private Journal journal;
    private ReceiverMetrics metrics;
    private Relay relay;
    private Receiver receiver;
    private URI uri;

    @BeforeEach
    void start() {
        startWith(1000);
    }

    private void startWith(int rateLimit) {
        journal = Journal.sqlite(dir.resolve("webhooks.db"), Clock.systemUTC());
        metrics = new ReceiverMetrics(journal::countByState);
        Target recording = forward -> {
            forwarded.add(forward);
            return Target.Outcome.delivered("recorded");
        };
        relay = new Relay(journal, Map.of("all", recording), new WebhookForwardingConfig(2, 3, Duration.ofMillis(50), Duration.ofMillis(200),
                Duration.ofSeconds(5), Duration.ofMillis(50)), metrics, log::add, Clock.systemUTC()).start();
        WebhookRouteConfig all = new WebhookRouteConfig("all", null, null, null, null, null, null, null, List.of());
        receiver = new Receiver(new Receiver.Settings("127.0.0.1", 0, "/webhooks/mlflow", List.of(SECRET, PREVIOUS), Duration.ofMinutes(5),
                4096, rateLimit, null, null, Duration.ofSeconds(5)), journal, new Routes(List.of(all)), Set.of(), relay, metrics, log::add,
                Clock.systemUTC());
        uri = URI.create("http://127.0.0.1:" + receiver.start() + "/webhooks/mlflow");
    }

    @AfterEach
    void stop() {
        receiver.close();
        relay.stop(Duration.ofSeconds(5));
        journal.close();
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] body() {
        return MlflowSender.payload("model_version", "created", Map.of("name", "fraud", "version", "3", "description", BODY_MARKER));
    }

    private void awaitForwarded(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (forwarded.size() < count && System.nanoTime() < deadline) Thread.sleep(10);
        assertEquals(count, forwarded.size());
    }

    @Test
    void aSignedDeliveryIsJournaledAcknowledgedAndForwarded() throws Exception {
        String id = MlflowSender.newDeliveryId();
        HttpResponse<String> answer = send(MlflowSender.request(uri, SECRET, id, Instant.now().getEpochSecond(), body()));
        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals("{\"delivery_id\":\"" + id + "\",\"duplicate\":false,\"routes\":1}", answer.body());
        assertEquals(1, journal.deliveries(), "journaled before the answer");
        awaitForwarded(1);
        RegistryEvent event = forwarded.get(0).event();
        assertEquals(List.of(id, "model_version.created", "fraud", "3"), List.of(event.deliveryId(), event.event(), event.model(), event.version()));
        assertEquals(1, metrics.deliveries("accepted"));
    }

    @Test
    void theSecretBeingRotatedOutStillVerifies() throws Exception {
        assertEquals(200, send(MlflowSender.request(uri, PREVIOUS, body())).statusCode());
        awaitForwarded(1);
    }

    @Test
    void aReplayedDeliveryIdIsAnsweredButNothingMoreIsForwarded() throws Exception {
        HttpRequest request = MlflowSender.request(uri, SECRET, body());
        assertEquals(200, send(request).statusCode());
        HttpResponse<String> again = send(request);
        assertEquals(200, again.statusCode(), "MLflow's own retry must stop, so the answer is 200");
        assertTrue(again.body().contains("\"duplicate\":true"), again.body());
        awaitForwarded(1);
        Thread.sleep(300);
        assertEquals(1, forwarded.size());
        assertEquals(1, journal.deliveries());
        assertEquals(1, metrics.deliveries("duplicate"));
    }

    @Test
    void everyBadDeliveryIsRefusedAndLeavesOnlyACounterAndALogLine() throws Exception {
        byte[] body = body();
        long now = Instant.now().getEpochSecond();
        List<Object[]> cases = new ArrayList<>();
        HttpRequest signed = MlflowSender.request(uri, SECRET, "unsigned-1", now, body);
        cases.add(new Object[]{"unsigned", 401, HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .header(Signature.DELIVERY_ID_HEADER, "unsigned-1").header(Signature.TIMESTAMP_HEADER, Long.toString(now))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build()});
        cases.add(new Object[]{"bad_signature", 401, MlflowSender.request(uri, "a-wrong-secret", body)});
        byte[] tampered = new String(body, StandardCharsets.UTF_8).replace("\"3\"", "\"4\"").getBytes(StandardCharsets.UTF_8);
        cases.add(new Object[]{"bad_signature", 401, HttpRequest.newBuilder(uri).headers(headers(signed))
                .POST(HttpRequest.BodyPublishers.ofByteArray(tampered)).build()});
        cases.add(new Object[]{"stale", 401, MlflowSender.request(uri, SECRET, "old-1", now - 330, body)});
        cases.add(new Object[]{"stale", 401, MlflowSender.request(uri, SECRET, "future-1", now + 330, body)});
        cases.add(new Object[]{"wrong_content_type", 415, HttpRequest.newBuilder(uri).headers(headers(signed)).setHeader("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build()});
        byte[] big = MlflowSender.payload("model_version", "created", Map.of("name", "fraud", "description", BODY_MARKER.repeat(200)));
        cases.add(new Object[]{"too_large", 413, MlflowSender.request(uri, SECRET, big)});
        HttpRequest bigSigned = MlflowSender.request(uri, SECRET, big);
        cases.add(new Object[]{"too_large", 413, HttpRequest.newBuilder(uri).headers(headers(bigSigned))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build()});
        byte[] notJson = (BODY_MARKER + " {").getBytes(StandardCharsets.UTF_8);
        cases.add(new Object[]{"malformed", 400, MlflowSender.request(uri, SECRET, notJson)});
        for (Object[] c : cases) {
            HttpResponse<String> answer = send((HttpRequest) c[2]);
            assertEquals(c[1], answer.statusCode(), c[0] + ": " + answer.body());
            assertEquals("{\"error\":\"" + c[0] + "\"}", answer.body());
        }
        assertEquals(405, send(HttpRequest.newBuilder(uri).GET().build()).statusCode());
        assertEquals(404, send(HttpRequest.newBuilder(uri.resolve("/elsewhere")).GET().build()).statusCode());
        Thread.sleep(300);
        assertEquals(0, journal.deliveries(), "nothing journaled");
        assertEquals(List.of(), forwarded, "nothing forwarded");
        assertEquals(1, metrics.deliveries("unsigned"));
        assertEquals(2, metrics.deliveries("stale"));
        assertEquals(2, metrics.deliveries("too_large"));
        assertEquals(2, metrics.deliveries("bad_signature"));
        assertEquals(1, metrics.deliveries("wrong_content_type"));
        assertEquals(1, metrics.deliveries("malformed"));
        List<String> refusals = log.stream().filter(line -> line.startsWith("receiver: refused")).toList();
        assertEquals(cases.size(), refusals.size(), String.join("\n", log));
        assertTrue(log.stream().noneMatch(line -> line.contains(BODY_MARKER) || line.contains(SECRET)), "no body, no secret in the log");
    }

    private static String[] headers(HttpRequest signed) {
        List<String> pairs = new ArrayList<>();
        signed.headers().map().forEach((name, values) -> values.forEach(value -> {
            pairs.add(name);
            pairs.add(value);
        }));
        return pairs.toArray(String[]::new);
    }

    @Test
    void healthReadinessAndMetrics() throws Exception {
        send(MlflowSender.request(uri, SECRET, body()));
        send(MlflowSender.request(uri, "wrong", body()));
        awaitForwarded(1);
        // The target has returned; its outcome is committed just after.
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!Map.of("delivered", 1L).equals(journal.countByState()) && System.nanoTime() < deadline) Thread.sleep(10);
        assertEquals(200, send(HttpRequest.newBuilder(uri.resolve("/healthz")).build()).statusCode());
        assertEquals(200, send(HttpRequest.newBuilder(uri.resolve("/readyz")).build()).statusCode());
        HttpResponse<String> scrape = send(HttpRequest.newBuilder(uri.resolve("/metrics")).build());
        assertEquals(200, scrape.statusCode());
        assertTrue(scrape.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"), scrape.headers().toString());
        String text = scrape.body();
        assertTrue(text.contains("modelgate_webhook_deliveries_total{outcome=\"accepted\"} 1.0"), text);
        assertTrue(text.contains("modelgate_webhook_deliveries_total{outcome=\"bad_signature\"} 1.0"), text);
        assertTrue(text.contains("modelgate_webhook_ack_seconds_count 1"), text);
        assertTrue(text.contains("modelgate_webhook_forwards_total{outcome=\"delivered\",route=\"all\"} 1.0"), text);
        assertTrue(text.contains("modelgate_webhook_journal_forwards{state=\"delivered\"} 1.0"), text);
    }

    @Test
    void aFloodFromOneAddressIsAnswered429() throws Exception {
        stop();
        startWith(5);
        // All at once, so that even a slow machine sends them faster than 5 per second.
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 40; i++) answers.add(http.sendAsync(MlflowSender.request(uri, SECRET, body()), HttpResponse.BodyHandlers.ofString()));
        int limited = 0;
        for (var answer : answers) {
            int status = answer.get().statusCode();
            if (status == 429) limited++;
            else assertEquals(200, status);
        }
        assertTrue(limited > 0, "some of 40 requests at once over a limit of 5/s were refused");
        assertEquals(limited, metrics.deliveries("rate_limited"));
        assertEquals(200, send(HttpRequest.newBuilder(uri.resolve("/healthz")).build()).statusCode(), "health is not rate limited");
    }

    @Test
    void servesHttpsWithTheConfiguredKeystore() throws Exception {
        Path keystore = dir.resolve("receiver.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                "-alias", "receiver", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "tls-pass-1234")
                .redirectErrorStream(true).start();
        keytool.getInputStream().readAllBytes();
        assertEquals(0, keytool.waitFor());
        Receiver https = new Receiver(new Receiver.Settings("127.0.0.1", 0, "/webhooks/mlflow", List.of(SECRET), Duration.ofMinutes(5), 4096,
                1000, keystore, "tls-pass-1234", Duration.ofSeconds(5)), journal, new Routes(List.of()), Set.of(), relay, metrics, log::add,
                Clock.systemUTC());
        try {
            URI secure = URI.create("https://127.0.0.1:" + https.start() + "/webhooks/mlflow");
            java.security.KeyStore trusted = java.security.KeyStore.getInstance("PKCS12");
            try (var in = java.nio.file.Files.newInputStream(keystore)) {
                trusted.load(in, "tls-pass-1234".toCharArray());
            }
            javax.net.ssl.TrustManagerFactory trust = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
            tls.init(null, trust.getTrustManagers(), null);
            HttpClient client = HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1).build();
            assertEquals(200, client.send(MlflowSender.request(secure, SECRET, body()), HttpResponse.BodyHandlers.ofString()).statusCode());
            assertEquals(1, journal.deliveries());
        } finally {
            https.close();
        }
    }
}
