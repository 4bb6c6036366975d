package io.modelgate.spark;

import io.modelgate.config.Durations;
import io.modelgate.fault.Fault;
import io.modelgate.step.Console;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * What both local launchers ({@link SparkSubmitLauncher}, {@link ConnectLauncher}) do around the
 * process they start: the driver log's file, following the process to its end, its timeout or a
 * termination request with a heartbeat, the reason a stopped job gives, and probing a server
 * before launching.
 */
final class JobProcess {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private JobProcess() {
    }

    /** The driver's output file of a job. */
    static Path driverLog(Path logDir, String jobName) {
        return logDir.resolve(jobName + "-driver.log");
    }

    /** An empty driver log, ready for the process to write. */
    static void prepareLog(Path logDir, Path log) {
        try {
            Files.createDirectories(logDir);
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw Fault.infrastructure("cannot write the driver log " + log + ": " + e.getMessage(), e);
        }
    }

    /**
     * Waits for the process to end, the timeout or a termination request; returns why it must be
     * stopped, or null once it ended. Every {@code heartbeat} a line says its state and elapsed time.
     */
    static JobOutcome.Ending follow(JobRequest request, ProcessTree tree, Termination termination, Instant start, Clock clock,
                                    Duration heartbeat, Console console, Supplier<String> state) {
        Instant deadline = start.plus(request.timeout());
        Instant nextBeat = start.plus(heartbeat);
        while (tree.root().isAlive()) {
            Instant now = clock.instant();
            if (!now.isBefore(deadline)) return JobOutcome.Ending.TIMED_OUT;
            if (termination.requested()) return JobOutcome.Ending.CANCELLED;
            if (!now.isBefore(nextBeat)) {
                console.line(request.name() + ": " + state.get() + ", " + Durations.format(seconds(Duration.between(start, now)))
                        + " elapsed (timeout " + Durations.format(request.timeout()) + ")");
                nextBeat = now.plus(heartbeat);
            }
            try {
                tree.root().onExit().get(200, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // poll again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return JobOutcome.Ending.CANCELLED;
            } catch (ExecutionException e) {
                break;
            }
        }
        return null;
    }

    /** Why a job was stopped, as its result says it. */
    static String stopReason(JobOutcome.Ending why, Duration timeout, Instant start, Clock clock) {
        return why == JobOutcome.Ending.TIMED_OUT
                ? "timed out after " + Durations.format(timeout)
                : "cancelled on termination after " + Durations.format(seconds(Duration.between(start, clock.instant())));
    }

    static void finishLog(DriverLog driverLog, Thread follower) {
        try {
            driverLog.finish(follower);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A server that cannot be reached fails in seconds (exit 3), before any process starts. */
    static void probe(String host, int port, String what) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), Durations.millis(CONNECT_TIMEOUT));
        } catch (IOException e) {
            throw Fault.infrastructure("cannot reach the " + what + ": " + e.getMessage());
        }
    }

    static Duration seconds(Duration duration) {
        return Duration.ofSeconds(duration.toSeconds());
    }
}
