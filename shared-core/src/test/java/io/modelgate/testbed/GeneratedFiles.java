package io.modelgate.testbed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Committed files that are generated (action.yml files, docs pages) must be exactly what their
 * generator gives; with -Dmodelgate.regenerate=true the test writes them instead of failing.
 */
public final class GeneratedFiles {

    /** The one command that regenerates every generated file. */
    public static final String REGENERATE = "scripts/regenerate.sh";

    private GeneratedFiles() {
    }

    /**
     * @param files      each file and the content its generator gives
     * @param base       what the failure message names the files relative to
     * @param what       what the files are out of date with, for the message
     * @param regenerate the command that regenerates them
     */
    public static void holdTo(Map<Path, String> files, Path base, String what, String regenerate) throws IOException {
        boolean write = Boolean.getBoolean("modelgate.regenerate");
        List<String> drifted = new ArrayList<>();
        for (Map.Entry<Path, String> file : files.entrySet()) {
            String committed = Files.exists(file.getKey()) ? Files.readString(file.getKey()) : null;
            if (file.getValue().equals(committed)) continue;
            if (write) {
                Files.createDirectories(file.getKey().getParent());
                Files.writeString(file.getKey(), file.getValue());
            } else {
                drifted.add(base.relativize(file.getKey()).toString());
            }
        }
        if (!drifted.isEmpty()) {
            fail("out of date with " + what + ": " + String.join(", ", drifted) + "\nRegenerate with: " + regenerate);
        }
    }
}
