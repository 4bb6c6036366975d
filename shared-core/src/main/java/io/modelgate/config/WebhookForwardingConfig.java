package io.modelgate.config;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import java.time.Duration;

/** Forwarding from the journal: parallelism, retries with exponential backoff, and the claim lease. */
public record WebhookForwardingConfig(
        @JsonPropertyDescription("Deliveries forwarded at once by one receiver")
        Integer workers,
        @JsonPropertyDescription("Attempts before a delivery goes to the dead letters")
        Integer maxAttempts,
        @JsonPropertyDescription("Wait before the first retry; it doubles on each further one")
        Duration initialBackoff,
        @JsonPropertyDescription("Longest wait between two attempts")
        Duration maxBackoff,
        @JsonPropertyDescription("How long a claim holds while its receiver is silent; then another receiver takes the delivery over")
        Duration lease,
        @JsonPropertyDescription("How often the journal is polled for deliveries other receivers wrote or that are due again")
        Duration pollInterval) {

    public WebhookForwardingConfig {
        workers = workers == null ? 8 : workers;
        maxAttempts = maxAttempts == null ? 10 : maxAttempts;
        initialBackoff = initialBackoff == null ? Duration.ofSeconds(5) : initialBackoff;
        maxBackoff = maxBackoff == null ? Duration.ofMinutes(10) : maxBackoff;
        lease = lease == null ? Duration.ofSeconds(60) : lease;
        pollInterval = pollInterval == null ? Duration.ofSeconds(1) : pollInterval;
    }

    void validate(ConfigCheck check, String at) {
        if (workers < 1) throw check.fail(ConfigCheck.join(at, "workers"), "at least 1, not " + workers);
        if (maxAttempts < 1) throw check.fail(ConfigCheck.join(at, "max_attempts"), "at least 1, not " + maxAttempts);
        if (maxBackoff.compareTo(initialBackoff) < 0) throw check.fail(ConfigCheck.join(at, "max_backoff"), "must not be shorter than initial_backoff");
        if (lease.toMillis() < 1000) throw check.fail(ConfigCheck.join(at, "lease"), "at least 1s");
    }
}
