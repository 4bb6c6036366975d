package io.modelgate.webhook;

import io.modelgate.fault.Fault;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.DoSHandler;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The webhook receiver: an embedded Jetty that verifies each delivery as MLflow signs it, writes
 * it to the journal, and only then answers 200. Unsigned, badly signed or stale deliveries get
 * 401 and leave nothing but a counter and a log line (never the body). Also {@code /healthz}
 * (the process answers), {@code /readyz} (the journal answers and the receiver is not draining)
 * and {@code /metrics} (Prometheus text format).
 */
public final class Receiver implements AutoCloseable {

    /**
     * How the receiver listens and verifies.
     *
     * @param secrets   the accepted signing secrets: the current one, and the previous one during a rotation
     * @param keystore  PKCS#12 keystore to serve HTTPS with, or null for plain HTTP
     * @param drain     how long a graceful stop waits for requests under way
     */
    public record Settings(String host, int port, String path, List<String> secrets, Duration tolerance, int maxBodyBytes,
                           int rateLimit, Path keystore, String keystorePassword, Duration drain) {
    }

    private static final String JSON = "application/json";

    private final Settings settings;
    private final Journal journal;
    private final Routes routes;
    private final Set<String> serialRoutes;
    private final Relay relay;
    private final ReceiverMetrics metrics;
    private final Consumer<String> log;
    private final Clock clock;
    private final Server server;
    private final ServerConnector connector;
    private volatile boolean draining;

    /** @param serialRoutes the routes whose deliveries run one at a time per model (steps routes) */
    public Receiver(Settings settings, Journal journal, Routes routes, Set<String> serialRoutes, Relay relay, ReceiverMetrics metrics,
                    Consumer<String> log, Clock clock) {
        this.settings = settings;
        this.journal = journal;
        this.routes = routes;
        this.serialRoutes = serialRoutes;
        this.relay = relay;
        this.metrics = metrics;
        this.log = log;
        this.clock = clock;
        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("receiver");
        threads.setDaemon(true);
        this.server = new Server(threads);
        if (settings.keystore() != null) {
            SslContextFactory.Server tls = new SslContextFactory.Server();
            tls.setKeyStorePath(settings.keystore().toString());
            tls.setKeyStorePassword(settings.keystorePassword());
            tls.setKeyStoreType("PKCS12");
            this.connector = new ServerConnector(server, tls);
        } else {
            this.connector = new ServerConnector(server, new HttpConnectionFactory());
        }
        connector.setHost(settings.host());
        connector.setPort(settings.port());
        server.addConnector(connector);
        // Per client address: MLflow's server is one client, so this bounds a flood from anywhere else.
        DoSHandler limit = new DoSHandler(new Deliveries(), DoSHandler.ID_FROM_REMOTE_ADDRESS,
                new DoSHandler.LeakingBucketTrackerFactory(settings.rateLimit()), (request, response, callback) -> {
                    metrics.delivery("rate_limited");
                    response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
                    response.getHeaders().put(HttpHeader.CONNECTION, "close");
                    reply(response, callback, 429, "{\"error\":\"too many requests\"}");
                    return true;
                }, 10_000);
        limit.includePath(settings.path());
        server.setHandler(new GracefulHandler(new Endpoints(limit)));
        server.setStopTimeout(settings.drain().toMillis());
        server.setStopAtShutdown(false);
    }

    /** Starts listening; returns the port (the one the system chose when the settings say 0). */
    public int start() {
        try {
            server.start();
        } catch (Exception e) {
            throw Fault.infrastructure("cannot listen on " + settings.host() + ":" + settings.port() + ": " + e.getMessage(), e);
        }
        log.accept("receiver: listening on " + (settings.keystore() != null ? "https" : "http") + "://" + settings.host() + ":"
                + connector.getLocalPort() + settings.path() + " (journal: " + journal.where() + ")");
        return connector.getLocalPort();
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** Graceful stop: /readyz fails at once, new requests are refused, requests under way finish within the drain time. */
    @Override
    public void close() {
        draining = true;
        try {
            server.stop();
        } catch (Exception e) {
            log.accept("receiver: stopped with " + e.getMessage());
        }
    }

    /** /healthz, /readyz and /metrics; everything else goes to the deliveries path (behind the rate limit) or 404. */
    private final class Endpoints extends Handler.Wrapper {

        Endpoints(Handler deliveries) {
            super(deliveries);
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            String path = Request.getPathInContext(request);
            switch (path) {
                case "/healthz" -> reply(response, callback, 200, "{\"status\":\"ok\"}");
                case "/readyz" -> {
                    boolean ready = !draining && journal.isReachable();
                    reply(response, callback, ready ? 200 : 503, ready ? "{\"status\":\"ready\"}" : "{\"status\":\"not ready\"}");
                }
                case "/metrics" -> {
                    response.setStatus(200);
                    response.getHeaders().put(HttpHeader.CONTENT_TYPE, metrics.contentType());
                    response.write(true, BufferUtil.toBuffer(metrics.scrape()), callback);
                }
                default -> {
                    if (!path.equals(settings.path())) {
                        reply(response, callback, 404, "{\"error\":\"not found\"}");
                    } else {
                        return super.handle(request, response, callback);
                    }
                }
            }
            return true;
        }
    }

    /** A delivery: checked, read (bounded), verified, journaled, then acknowledged. Nothing here blocks a thread. */
    private final class Deliveries extends Handler.Abstract.NonBlocking {

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            long started = System.nanoTime();
            String from = Request.getRemoteAddr(request);
            if (!request.getMethod().equals("POST")) {
                response.getHeaders().put(HttpHeader.ALLOW, "POST");
                reply(response, callback, 405, "{\"error\":\"deliveries are POSTed\"}");
                return true;
            }
            String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
            if (type == null || !type.split(";")[0].trim().equalsIgnoreCase(JSON)) {
                refuse(response, callback, 415, "wrong_content_type", from, request, "content type " + type + " is not application/json");
                return true;
            }
            if (request.getLength() > settings.maxBodyBytes()) {
                refuse(response, callback, 413, "too_large", from, request, "body of " + request.getLength() + " bytes is over "
                        + settings.maxBodyBytes());
                return true;
            }
            Content.Source.asByteArrayAsync(request, settings.maxBodyBytes()).whenComplete((body, failure) -> {
                if (failure != null) {
                    refuse(response, callback, 413, "too_large", from, request, "body over " + settings.maxBodyBytes() + " bytes");
                } else {
                    accept(request, response, callback, body, from, started);
                }
            });
            return true;
        }
    }

    private void accept(Request request, Response response, Callback callback, byte[] body, String from, long started) {
        String id = request.getHeaders().get(Signature.DELIVERY_ID_HEADER);
        String timestamp = request.getHeaders().get(Signature.TIMESTAMP_HEADER);
        String signature = request.getHeaders().get(Signature.HEADER);
        if (id == null || timestamp == null || signature == null) {
            refuse(response, callback, 401, "unsigned", from, request, "no " + (signature == null ? Signature.HEADER
                    : id == null ? Signature.DELIVERY_ID_HEADER : Signature.TIMESTAMP_HEADER) + " header");
            return;
        }
        if (!Signature.verify(settings.secrets(), id, timestamp, body, signature)) {
            refuse(response, callback, 401, "bad_signature", from, request, "the signature does not match (wrong secret, or the body was changed)");
            return;
        }
        long sentAt;
        try {
            sentAt = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            refuse(response, callback, 401, "stale", from, request, "timestamp " + timestamp + " is not Unix seconds");
            return;
        }
        long skew = Math.abs(clock.millis() / 1000 - sentAt);
        if (skew > settings.tolerance().toSeconds()) {
            refuse(response, callback, 401, "stale", from, request, "timestamp is " + skew + " s from the receiver's clock (tolerance "
                    + settings.tolerance().toSeconds() + " s)");
            return;
        }
        RegistryEvent event;
        try {
            event = RegistryEvent.parse(id, body);
        } catch (IllegalArgumentException e) {
            refuse(response, callback, 400, "malformed", from, request, e.getMessage());
            return;
        }
        List<String> matched = routes.matching(event);
        // Answered on the server's threads, so the journal's writer goes straight on to its next commit.
        journal.append(event, sentAt, body, matched, matched.stream().filter(serialRoutes::contains).toList()).whenCompleteAsync((fresh, failure) -> {
            if (failure != null) {
                metrics.delivery("journal_unavailable");
                log.accept("receiver: cannot journal delivery " + id + ": " + failure.getMessage() + "; answered 503, MLflow retries");
                response.getHeaders().put(HttpHeader.RETRY_AFTER, "5");
                reply(response, callback, 503, "{\"error\":\"journal unavailable\"}");
                return;
            }
            metrics.delivery(fresh ? "accepted" : "duplicate");
            metrics.acknowledged(System.nanoTime() - started);
            if (fresh && !matched.isEmpty()) {
                relay.wake();
            } else if (!fresh) {
                log.accept("receiver: delivery " + id + " is already journaled (a retry or a replay); nothing new is forwarded");
            }
            reply(response, callback, 200, "{\"delivery_id\":\"" + id.replace("\"", "") + "\",\"duplicate\":" + !fresh
                    + ",\"routes\":" + matched.size() + "}");
        }, server.getThreadPool());
    }

    /** A refusal: a counter, one log line (never the body), and the status. */
    private void refuse(Response response, Callback callback, int status, String outcome, String from, Request request, String why) {
        metrics.delivery(outcome);
        String id = request.getHeaders().get(Signature.DELIVERY_ID_HEADER);
        String shownId = id == null ? null : id.substring(0, Math.min(id.length(), 64)).replaceAll("[^\\w.-]", "?");
        log.accept("receiver: refused a delivery from " + from + (shownId == null ? "" : " (id " + shownId + ")")
                + ": " + outcome + ": " + why);
        reply(response, callback, status, "{\"error\":\"" + outcome + "\"}");
    }

    private static void reply(Response response, Callback callback, int status, String json) {
        if (status == 405 || status == 413 || status == 415) {
            // The body was not read: the connection cannot carry another request.
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
        }
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, JSON);
        response.write(true, BufferUtil.toBuffer(json, StandardCharsets.UTF_8), callback);
    }
}
