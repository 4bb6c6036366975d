package io.modelgate.spark;

import io.modelgate.step.Console;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Turns a SIGTERM (a CI aborting the build) into a cancelled job instead of an orphan: a
 * shutdown hook asks the launcher to stop the job, waits for it to do so, and ends the JVM
 * with exit code 3, like a timeout. Registered for the duration of one launch.
 */
final class Termination implements AutoCloseable {

    /** How long the hook waits for the job to be stopped before the JVM goes anyway. */
    private static final Duration CLEANUP = Duration.ofSeconds(30);

    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread hook;

    Termination(Console console, String what) {
        this.hook = new Thread(() -> {
            requested.countDown();
            try {
                stopped.await(CLEANUP.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            console.line(what + ": cancelled on termination (exit 3)");
            Runtime.getRuntime().halt(3);
        }, "modelgate-termination");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    boolean requested() {
        return requested.getCount() == 0;
    }

    /** The job is stopped and cleaned up: the hook, if running, may end the JVM now. */
    void stopped() {
        stopped.countDown();
    }

    @Override
    public void close() {
        stopped();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running: it ends the JVM once stopped() was called.
        }
    }
}
