package io.modelgate.webhook;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** What {@code /metrics} shows, in Prometheus' text format: deliveries by outcome, acknowledgement latency, forwards, the journal. */
public final class ReceiverMetrics {

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter deliveries = Counter.builder().name("modelgate_webhook_deliveries_total")
            .help("Deliveries received, by outcome: accepted, duplicate, unsigned, bad_signature, stale, malformed, "
                    + "too_large, wrong_content_type, journal_unavailable")
            .labelNames("outcome").register(registry);
    private final Histogram acknowledged = Histogram.builder().name("modelgate_webhook_ack_seconds")
            .help("From a delivery's last byte received to its acknowledgement (journaled and durable)")
            .classicOnly().classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5)
            .register(registry);
    private final Counter forwards = Counter.builder().name("modelgate_webhook_forwards_total")
            .help("Forwarding attempts, by route and outcome: delivered, retry, dead")
            .labelNames("route", "outcome").register(registry);

    /** @param journalStates called at each scrape: forwards by state */
    public ReceiverMetrics(java.util.function.Supplier<Map<String, Long>> journalStates) {
        GaugeWithCallback.builder().name("modelgate_webhook_journal_forwards")
                .help("Forwards in the journal by state: pending, claimed, delivered, dead")
                .labelNames("state")
                .callback(callback -> journalStates.get().forEach((state, count) -> callback.call(count, state)))
                .register(registry);
    }

    void delivery(String outcome) {
        deliveries.labelValues(outcome).inc();
    }

    void acknowledged(long nanos) {
        acknowledged.observe(nanos / 1e9);
    }

    void forward(String route, String outcome) {
        forwards.labelValues(route, outcome).inc();
    }

    /** How many deliveries had this outcome so far. */
    public long deliveries(String outcome) {
        return (long) deliveries.labelValues(outcome).get();
    }

    public String contentType() {
        return PrometheusTextFormatWriter.CONTENT_TYPE;
    }

    public byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
