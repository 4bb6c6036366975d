package io.modelgate.webhook;

import java.time.Instant;

/** One catalogue step a {@code steps} route ran for a delivery, with its verdict; listed by {@code webhooks runs}. */
public record StepRun(long forwardId, String deliveryId, String route, String model, String version, String step, String verdict,
                      int exitCode, String headline, Instant started, Instant finished, String outputDir) {
}
