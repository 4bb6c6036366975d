package io.modelgate.github;

import org.kohsuke.github.GitHubAbuseLimitHandler;
import org.kohsuke.github.GitHubRateLimitHandler;
import org.kohsuke.github.HttpException;
import org.kohsuke.github.connector.GitHubConnectorResponse;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How the publisher waits out GitHub's limits (docs: "Rate limits for the REST API" and "Best
 * practices for using the REST API"): on a secondary limit it waits {@code Retry-After} seconds
 * (one minute when absent); when {@code x-ratelimit-remaining} is 0 it waits until
 * {@code x-ratelimit-reset}. Waits are capped and the number of waits per publisher is bounded,
 * so a run fails with a clear message instead of hanging.
 */
final class RateLimits {

    /** Sleeps; tests and the benchmark pass a recording one. */
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final Sleeper sleeper;
    private final int maxWaits;
    private final Duration maxWait;
    private final java.util.function.Supplier<Duration> budgetLeft;
    private final AtomicInteger waits = new AtomicInteger();

    RateLimits(Sleeper sleeper, int maxWaits, Duration maxWait, java.util.function.Supplier<Duration> budgetLeft) {
        this.sleeper = sleeper;
        this.maxWaits = maxWaits;
        this.maxWait = maxWait;
        this.budgetLeft = budgetLeft;
    }

    GitHubAbuseLimitHandler secondaryLimit() {
        return new GitHubAbuseLimitHandler() {
            @Override
            public void onError(GitHubConnectorResponse response) throws IOException {
                Duration wait = Duration.ofMinutes(1);
                String retryAfter = response.header("Retry-After");
                if (retryAfter != null) {
                    try {
                        wait = Duration.ofSeconds(Long.parseLong(retryAfter.trim()));
                    } catch (NumberFormatException e) {
                        // An HTTP date is allowed too; fall back to the documented one minute.
                    }
                }
                await(response, "secondary rate limit", wait);
            }
        };
    }

    GitHubRateLimitHandler primaryLimit() {
        return new GitHubRateLimitHandler() {
            @Override
            public void onError(GitHubConnectorResponse response) throws IOException {
                Duration wait = Duration.ofMinutes(1);
                String reset = response.header("x-ratelimit-reset");
                if (reset != null) {
                    try {
                        wait = Duration.between(Instant.now(), Instant.ofEpochSecond(Long.parseLong(reset.trim())));
                    } catch (NumberFormatException e) {
                        // keep the default
                    }
                }
                await(response, "rate limit exhausted (x-ratelimit-remaining: 0)", wait.isNegative() ? Duration.ZERO : wait);
            }
        };
    }

    private void await(GitHubConnectorResponse response, String what, Duration wait) throws IOException {
        String request = response.request().method() + " " + response.request().url().getPath();
        if (waits.incrementAndGet() > maxWaits) {
            throw new HttpException("GitHub " + what + " on " + request + ": gave up after " + maxWaits + " waits",
                    response.statusCode(), "", response.request().url().toString());
        }
        if (wait.compareTo(budgetLeft.get()) > 0) {
            throw new HttpException("GitHub " + what + " on " + request + ": asked to wait " + wait.toSeconds()
                    + " s, more than is left of the publishing budget", response.statusCode(), "", response.request().url().toString());
        }
        if (wait.compareTo(maxWait) > 0) {
            throw new HttpException("GitHub " + what + " on " + request + ": asked to wait " + wait.toSeconds()
                    + " s, more than the " + maxWait.toSeconds() + " s allowed", response.statusCode(), "", response.request().url().toString());
        }
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting out a GitHub rate limit");
        }
    }
}
