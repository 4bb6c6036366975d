package io.modelgate.teststage;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A CI that stops modelgate (SIGTERM, as Jenkins' abort and GitHub's cancel do) leaves no test
 * process behind. The command line runs as its own JVM, started from the classes under test
 * (the same main class as modelgate.jar, without needing the package phase).
 */
@Tag("e2e")
class ShutdownKillsTreeTest {

    @TempDir
    Path dir;

    @Test
    void sigtermToModelgateKillsTheTestCommandsWholeTree() throws Exception {
        String marker = "6" + ThreadLocalRandom.current().nextInt(10_000_000, 99_999_999);
        Files.writeString(dir.resolve("modelgate.yaml"), "project: demo\ntests:\n  unit:\n    command: 'echo started; sleep 1" + marker
                + " & bash -c \"sleep 2" + marker + "; :\" & wait'\n    timeout: 5m\n");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process modelgate = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"), "io.modelgate.cli.Main",
                "unit-tests", "--config", dir.resolve("modelgate.yaml").toString(), "--output-dir", dir.resolve("out").toString())
                .directory(dir.toFile()).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(modelgate.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null && !line.equals("started")) {
                // Until the command's first line arrives, streamed live.
            }
            assertEquals("started", line, "the command started and its output streamed");
            for (int i = 0; i < 50 && ProcessTable.withMarker(marker).size() < 4; i++) Thread.sleep(100);
            assertEquals(4, ProcessTable.withMarker(marker).size(), "the shell, its two children and a grandchild run: " + ProcessTable.withMarker(marker));

            modelgate.destroy();
            assertTrue(modelgate.waitFor(20, TimeUnit.SECONDS), "modelgate exits on SIGTERM");
            assertEquals(143, modelgate.exitValue());
            assertEquals(List.of(), ProcessTable.awaitGone(marker));
        } finally {
            modelgate.destroyForcibly();
        }
        assertFalse(modelgate.isAlive());
    }
}
