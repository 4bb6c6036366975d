package io.modelgate.config;

import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.util.ArrayList;
import java.util.List;

/**
 * A YAML syntax error in the user's words, on the line to fix. SnakeYAML reports where parsing
 * broke ("expected &lt;block end&gt;, but found '&lt;block mapping start&gt;'"), which is the
 * culprit for a mis-indented key but the line after it for a key that lost its colon, and an
 * unclosed quote or bracket is reported where the file ends. This reads the lines around the
 * mark and says which line is wrong and how: indentation, a missing colon, an unclosed quote.
 */
final class YamlSyntax {

    /** The line to fix (1-based) and what is wrong with it. */
    record Explained(int line, String message) {
    }

    private YamlSyntax() {
    }

    /** The explanation, or null when the error is none of the known shapes (the parser's words are shown then). */
    static Explained explain(String text, MarkedYAMLException error) {
        Mark problem = error.getProblemMark();
        if (problem == null) return null;
        String[] lines = text.split("\r?\n", -1);
        String what = error.getProblem() == null ? "" : error.getProblem();
        String context = error.getContext() == null ? "" : error.getContext();
        Mark opened = error.getContextMark();
        if (what.contains("\\t(TAB)")) {
            return new Explained(problem.getLine() + 1, "indentation: a tab character; YAML indents with spaces only: replace the tab with spaces");
        }
        if (context.startsWith("while scanning a quoted scalar") && opened != null) {
            return new Explained(opened.getLine() + 1, "the quoted value that starts here is never closed: add the closing quote");
        }
        if (context.startsWith("while parsing a flow ") && opened != null && !what.contains("<block")) {
            char bracket = context.contains("sequence") ? ']' : '}';
            return new Explained(opened.getLine() + 1, "the " + (bracket == ']' ? "[" : "{") + " opened on this line is never closed with "
                    + bracket + " (or an item in it is not separated by a comma)");
        }
        int at = problem.getLine();
        if (at >= lines.length || !(what.startsWith("expected <block end>") || what.startsWith("mapping values are not allowed"))) {
            return null;
        }
        int previous = previousContentLine(lines, at);
        String line = lines[at];
        int indent = indentOf(line);
        if (previous >= 0 && indentOf(lines[previous]) < indent && isBareWord(lines[previous])) {
            String word = lines[previous].strip();
            return new Explained(previous + 1, word + " has no colon, so the indented line after it cannot be its content: write " + word + ":");
        }
        if (previous >= 0 && indentOf(lines[previous]) < indent && hasScalarValue(lines[previous])) {
            return new Explained(at + 1, "indentation: " + keyOf(line) + " is indented deeper (" + indent + " spaces) than "
                    + keyOf(lines[previous]) + " on line " + (previous + 1) + ", which already has a value: line it up with "
                    + keyOf(lines[previous]) + " (" + indentOf(lines[previous]) + " spaces) or remove the value");
        }
        List<int[]> enclosing = enclosing(lines, at);
        boolean matches = enclosing.stream().anyMatch(level -> level[0] == indent);
        boolean firstUnderPrevious = previous >= 0 && indentOf(lines[previous]) < indent && lines[previous].replaceAll("\\s+#.*$", "").strip().endsWith(":");
        if (!matches && !firstUnderPrevious && !enclosing.isEmpty()) {
            StringBuilder choices = new StringBuilder();
            for (int[] level : nearest(enclosing, indent)) {
                if (!choices.isEmpty()) choices.append(" or ");
                choices.append(keyOf(lines[level[1]])).append(" (").append(level[0]).append(" spaces, line ").append(level[1] + 1).append(')');
            }
            return new Explained(at + 1, "indentation: " + keyOf(line) + " is indented " + indent + " spaces, like no key above it: "
                    + "line it up with " + choices);
        }
        if (line.strip().startsWith("-")) {
            return new Explained(at + 1, "indentation: a list item at the indentation of the keys around it: put it under its key, "
                    + "indented further (or write the list in brackets: key: [a, b])");
        }
        if (what.startsWith("mapping values are not allowed")) {
            return new Explained(at + 1, "a colon followed by a space inside a value: quote the value (\"...\")");
        }
        return new Explained(at + 1, "indentation: " + keyOf(line) + " does not line up with the keys of the mapping it is in");
    }

    /** The indentation and line index of each key that could hold a line at {@code at}: the chain of shallower keys above it. */
    private static List<int[]> enclosing(String[] lines, int at) {
        List<int[]> levels = new ArrayList<>();
        int shallowest = Integer.MAX_VALUE;
        for (int i = at - 1; i >= 0; i--) {
            if (isBlankOrComment(lines[i]) || lines[i].strip().startsWith("-")) continue;
            int indent = indentOf(lines[i]);
            if (indent < shallowest) {
                levels.add(new int[] {indent, i});
                shallowest = indent;
            }
        }
        return levels;
    }

    /** The levels just deeper and just shallower than {@code indent}. */
    private static List<int[]> nearest(List<int[]> levels, int indent) {
        List<int[]> near = new ArrayList<>();
        int[] deeper = null;
        int[] shallower = null;
        for (int[] level : levels) {
            if (level[0] > indent && (deeper == null || level[0] < deeper[0])) deeper = level;
            if (level[0] < indent && (shallower == null || level[0] > shallower[0])) shallower = level;
        }
        if (deeper != null) near.add(deeper);
        if (shallower != null) near.add(shallower);
        return near;
    }

    private static int previousContentLine(String[] lines, int at) {
        for (int i = at - 1; i >= 0; i--) {
            if (!isBlankOrComment(lines[i])) return i;
        }
        return -1;
    }

    private static boolean isBlankOrComment(String line) {
        String stripped = line.strip();
        return stripped.isEmpty() || stripped.startsWith("#");
    }

    private static int indentOf(String line) {
        int indent = 0;
        while (indent < line.length() && line.charAt(indent) == ' ') indent++;
        return indent;
    }

    /** A plain word alone on its line, like {@code staging} where {@code staging:} was meant. */
    private static boolean isBareWord(String line) {
        return line.strip().matches("[A-Za-z0-9_.-]+");
    }

    /** {@code key: value} with a value on the same line (not a comment, not the start of a block). */
    private static boolean hasScalarValue(String line) {
        String stripped = line.strip();
        int colon = stripped.indexOf(": ");
        return colon > 0 && !stripped.startsWith("-") && !stripped.substring(colon + 2).strip().isEmpty()
                && !stripped.substring(colon + 2).strip().startsWith("#");
    }

    /** How a line is named in a message: its key with the colon, else its text. */
    private static String keyOf(String line) {
        String stripped = line.strip();
        int colon = stripped.indexOf(':');
        return colon > 0 && !stripped.startsWith("-") ? stripped.substring(0, colon + 1) : stripped;
    }
}
