package io.modelgate.webhook;

import io.modelgate.config.WebhookForwardingConfig;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Forwards from the journal: claims due forwards (as many as it has free workers), hands each to
 * its route's target, and records what came of it: delivered, due again after an exponential
 * backoff, or a dead letter after the last attempt or a refusal. Claims are leases, renewed while
 * a target works, so a receiver that dies leaves its work to another (or to its own restart).
 *
 * <p>At least once: a forward is marked delivered after its target took it, so a receiver killed
 * between the two forwards it once more on restart. Targets get the delivery id to drop such a
 * repeat.
 */
public final class Relay {

    private final Journal journal;
    private final Map<String, Target> targets;
    private final WebhookForwardingConfig config;
    private final ReceiverMetrics metrics;
    private final Consumer<String> log;
    private final Clock clock;
    private final String owner = "receiver-" + UUID.randomUUID();
    private final ExecutorService workers;
    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
    private final Object wakeUp = new Object();
    private final Thread claimer;
    private volatile boolean stopping;
    private long lastRenewal;

    /** @param targets the target of each route, by route name */
    public Relay(Journal journal, Map<String, Target> targets, WebhookForwardingConfig config, ReceiverMetrics metrics,
                 Consumer<String> log, Clock clock) {
        this.journal = journal;
        this.targets = targets;
        this.config = config;
        this.metrics = metrics;
        this.log = log;
        this.clock = clock;
        this.workers = Executors.newFixedThreadPool(config.workers(), runnable -> {
            Thread thread = new Thread(runnable, "relay-worker");
            thread.setDaemon(true);
            return thread;
        });
        this.claimer = new Thread(this::claimLoop, "relay-claimer");
        this.claimer.setDaemon(true);
    }

    /** Starts forwarding; with an SQLite journal, what the previous run had claimed is due at once. */
    public Relay start() {
        int recovered = journal.recoverAfterCrash();
        if (recovered > 0) log.accept("relay: " + recovered + " deliveries the previous run was forwarding are due again");
        lastRenewal = clock.millis();
        claimer.start();
        return this;
    }

    /** Something was journaled: look at once rather than at the next poll. */
    public void wake() {
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
    }

    private void claimLoop() {
        while (!stopping) {
            try {
                renewLeases();
                int free = config.workers() - inFlight.size();
                List<Forward> claimed = free > 0 ? journal.claim(free, owner, config.lease()) : List.of();
                for (Forward forward : claimed) {
                    inFlight.add(forward.id());
                    workers.execute(() -> attempt(forward));
                }
                if (claimed.isEmpty() || claimed.size() == free) {
                    synchronized (wakeUp) {
                        wakeUp.wait(config.pollInterval().toMillis());
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.accept("relay: cannot claim from the journal: " + e.getMessage());
                sleep(config.pollInterval());
            }
        }
    }

    /** Leases are renewed at a third of their length, so a slow target (a Jenkins queue, a step run) keeps its claim. */
    private void renewLeases() {
        long now = clock.millis();
        if (now - lastRenewal < config.lease().toMillis() / 3) return;
        lastRenewal = now;
        journal.renew(new ArrayList<>(inFlight), owner, config.lease());
    }

    private void attempt(Forward forward) {
        try {
            Target target = targets.get(forward.route());
            Target.Outcome outcome = target == null
                    ? Target.Outcome.refused("route " + forward.route() + " is no longer in modelgate.yaml")
                    : target.forward(forward);
            record(forward, outcome);
        } catch (RuntimeException e) {
            log.accept("relay: cannot record the outcome of delivery " + forward.event().deliveryId() + " on " + forward.route()
                    + ": " + e.getMessage() + "; it is forwarded again when its lease runs out");
        } finally {
            inFlight.remove(forward.id());
            wake();
        }
    }

    private void record(Forward forward, Target.Outcome outcome) {
        String delivery = forward.event().deliveryId();
        switch (outcome.kind()) {
            case DELIVERED -> {
                journal.delivered(forward.id(), owner, outcome.detail());
                metrics.forward(forward.route(), "delivered");
                log.accept("relay: delivered " + delivery + " (" + forward.event().event() + " " + forward.event().model()
                        + (forward.event().version() == null ? "" : " v" + forward.event().version()) + ") on " + forward.route()
                        + ": " + outcome.detail());
            }
            case RETRY -> {
                if (forward.attempt() >= config.maxAttempts()) {
                    dead(forward, outcome.detail() + " (attempt " + forward.attempt() + " of " + config.maxAttempts() + ")");
                    return;
                }
                Duration wait = backoff(forward.attempt());
                journal.retryLater(forward.id(), owner, outcome.detail(), clock.instant().plus(wait));
                metrics.forward(forward.route(), "retry");
                log.accept("relay: attempt " + forward.attempt() + " of " + delivery + " on " + forward.route() + " failed: "
                        + outcome.detail() + "; next in " + wait.toMillis() + " ms");
            }
            case REFUSED -> dead(forward, outcome.detail());
        }
    }

    private void dead(Forward forward, String why) {
        journal.dead(forward.id(), owner, why);
        metrics.forward(forward.route(), "dead");
        log.accept("relay: dead letter " + forward.id() + " (delivery " + forward.event().deliveryId() + " on " + forward.route() + "): "
                + why + "; replay with: modelgate webhooks retry --id " + forward.id());
    }

    /** initial_backoff doubled per attempt, capped at max_backoff, with ±20% jitter so retries of many deliveries spread out. */
    Duration backoff(int attempt) {
        double base = Math.min(config.maxBackoff().toMillis(), config.initialBackoff().toMillis() * Math.pow(2, attempt - 1));
        return Duration.ofMillis((long) (base * ThreadLocalRandom.current().nextDouble(0.8, 1.2)));
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops claiming, lets the forwards under way finish within {@code drain}, then puts back
     * what is left, due at once for the next receiver.
     */
    public void stop(Duration drain) {
        stopping = true;
        claimer.interrupt();
        try {
            claimer.join(drain.toMillis());
            workers.shutdown();
            if (!workers.awaitTermination(drain.toMillis(), TimeUnit.MILLISECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int released = journal.release(owner);
        if (released > 0) log.accept("relay: " + released + " unfinished forwards put back in the journal");
    }
}
