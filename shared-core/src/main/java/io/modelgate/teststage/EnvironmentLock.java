package io.modelgate.teststage;

import io.modelgate.fault.Fault;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One run at a time per environment on this machine: an OS file lock ({@code FileChannel.tryLock})
 * on {@code <dir>/<project>-<environment>.lock}. The operating system releases it when the holder
 * exits, crashed or killed included, so a dead run never blocks the next one. The file records
 * the holder (pid, host, start time, CI run) for the message of whoever waits.
 *
 * <p>The default folder is the user's own under the shared temporary folder, created private
 * and refused when someone else owns it or may write to it; a lock file is never a symbolic
 * link (created exclusively, opened without following links), so another user cannot make a
 * run truncate a file of theirs choosing.
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
                FileChannel channel = open(file);
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

    /**
     * The default lock folder: {@code <tmp>/modelgate-locks-<user>}, created readable and
     * writable by its owner only, and refused when it is a link, another user's, or writable by others.
     */
    public static Path defaultDirectory() {
        return defaultDirectory(Path.of(System.getProperty("java.io.tmpdir")), System.getProperty("user.name"));
    }

    static Path defaultDirectory(Path temporary, String user) {
        Path dir = temporary.resolve("modelgate-locks-" + safe(user));
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        try {
            if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    if (posix) Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                    else Files.createDirectory(dir);
                } catch (FileAlreadyExistsException raced) {
                    // Checked below like any existing folder.
                }
            }
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                throw unsafe(dir, "is not a folder (a symbolic link?)");
            }
            UserPrincipal owner = Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS);
            if (!owner.getName().equals(user)) {
                throw unsafe(dir, "belongs to " + owner.getName() + ", not to " + user);
            }
            if (posix) {
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
                if (permissions.contains(PosixFilePermission.GROUP_WRITE) || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
                    throw unsafe(dir, "may be written by other users");
                }
            }
        } catch (IOException e) {
            throw Fault.infrastructure("cannot prepare the lock folder " + dir + ": " + e.getMessage(), e);
        }
        return dir;
    }

    private static Fault unsafe(Path dir, String why) {
        return Fault.infrastructure("the lock folder " + dir + " " + why + ": refusing to lock there; remove it, "
                + "or set MODELGATE_LOCK_DIR to a folder of yours");
    }

    /** The lock file, created exclusively or opened as it is, never through a symbolic link. */
    private static FileChannel open(Path file) throws IOException {
        try {
            return FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS);
        } catch (FileAlreadyExistsException exists) {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw Fault.infrastructure(file + " is not a regular file (a symbolic link?): refusing to use it as a lock; remove it");
            }
            return FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        }
    }

    /** What the holder wrote, at most a line's worth, read without following a link. */
    private static String holder(Path file) {
        try (var channel = Files.newByteChannel(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            ByteBuffer buffer = ByteBuffer.allocate(512);
            channel.read(buffer);
            String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? "holder unknown" : text.lines().findFirst().orElse("");
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
