package io.modelgate.datacheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Delta tables of write_fixture_tables.py, written by one real PySpark + delta-spark process
 * (the venv of scripts/setup-python.sh, the Delta jars of scripts/spark-jars.sh), and the
 * statistics scipy computed on the same data (expected.json).
 */
record SparkFixtureTables(Path dir, JsonNode expected) {

    static SparkFixtureTables write(Path dir) throws IOException, InterruptedException {
        Path root = repositoryRoot();
        String venv = run(root, "bash", root.resolve("scripts/setup-python.sh").toString());
        String jars = run(root, "bash", root.resolve("scripts/spark-jars.sh").toString());
        Path script = Path.of("src/test/resources/delta/write_fixture_tables.py").toAbsolutePath();
        run(root, Path.of(venv, "bin", "python").toString(), script.toString(), dir.toString(), jars);
        return new SparkFixtureTables(dir, new ObjectMapper().readTree(dir.resolve("expected.json").toFile()));
    }

    Path table(String name) {
        return dir.resolve(name);
    }

    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("scripts/setup-python.sh"))) {
            dir = dir.getParent();
        }
        if (dir == null) throw new IllegalStateException("scripts/setup-python.sh not found above " + Path.of("").toAbsolutePath());
        return dir;
    }

    /** Runs a command, returns its trimmed standard output; fails with its log when it fails. */
    static String run(Path workDir, String... command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("modelgate-fixture", ".log");
        Process process = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectError(log.toFile()).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + Files.readString(log));
        }
        Files.delete(log);
        return out;
    }
}
