package io.modelgate.teststage;

import io.modelgate.fault.Fault;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * One run at a time per environment on this machine: an OS file lock ({@code FileChannel.tryLock})
 * on {@code <dir>/<project>-<environment>.lock}. The operating system releases it when the holder
 * exits, crashed or killed included, so a dead run never blocks the next one. The file records
 * the holder (pid, host, start time, CI run) for the message of whoever waits.
 */
public final class EnvironmentLock implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(250);

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private EnvironmentLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Waits up to {@code wait} for the lock; {@code onWaiting} hears once who holds it. Throws an
     * infrastructure error naming the holder when the wait runs out, and {@code option}, the
     * parameter that sets the wait as the user's front end spells it.
     */
    public static EnvironmentLock acquire(Path dir, String project, String environment, Duration wait, String option, String runUrl,
                                          Clock clock, Consumer<String> onWaiting) {
        Path file = dir.resolve(safe(project) + "-" + safe(environment) + ".lock");
        long deadline = System.nanoTime() + wait.toNanos();
        boolean told = false;
        try {
            Files.createDirectories(dir);
            while (true) {
                FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
                FileLock lock;
                try {
                    lock = channel.tryLock();
                } catch (OverlappingFileLockException heldByThisProcess) {
                    lock = null;
                }
                if (lock != null) {
                    String holder = "pid " + ProcessHandle.current().pid() + ", host " + host() + ", started at " + clock.instant()
                            + (runUrl == null ? "" : ", run " + runUrl);
                    channel.truncate(0);
                    channel.write(ByteBuffer.wrap((holder + "\n").getBytes(StandardCharsets.UTF_8)), 0);
                    channel.force(false);
                    return new EnvironmentLock(file, channel, lock);
                }
                channel.close();
                String holder = holder(file);
                if (System.nanoTime() >= deadline) {
                    throw Fault.infrastructure("environment " + environment + " is busy: another run holds " + file + " (" + holder
                            + "); gave up after waiting " + io.modelgate.config.Durations.format(wait)
                            + ". Raise " + option + ", or check that run");
                }
                if (!told) {
                    onWaiting.accept("waiting for environment " + environment + ": another run holds " + file + " (" + holder + ")");
                    told = true;
                }
                Thread.sleep(Math.min(POLL.toMillis(), Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            }
        } catch (IOException e) {
            throw Fault.infrastructure("cannot lock " + file + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Fault.infrastructure("interrupted while waiting for " + file, e);
        }
    }

    public Path file() {
        return file;
    }

    private static String holder(Path file) {
        try {
            String text = Files.readString(file).strip();
            return text.isEmpty() ? "holder unknown" : text;
        } catch (IOException e) {
            return "holder unknown";
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String safe(String name) {
        return name == null ? "default" : name.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // Closing the channel releases the lock in any case; nothing left to do.
        }
    }
}
