package io.modelgate.webhook;

import java.time.Instant;

/**
 * One delivery on one route, as the journal holds it.
 *
 * @param id        the forward's id, what {@code webhooks retry --id} takes
 * @param state     pending, claimed (being forwarded), delivered or dead (a dead letter)
 * @param attempts  attempts so far
 * @param lastError why the last attempt failed, or null
 * @param detail    what the target answered when delivered (a build URL, a verdict), or null
 */
public record JournalEntry(long id, String deliveryId, String route, String event, String model, String version, String state,
                           int attempts, Instant receivedAt, Instant updatedAt, String lastError, String detail) {
}
