package io.modelgate.spark;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Follows the driver's output file as spark-submit writes it: every line goes to the console
 * as it arrives, the last {@link JobOutcome#TAIL_LINES} are kept for the result, and the UI's
 * address is picked up from Spark's own log lines.
 *
 * <p>Why a file: {@code SparkAppHandle} does not hand out the child's output, and its
 * {@code redirectToLog} stops forwarding lines as soon as the handle is disconnected, which can
 * drop the last lines (the Python traceback) of a failing driver. A file loses nothing, and is
 * kept as an artifact of the step.
 */
final class DriverLog implements Runnable {

    private static final Pattern UI_PORT = Pattern.compile("Successfully started service 'SparkUI' on port (\\d+)");
    private static final Pattern UI_URL = Pattern.compile("Spark web UI at (https?://\\S+)");
    private static final Pattern LOCAL_ADDRESS = Pattern.compile("resolves to a loopback address: \\S+; using (\\S+) instead");

    private final Path file;
    private final Consumer<String> console;
    private final Deque<String> tail = new ArrayDeque<>();
    private final StringBuilder partial = new StringBuilder();
    private volatile boolean stopping;
    private volatile String uiUrl;
    private String uiPort;
    private String localAddress;
    private long position;

    DriverLog(Path file, Consumer<String> console) {
        this.file = file;
        this.console = console;
    }

    @Override
    public void run() {
        try {
            while (!stopping) {
                readNew(false);
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops following after reading the file to its end (call once the process has exited). */
    void finish(Thread follower) throws InterruptedException {
        stopping = true;
        follower.join();
        readNew(true);
    }

    String uiUrl() {
        return uiUrl;
    }

    synchronized List<String> tail() {
        return new ArrayList<>(tail);
    }

    private synchronized void readNew(boolean atEnd) {
        try {
            if (!Files.exists(file)) {
                return;
            }
            try (InputStream in = Files.newInputStream(file)) {
                in.skipNBytes(position);
                byte[] bytes = in.readAllBytes();
                position += bytes.length;
                partial.append(new String(bytes, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            return; // the next poll retries; the file is only ever appended to
        }
        int newline;
        while ((newline = partial.indexOf("\n")) >= 0) {
            line(partial.substring(0, newline));
            partial.delete(0, newline + 1);
        }
        if (atEnd && partial.length() > 0) {
            line(partial.toString());
            partial.setLength(0);
        }
    }

    private void line(String raw) {
        String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
        console.accept(line);
        tail.addLast(line);
        if (tail.size() > JobOutcome.TAIL_LINES) {
            tail.removeFirst();
        }
        Matcher address = LOCAL_ADDRESS.matcher(line);
        if (address.find()) {
            localAddress = address.group(1);
        }
        Matcher url = UI_URL.matcher(line);
        if (url.find()) {
            uiUrl = url.group(1);
            return;
        }
        Matcher port = UI_PORT.matcher(line);
        if (port.find() && uiPort == null) {
            uiPort = port.group(1);
            uiUrl = "http://" + (localAddress != null ? localAddress : hostName()) + ":" + uiPort;
        }
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
