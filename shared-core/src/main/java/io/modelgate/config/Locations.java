package io.modelgate.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

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

    /** Walks the token stream once; a parse error surfaces from the parser as usual. */
    static Locations index(JsonParser parser) throws IOException {
        Map<String, Integer> lines = new HashMap<>();
        Deque<Frame> open = new ArrayDeque<>();
        for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
            int line = parser.currentTokenLocation().getLineNr();
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
                }
                default -> {
                    if (top != null && top.array) {
                        lines.put(top.child(), line);
                        top.index++;
                    }
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
