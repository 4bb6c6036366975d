package io.modelgate.teststage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelgate.cli.CommandLineApp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs a test step through the real command line, in-process, on a project directory. */
final class StageRun {

    final Path project;
    final Map<String, String> env = new HashMap<>();
    int exitCode;
    String out;
    String err;

    StageRun(Path project) {
        this.project = project;
        env.put("PATH", System.getenv("PATH"));
        env.put("HOME", System.getProperty("user.home"));
        if (System.getenv("JAVA_HOME") != null) env.put("JAVA_HOME", System.getenv("JAVA_HOME"));
        env.put("MODELGATE_LOCK_DIR", project.resolve(".locks").toString());
    }

    StageRun config(String yaml) {
        write("modelgate.yaml", yaml);
        return this;
    }

    StageRun write(String relative, String text) {
        try {
            Path file = project.resolve(relative);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    StageRun run(String step, String... options) {
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of(step, "--config", project.resolve("modelgate.yaml").toString(),
                "--output-dir", project.resolve("out").toString()));
        args.addAll(List.of(options));
        exitCode = new CommandLineApp(env, new PrintStream(outBytes, true, StandardCharsets.UTF_8),
                new PrintStream(errBytes, true, StandardCharsets.UTF_8), project).run(args.toArray(String[]::new));
        out = outBytes.toString(StandardCharsets.UTF_8);
        err = errBytes.toString(StandardCharsets.UTF_8);
        return this;
    }

    JsonNode result() {
        try {
            return new ObjectMapper().readTree(project.resolve("out/result.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String headline() {
        return result().path("headline").asText();
    }

    String output(String name) {
        return result().path("outputs").path(name).asText();
    }

    /** A JUnit XML report with one case per (name, failure message or null). */
    static String report(String... namesAndFailures) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?>\n<testsuite name=\"s\">\n");
        for (int i = 0; i < namesAndFailures.length; i += 2) {
            xml.append("<testcase classname=\"tests.test_m\" name=\"").append(namesAndFailures[i]).append("\" time=\"0.01\"");
            String failure = namesAndFailures[i + 1];
            xml.append(failure == null ? "/>\n" : "><failure message=\"" + failure + "\">tests/test_m.py:7: AssertionError</failure></testcase>\n");
        }
        return xml.append("</testsuite>\n").toString();
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- out\n" + out + "\n--- err\n" + err;
    }
}
