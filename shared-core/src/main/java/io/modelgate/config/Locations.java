package io.modelgate.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/** The line of every key and list item of a YAML document, by dotted path ({@code a.b[2].c}). */
final class Locations {

    private final Map<String, Integer> lines;

    private Locations(Map<String, Integer> lines) {
        this.lines = lines;
    }

    Integer lineOf(String path) {
        return lines.get(path);
    }

    /**
     * Walks the token stream once; a parse error surfaces from the parser as usual. Refuses what
     * the mapper would silently misread: an alias (read as its anchor's name, not its value) and
     * a second document (ignored).
     */
    static Locations index(JsonParser parser, String file) throws IOException {
        Map<String, Integer> lines = new HashMap<>();
        Deque<Frame> open = new ArrayDeque<>();
        boolean rootDone = false;
        for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
            int line = parser.currentTokenLocation().getLineNr();
            if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
                throw ConfigError.at(file, line, null, "YAML aliases (*" + parser.getText() + ") are not supported: "
                        + "write the value out in full (an alias would be read as the anchor's name)");
            }
            if (rootDone) {
                if (token == JsonToken.VALUE_NULL) continue; // an empty document after ---
                throw ConfigError.at(file, line, null, "a second YAML document (after ---): modelgate.yaml holds one; "
                        + "merge it into the first or remove it");
            }
            Frame top = open.peek();
            switch (token) {
                case FIELD_NAME -> {
                    top.field = parser.currentName();
                    lines.put(top.child(), line);
                }
                case START_OBJECT, START_ARRAY -> {
                    String path = top == null ? "" : top.child();
                    if (top != null && top.array) lines.putIfAbsent(path, line);
                    open.push(new Frame(path, token == JsonToken.START_ARRAY));
                }
                case END_OBJECT, END_ARRAY -> {
                    open.pop();
                    if (open.peek() != null && open.peek().array) open.peek().index++;
                    rootDone = open.isEmpty();
                }
                default -> {
                    if (top != null && top.array) {
                        lines.put(top.child(), line);
                        top.index++;
                    }
                    rootDone = top == null;
                }
            }
        }
        return new Locations(lines);
    }

    private static final class Frame {
        final String path;
        final boolean array;
        String field;
        int index;

        Frame(String path, boolean array) {
            this.path = path;
            this.array = array;
        }

        String child() {
            return array ? path + "[" + index + "]" : ConfigCheck.join(path, field);
        }
    }
}
