package io.modelgate.teststage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The live processes whose command line holds a marker, read from /proc (zombies have none). */
public final class ProcessTable {

    private ProcessTable() {
    }

    public static List<String> withMarker(String marker) {
        List<String> found = new ArrayList<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                if (!entry.getFileName().toString().matches("\\d+")) continue;
                try {
                    String cmdline = new String(Files.readAllBytes(entry.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
                    if (cmdline.contains(marker)) found.add(entry.getFileName() + " " + cmdline.trim());
                } catch (IOException gone) {
                    // The process ended while the table was read.
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc", e);
        }
        return found;
    }

    /** Waits up to a few seconds for the processes with the marker to be gone; returns those left. */
    public static List<String> awaitGone(String marker) throws InterruptedException {
        List<String> left = withMarker(marker);
        for (int i = 0; i < 50 && !left.isEmpty(); i++) {
            Thread.sleep(100);
            left = withMarker(marker);
        }
        return left;
    }
}
