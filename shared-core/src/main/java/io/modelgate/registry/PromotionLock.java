package io.modelgate.registry;

import io.modelgate.mlflow.ModelRegistry;
import io.modelgate.mlflow.RegisteredModel;

import io.modelgate.fault.Fault;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A lease on one registered model, held as the model tag {@value #TAG}, so that two
 * promotions of the same model never interleave. MLflow has no compare-and-set, so taking it
 * follows Fischer's timed mutual exclusion: see a free (or expired) lease, write ours, wait
 * {@link #SETTLE}, read again; ours is taken only if it is still there and our read-to-write
 * window was shorter than {@link #MAX_WINDOW}. This excludes other modelgate runs as long as
 * every lease write lands within {@link #MAX_WINDOW} of the read that preceded it and clocks
 * agree to well under {@link #TTL}. The settle wait is not idle: the caller's writes that are
 * safe to repeat and the same for every contender (the previous holder's record, the evidence)
 * are made during it, so the read that ends it is also the last look before the committing
 * write. docs/registry.md says what that does and does not cover.
 */
public final class PromotionLock {

    public static final String TAG = "modelgate.lease";
    static final Duration TTL = Duration.ofSeconds(10);
    /** The longest read-to-write window a run trusts its lease write after (measured: 80-100 ms on a local server, cold JVM). */
    static final Duration MAX_WINDOW = Duration.ofMillis(300);
    /** From our write's return to the read that decides: any write a contender based on an older read has landed by then. */
    static final Duration SETTLE = MAX_WINDOW.plusMillis(10);
    private static final Duration POLL = Duration.ofMillis(100);

    /** The tag's value: who holds it, until when, and what it is moving. */
    public record Lease(String owner, Instant expires, int version, String target) {

        static Optional<Lease> of(RegisteredModel model) {
            return model.tag(TAG).flatMap(Lease::parse);
        }

        static Optional<Lease> parse(String text) {
            String[] parts = text.strip().split(" ", 4);
            try {
                return parts.length == 4
                        ? Optional.of(new Lease(parts[0], Instant.ofEpochMilli(Long.parseLong(parts[1])), Integer.parseInt(parts[2]), parts[3]))
                        : Optional.empty();
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }

        String format() {
            return owner + " " + expires.toEpochMilli() + " " + version + " " + target;
        }
    }

    private final ModelRegistry registry;
    private final String model;
    private final Clock clock;
    private final Duration wait;
    private final String owner;
    private Lease held;
    private boolean written;
    private Duration window;

    public PromotionLock(ModelRegistry registry, String model, Clock clock, Duration wait) {
        this.registry = registry;
        this.model = model;
        this.clock = clock;
        this.wait = wait;
        this.owner = ProcessHandle.current().pid() + "@" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The lease of another run that is alive in this state of the model, if any. */
    public Optional<Lease> otherLiveLease(RegisteredModel state) {
        return Lease.of(state).filter(l -> !l.owner().equals(owner) && l.expires().isAfter(clock.instant()));
    }

    /** Reads the model again after a pause, while another run holds its lease; exit 3 once the wait is over. */
    public Read awaitOthers(Read read, Instant deadline) {
        while (true) {
            Optional<Lease> other = otherLiveLease(read.state());
            if (other.isEmpty()) return read;
            if (clock.instant().isAfter(deadline)) {
                throw Fault.infrastructure("model " + model + " is locked by another promotion (" + TAG + "=" + other.get().format()
                        + ") and it was not released within " + wait.toSeconds() + "s; it expires by itself at " + other.get().expires());
            }
            sleep(POLL.plusMillis(ThreadLocalRandom.current().nextLong(POLL.toMillis())));
            read = read();
        }
    }

    /** A state of the model and when the read that returned it started (the start of a lease's read-to-write window). */
    public record Read(RegisteredModel state, Instant started) {

        public static Read of(ModelRegistry registry, String model, Clock clock) {
            Instant started = clock.instant();
            return new Read(registry.model(model), started);
        }
    }

    /** Reads the model, noting when the read started. */
    public Read read() {
        return Read.of(registry, model, clock);
    }

    /**
     * Writes our lease over the free one seen in {@code seen}, makes {@code whileSettling}'s writes,
     * waits out the rest of {@link #SETTLE}, and reads the model again. Returns that read and
     * whether the lease is now ours: it is not when another run's write won, or when ours landed
     * too long after the read that saw the lease free to be trusted.
     */
    public Read tryTake(Read seen, int version, String target, Runnable whileSettling) {
        Lease mine = new Lease(owner, clock.instant().plus(TTL), version, target);
        written = true;
        registry.setModelTag(model, TAG, mine.format());
        Instant landed = clock.instant();
        Duration window = Duration.between(seen.started(), landed);
        whileSettling.run();
        sleep(SETTLE.minus(Duration.between(landed, clock.instant())));
        Read after = read();
        boolean ours = Lease.of(after.state()).map(l -> l.owner().equals(owner)).orElse(false);
        if (ours && window.compareTo(MAX_WINDOW) < 0) {
            held = mine;
            this.window = window;
        }
        return after;
    }

    /** The read-to-write window of the lease write that took the lock (what {@link #MAX_WINDOW} bounds). */
    public Duration window() {
        return window;
    }

    public boolean taken() {
        return held != null;
    }

    public Instant deadline() {
        return clock.instant().plus(wait);
    }

    /**
     * Whether our lease is still good for the committing write that follows, by the clock: another
     * modelgate run takes it over only once it has expired, so no read is needed to know that.
     */
    public boolean stillHeld() {
        return held != null && held.expires().minus(Duration.ofSeconds(1)).isAfter(clock.instant());
    }

    /** Deletes the lease if the given state shows our tag (taken or not); never another run's. */
    public void release(RegisteredModel state) {
        if (written && Lease.of(state).map(l -> l.owner().equals(owner)).orElse(false)) {
            registry.deleteModelTag(model, TAG);
        }
        held = null;
        written = false;
    }

    /**
     * Deletes the lease we hold without reading it first: until it expires it cannot be anyone else's.
     * Called after the move, so a failure is not the promotion's: it says so and the lease expires by itself.
     */
    public Optional<String> releaseHeld() {
        Lease lease = held;
        held = null;
        written = false;
        if (lease == null || !lease.expires().minus(Duration.ofSeconds(1)).isAfter(clock.instant())) return Optional.empty();
        try {
            registry.deleteModelTag(model, TAG);
            return Optional.empty();
        } catch (Fault e) {
            return Optional.of("the lock could not be released (" + e.getMessage() + "); it expires by itself at " + lease.expires());
        }
    }

    /** Best effort after a failure: reads the model and releases if the lease is still ours. */
    public void releaseQuietly() {
        if (!written) return;
        try {
            release(registry.model(model));
        } catch (RuntimeException ignored) {
            // The lease expires by itself after TTL; the next run takes it over then.
        }
    }

    public String owner() {
        return owner;
    }

    private static void sleep(Duration duration) {
        if (duration.isNegative() || duration.isZero()) return;
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Fault.infrastructure("interrupted while waiting for the promotion lock", e);
        }
    }
}
