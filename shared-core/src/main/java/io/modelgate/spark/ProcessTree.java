package io.modelgate.spark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A launched process and everything it started. spark-submit is a shell script that runs a
 * JVM, which runs the Python driver, which may start Python workers: killing only the top
 * process would leave those behind, re-parented and still running.
 */
record ProcessTree(ProcessHandle root) {

    /**
     * Kills the root and all its descendants, listed before the root dies (after it, they are
     * re-parented and no longer found), and waits up to {@code wait}; returns those still alive.
     */
    List<ProcessHandle> kill(Duration wait) {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(root);
        root.descendants().forEach(all::add);
        all.forEach(ProcessHandle::destroyForcibly);
        long deadline = System.nanoTime() + wait.toNanos();
        for (ProcessHandle process : all) {
            try {
                process.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException | TimeoutException e) {
                // Still alive after the wait: reported below.
            }
        }
        return all.stream().filter(ProcessHandle::isAlive).toList();
    }
}
