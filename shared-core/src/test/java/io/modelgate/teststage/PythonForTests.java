package io.modelgate.teststage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The Python of the pinned test bed venv (scripts/setup-python.sh, which has pytest). */
public final class PythonForTests {

    private PythonForTests() {
    }

    public static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("scripts/setup-python.sh"))) dir = dir.getParent();
        if (dir == null) throw new IllegalStateException("scripts/setup-python.sh not found above " + Path.of("").toAbsolutePath());
        return dir;
    }

    public static Path venv() throws IOException, InterruptedException {
        Process setup = new ProcessBuilder("bash", repoRoot().resolve("scripts/setup-python.sh").toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String path = new String(setup.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (setup.waitFor() != 0) throw new IllegalStateException("scripts/setup-python.sh failed");
        return Path.of(path);
    }

    public static String python() throws IOException, InterruptedException {
        return venv().resolve("bin/python").toString();
    }
}
