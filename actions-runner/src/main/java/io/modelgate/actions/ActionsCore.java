package io.modelgate.actions;

import io.modelgate.fault.Fault;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The Actions runner protocol, spoken the way the toolkit's {@code @actions/core} speaks it:
 * inputs from {@code INPUT_*} variables, outputs and the job summary through the files the runner
 * names, workflow commands ({@code ::name k=v::message}) on standard output.
 * Rules follow actions/toolkit packages/core/src/core.ts, command.ts and file-command.ts.
 */
public final class ActionsCore {

    /** GitHub's limit for one step's job summary. */
    public static final int SUMMARY_LIMIT_BYTES = 1024 * 1024;

    private static final Set<String> TRUE = Set.of("true", "True", "TRUE");
    private static final Set<String> FALSE = Set.of("false", "False", "FALSE");

    private final Map<String, String> env;
    private final PrintStream stdout;

    public ActionsCore(Map<String, String> env, PrintStream stdout) {
        this.env = env;
        this.stdout = stdout;
    }

    /** The variable the runner sets for an input: spaces become underscores, upper-cased, hyphens kept. */
    public static String inputVariable(String name) {
        return "INPUT_" + name.replace(' ', '_').toUpperCase(Locale.ROOT);
    }

    /** The input's value, trimmed; empty when not set (as getInput without required). */
    public String input(String name) {
        String value = env.get(inputVariable(name));
        return value == null ? "" : value.trim();
    }

    /** A boolean input as getBooleanInput accepts it (YAML 1.2 core schema); empty gives the fallback. */
    public boolean booleanInput(String name, boolean fallback) {
        String value = input(name);
        if (value.isEmpty()) return fallback;
        if (TRUE.contains(value)) return true;
        if (FALSE.contains(value)) return false;
        throw Fault.usage("input " + name + ": expected true | True | TRUE | false | False | FALSE, got \"" + value + "\"");
    }

    /** Appends {@code name<<delimiter} heredoc lines to $GITHUB_OUTPUT, as setOutput does. */
    public void setOutput(String name, String value) {
        String file = env.get("GITHUB_OUTPUT");
        if (file == null || file.isEmpty()) {
            throw Fault.usage("GITHUB_OUTPUT is not set: the runner expects to run inside a GitHub Actions job");
        }
        append(Path.of(file), keyValueMessage(name, value));
    }

    /** The file-command form of one key and value, with a fresh random delimiter. */
    static String keyValueMessage(String name, String value) {
        String delimiter = "ghadelimiter_" + UUID.randomUUID();
        if (name.contains(delimiter) || value.contains(delimiter)) {
            // A random UUID in user data would be an attack, not chance.
            throw new IllegalArgumentException("unexpected input: the value contains the delimiter " + delimiter);
        }
        return name + "<<" + delimiter + "\n" + value + "\n" + delimiter + "\n";
    }

    /**
     * Appends Markdown to $GITHUB_STEP_SUMMARY, keeping the file under GitHub's 1 MiB limit: what
     * does not fit is cut at a line end and replaced by {@code truncationNote}. Returns whether it was cut.
     */
    public boolean appendSummary(String markdown, String truncationNote) {
        String file = env.get("GITHUB_STEP_SUMMARY");
        if (file == null || file.isEmpty()) {
            throw Fault.usage("GITHUB_STEP_SUMMARY is not set: the runner expects to run inside a GitHub Actions job");
        }
        Path path = Path.of(file);
        long used;
        try {
            used = Files.exists(path) ? Files.size(path) : 0;
        } catch (IOException e) {
            throw Fault.infrastructure("cannot read the job summary " + path + ": " + e.getMessage(), e);
        }
        byte[] bytes = markdown.getBytes(StandardCharsets.UTF_8);
        if (used + bytes.length <= SUMMARY_LIMIT_BYTES) {
            append(path, markdown);
            return false;
        }
        byte[] note = ("\n\n" + truncationNote + "\n").getBytes(StandardCharsets.UTF_8);
        long room = SUMMARY_LIMIT_BYTES - used - note.length;
        append(path, cutAtLine(markdown, (int) Math.max(0, room)) + new String(note, StandardCharsets.UTF_8));
        return true;
    }

    /** The longest prefix that fits in {@code maxBytes} of UTF-8 and ends at a line end (or is empty). */
    static String cutAtLine(String text, int maxBytes) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= maxBytes) return text;
        int end = maxBytes;
        while (end > 0 && bytes[end - 1] != '\n') end--;
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    /** Registers a secret so that the runner masks it in every later log line. */
    public void addMask(String secret) {
        if (!secret.isEmpty()) command("add-mask", Map.of(), secret);
    }

    public void startGroup(String title) {
        command("group", Map.of(), title);
    }

    public void endGroup() {
        command("endgroup", Map.of(), "");
    }

    /** An error, warning or notice annotation; file, line and title may be null. */
    public void annotate(String level, String file, Integer line, String title, String message) {
        Map<String, String> properties = new java.util.LinkedHashMap<>();
        if (file != null) properties.put("file", file);
        if (line != null) properties.put("line", line.toString());
        if (title != null) properties.put("title", title);
        command(level, properties, message);
    }

    /** {@code ::name key=value,key=value::message}, escaped as command.ts escapes it. */
    public void command(String name, Map<String, String> properties, String message) {
        stdout.println(commandLine(name, properties, message));
        stdout.flush();
    }

    static String commandLine(String name, Map<String, String> properties, String message) {
        StringBuilder line = new StringBuilder("::").append(name);
        if (!properties.isEmpty()) {
            line.append(' ');
            boolean first = true;
            for (Map.Entry<String, String> property : properties.entrySet()) {
                if (!first) line.append(',');
                line.append(property.getKey()).append('=').append(escapeProperty(property.getValue()));
                first = false;
            }
        }
        return line.append("::").append(escapeData(message)).toString();
    }

    /** command.ts escapeData: % first, then CR and LF. */
    static String escapeData(String text) {
        return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }

    /** command.ts escapeProperty: as escapeData, plus the separators : and ,. */
    static String escapeProperty(String text) {
        return escapeData(text).replace(":", "%3A").replace(",", "%2C");
    }

    private static void append(Path path, String text) {
        try {
            Files.writeString(path, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw Fault.infrastructure("cannot write " + path + ": " + e.getMessage(), e);
        }
    }
}
