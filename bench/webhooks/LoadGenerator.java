import io.modelgate.webhook.Signature;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The webhook benchmark's sender (a single-file program: java -cp modelgate.jar LoadGenerator.java ...):
 * deliveries signed exactly as MLflow 3.17 signs them, sent to a receiver, acknowledgement latency
 * measured from the moment a delivery is due to its answer.
 *
 *   URL SECRET COUNT SENDERS RATE SECONDS WARMUP
 * WARMUP deliveries first (JIT, connections; not counted), then a burst of COUNT deliveries from
 * SENDERS concurrent senders, then RATE deliveries per second for SECONDS (open loop). Prints
 * one line each: burst|paced acknowledged=N refused=N seconds=S per_second=R p50_ms=X p99_ms=Y
 */
public class LoadGenerator {

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        String secret = args[1];
        int count = Integer.parseInt(args[2]);
        int senders = Integer.parseInt(args[3]);
        int rate = Integer.parseInt(args[4]);
        int seconds = Integer.parseInt(args[5]);
        int warmUp = Integer.parseInt(args[6]);
        burst(uri, secret, warmUp, senders);
        System.out.println("burst " + burst(uri, secret, count, senders));
        System.out.println("paced " + paced(uri, secret, rate, seconds));
        System.exit(0);
    }

    /** COUNT deliveries from SENDERS concurrent senders, each waiting for its answer. */
    private static String burst(URI uri, String secret, int count, int senders) throws InterruptedException {
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger next = new AtomicInteger();
        long started = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            Thread thread = new Thread(() -> {
                while (next.getAndIncrement() < count) {
                    send(uri, secret, System.nanoTime(), latencies, refused);
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) thread.join();
        return summary(latencies, refused, started);
    }

    /**
     * RATE deliveries per second for SECONDS, each handed to a sender when due whatever the answers
     * so far (open loop); its latency counts from when it was due, so waiting for a free sender counts.
     */
    private static String paced(URI uri, String secret, int rate, int seconds) throws InterruptedException {
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicInteger refused = new AtomicInteger();
        ExecutorService senders = Executors.newFixedThreadPool(64);
        long started = System.nanoTime();
        long interval = 1_000_000_000L / rate;
        for (int i = 0; i < rate * seconds; i++) {
            long due = started + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            senders.execute(() -> send(uri, secret, due, latencies, refused));
        }
        senders.shutdown();
        senders.awaitTermination(10, TimeUnit.MINUTES);
        return summary(latencies, refused, started);
    }

    private static String summary(ConcurrentLinkedQueue<Long> latencies, AtomicInteger refused, long started) {
        double elapsed = (System.nanoTime() - started) / 1e9;
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        return String.format("acknowledged=%d refused=%d seconds=%.2f per_second=%.0f p50_ms=%.1f p99_ms=%.1f", sorted.length, refused.get(),
                elapsed, sorted.length / elapsed, percentile(sorted, 0.50), percentile(sorted, 0.99));
    }

    private static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) (sorted.length * p))] / 1e6;
    }

    /**
     * One model_version.created delivery as MLflow sends it (json.dumps separators, the three
     * headers, the v1 HMAC-SHA256 signature), on a kept-alive HttpURLConnection: a blocking client
     * that costs the shared cores little, so the receivers' own costs show.
     */
    private static void send(URI uri, String secret, long due, ConcurrentLinkedQueue<Long> latencies, AtomicInteger refused) {
        String id = UUID.randomUUID().toString();
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        String body = "{\"entity\": \"model_version\", \"action\": \"created\", \"timestamp\": \"" + Instant.now() + "\", \"data\": {\"name\": "
                + "\"fraud-detector\", \"version\": \"" + (1 + (id.hashCode() & 0xffff)) + "\", \"source\": \"models:/m-0123456789abcdef\", "
                + "\"run_id\": \"abcd1234abcd5678\", \"tags\": {}, \"description\": null}}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try {
            HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            connection.setFixedLengthStreamingMode(bytes.length);
            connection.setRequestProperty("Content-Type", "application/json");
            connection.setRequestProperty(Signature.DELIVERY_ID_HEADER, id);
            connection.setRequestProperty(Signature.TIMESTAMP_HEADER, timestamp);
            connection.setRequestProperty(Signature.HEADER, Signature.sign(secret, id, timestamp, bytes));
            try (OutputStream out = connection.getOutputStream()) {
                out.write(bytes);
            }
            int status = connection.getResponseCode();
            try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
                if (in != null) in.readAllBytes(); // read to the end, so the connection is kept for the next request
            }
            if (status == 200) latencies.add(System.nanoTime() - due);
            else refused.incrementAndGet();
        } catch (IOException e) {
            refused.incrementAndGet();
        }
    }
}
