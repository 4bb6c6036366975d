package io.modelgate.registry;

import io.modelgate.audit.JsonLinesAuditSink;

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
import java.util.List;
import java.util.Map;

/** One run of the real command line in-process: exit code, stdout, stderr. */
record CommandRun(int code, String out, String err) {

    static CommandRun run(Path workDir, Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new CommandLineApp(env, new PrintStream(out, true), new PrintStream(err, true), workDir).run(args);
        return new CommandRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The audit records the runs in {@code workDir} appended, oldest first. */
    static List<JsonNode> audit(Path workDir) {
        return audit(workDir, "build/modelgate");
    }

    static List<JsonNode> audit(Path workDir, String outputDir) {
        Path file = workDir.resolve(outputDir).resolve(JsonLinesAuditSink.FILE_NAME);
        List<JsonNode> records = new ArrayList<>();
        if (!Files.exists(file)) return records;
        try {
            ObjectMapper json = new ObjectMapper();
            for (String line : Files.readAllLines(file)) records.add(json.readTree(line));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return records;
    }

    @Override
    public String toString() {
        return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
