package io.modelgate.spark;

import io.modelgate.cli.CommandLineApp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** A throw-away project (modelgate.yaml and job files) in a temp folder, run through the real command line. */
final class SparkProject {

    final Path dir;
    final Map<String, String> env = new HashMap<>();
    private ByteArrayOutputStream out;
    private ByteArrayOutputStream err;

    SparkProject(Path dir) {
        this.dir = dir;
    }

    SparkProject file(String path, String text) {
        try {
            Path file = dir.resolve(path);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int run(String... args) {
        out = new ByteArrayOutputStream();
        err = new ByteArrayOutputStream();
        return new CommandLineApp(env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), dir).run(args);
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    String result() {
        try {
            return Files.readString(dir.resolve("build/modelgate/result.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Processes whose command line mentions this project's folder: none may outlive a job. */
    long processesLeft() {
        String marker = dir.toString();
        return ProcessHandle.allProcesses()
                .filter(p -> p.pid() != ProcessHandle.current().pid())
                .filter(p -> p.info().commandLine().orElse("").contains(marker))
                .count();
    }
}
