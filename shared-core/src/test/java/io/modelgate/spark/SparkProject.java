package io.modelgate.spark;

import io.modelgate.cli.CommandLineApp;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

    /** A command line run in its own JVM and stopped with SIGTERM: how it ended and what it printed. */
    record Terminated(boolean ended, int exitCode, List<String> lines) {
        String output() {
            return String.join("\n", lines);
        }
    }

    /**
     * Runs modelgate in its own JVM with this project's environment, as a CI does, and sends it
     * SIGTERM (a CI's abort) {@code grace} after it printed the line {@code trigger}; waits up to a
     * minute for it to end.
     */
    Terminated runAndTerminate(String trigger, Duration grace, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.modelgate.cli.Main"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process modelgate = builder.start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(modelgate.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                lines.add(line);
                if (line.trim().equals(trigger)) {
                    Thread.sleep(grace.toMillis());
                    modelgate.toHandle().destroy(); // SIGTERM (Process.destroy would close our pipe too)
                }
            }
        }
        boolean ended = modelgate.waitFor(60, TimeUnit.SECONDS);
        return new Terminated(ended, ended ? modelgate.exitValue() : -1, lines);
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
