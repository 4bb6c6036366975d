package io.modelgate.teststage;

import io.modelgate.fault.Fault;
import io.modelgate.secret.SecretMasker;

import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Runs commands with {@code bash -c} (or {@code sh -c} where there is no bash), stdout and
 * stderr merged so that the CI log keeps their order. The process tree (the shell and every
 * descendant) is killed, TERM first and KILL after a grace period, when the time limit is
 * reached and when the JVM is stopped (Ctrl-C, a CI's SIGTERM), so no test process outlives
 * the step.
 */
public final class ShellProcessRunner implements ProcessRunner {

    /** Lines longer than this are split: a runaway line must not exhaust memory. */
    static final int MAX_LINE = 8192;

    private final Duration grace;
    private final int tailLines;

    public ShellProcessRunner() {
        this(Duration.ofSeconds(3), 200);
    }

    /**
     * @param grace     how long a process may take to exit after TERM before it gets KILL
     * @param tailLines how many of the last output lines the outcome keeps
     */
    public ShellProcessRunner(Duration grace, int tailLines) {
        this.grace = grace;
        this.tailLines = tailLines;
    }

    @Override
    public Outcome run(Command command, Consumer<String> onLine) {
        ProcessBuilder builder = new ProcessBuilder(shell(command), "-c", command.script())
                .directory(command.workingDir().toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().clear();
        builder.environment().putAll(command.env());
        long start = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw Fault.infrastructure("cannot start " + builder.command().get(0) + " in " + command.workingDir() + ": " + e.getMessage(), e);
        }
        Thread onShutdown = new Thread(() -> killTree(process.toHandle()), "modelgate-kill-on-shutdown");
        Runtime.getRuntime().addShutdownHook(onShutdown);
        Tail tail = new Tail(tailLines);
        Thread reader = new Thread(() -> pump(process, command.masker(), line -> {
            tail.add(line);
            onLine.accept(line);
        }), "modelgate-output");
        reader.setDaemon(true);
        reader.start();
        boolean timedOut = false;
        try {
            if (!process.waitFor(command.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                timedOut = true;
                killTree(process.toHandle());
            }
            // A background child that survived the shell may still hold the pipe open.
            reader.join(grace.toMillis());
        } catch (InterruptedException e) {
            killTree(process.toHandle());
            Thread.currentThread().interrupt();
            throw Fault.infrastructure("interrupted while running: " + command.script(), e);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(onShutdown);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running or about to: it kills the tree.
            }
        }
        if (reader.isAlive()) {
            try {
                process.getInputStream().close();
            } catch (IOException ignored) {
                // Closing only unblocks the reader; nothing is lost that was not already read.
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        return new Outcome(timedOut ? -1 : process.exitValue(), timedOut, took, tail.text());
    }

    /** bash from the command's PATH or /bin, else the POSIX shell. */
    private static String shell(Command command) {
        String path = command.env().getOrDefault("PATH", "");
        List<String> dirs = new ArrayList<>(List.of(path.split(File.pathSeparator)));
        dirs.add("/bin");
        dirs.add("/usr/bin");
        for (String dir : dirs) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "bash"))) {
                return Path.of(dir, "bash").toString();
            }
        }
        return "/bin/sh";
    }

    /**
     * Passes each line on; a line longer than {@link #MAX_LINE} is cut into pieces. A piece is
     * cut only once the text after the cut holds as much as the longest secret, and is masked
     * first, so that no secret is split in two unmasked halves.
     */
    private static void pump(Process process, SecretMasker masker, Consumer<String> onLine) {
        int cutAt = MAX_LINE + Math.max(0, masker.longestValue() - 1);
        try (Reader in = new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)) {
            StringBuilder line = new StringBuilder();
            char[] buffer = new char[8192];
            int read;
            while ((read = in.read(buffer)) >= 0) {
                for (int i = 0; i < read; i++) {
                    char c = buffer[i];
                    if (c == '\n') {
                        onLine.accept(stripCarriageReturn(line));
                        line.setLength(0);
                    } else {
                        line.append(c);
                        if (line.length() >= cutAt) {
                            String masked = masker.mask(line.toString());
                            line.setLength(0);
                            if (masked.length() >= cutAt) {
                                onLine.accept(masked.substring(0, MAX_LINE));
                                line.append(masked, MAX_LINE, masked.length());
                            } else {
                                line.append(masked);
                            }
                        }
                    }
                }
            }
            if (!line.isEmpty()) {
                onLine.accept(stripCarriageReturn(line));
            }
        } catch (IOException closed) {
            // The stream was closed after the process ended; what was read has been passed on.
        }
    }

    private static String stripCarriageReturn(StringBuilder line) {
        int end = line.length();
        return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
    }

    /**
     * TERM to the whole tree, then KILL to what is still alive after the grace period. The tree
     * is listed before anything is signalled: once a parent dies its children are re-parented
     * and no longer show up as its descendants.
     */
    void killTree(ProcessHandle root) {
        Set<ProcessHandle> tree = new LinkedHashSet<>();
        root.descendants().forEach(tree::add);
        tree.add(root);
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle handle : tree) {
            long left = deadline - System.nanoTime();
            if (left <= 0) break;
            try {
                handle.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException e) {
                break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        Set<ProcessHandle> survivors = new LinkedHashSet<>();
        for (ProcessHandle handle : tree) {
            if (handle.isAlive()) {
                handle.descendants().forEach(survivors::add);
                survivors.add(handle);
            }
        }
        survivors.forEach(ProcessHandle::destroyForcibly);
    }

    /** The last lines of output, with a count of the lines dropped before them. */
    private static final class Tail {
        private final int max;
        private final Deque<String> lines = new ArrayDeque<>();
        private long dropped;

        Tail(int max) {
            this.max = max;
        }

        synchronized void add(String line) {
            lines.addLast(line);
            if (lines.size() > max) {
                lines.removeFirst();
                dropped++;
            }
        }

        synchronized String text() {
            StringBuilder out = new StringBuilder();
            if (dropped > 0) out.append("[").append(dropped).append(" earlier lines not kept]\n");
            lines.forEach(line -> out.append(line).append('\n'));
            return out.toString();
        }
    }
}
