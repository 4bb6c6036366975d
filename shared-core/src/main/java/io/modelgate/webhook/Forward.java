package io.modelgate.webhook;

/**
 * A delivery claimed for one route: what a target gets.
 *
 * @param id      the journal's id of this delivery on this route
 * @param attempt 1 for the first attempt, counting attempts a crashed receiver had claimed
 */
public record Forward(long id, String route, int attempt, RegistryEvent event) {
}
