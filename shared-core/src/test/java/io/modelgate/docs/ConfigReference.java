package io.modelgate.docs;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelgate.config.ConfigSchema;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders docs/configuration-reference.md from the JSON Schema of modelgate.yaml (the one
 * {@link ConfigSchema} generates and docs/modelgate.schema.json holds): one table per section,
 * every key with its type, default, allowed values and description. A section that appears in
 * several places (mlflow at the top and in an environment) is described once, where it first
 * appears, and lists the other places.
 */
final class ConfigReference {

    /** The word a map's keys stand for, by the map's key; others are {@code <name>}. */
    private static final Map<String, String> KEY_WORDS = Map.ofEntries(
            Map.entry("environments", "environment"), Map.entry("jobs", "job"), Map.entry("models", "model"),
            Map.entry("tables", "table"), Map.entry("metrics", "metric"), Map.entry("promotion", "environment"),
            Map.entry("env", "variable"), Map.entry("conf", "property"), Map.entry("spark_conf", "property"),
            Map.entry("completeness", "column"), Map.entry("ranges", "column"), Map.entry("allowed_values", "column"),
            Map.entry("partition_filter", "column"), Map.entry("columns", "column"));

    private static final String DURATION = "^(\\d+(ms|s|m|h|d))+$";
    private static final String VARIABLE = "^[A-Za-z_][A-Za-z0-9_]*$";

    private final JsonNode schema;
    /** Section (a $defs name, or "" for the top level) to every path it appears at, in reading order. */
    private final Map<String, List<String>> places = new LinkedHashMap<>();

    private ConfigReference(JsonNode schema) {
        this.schema = schema;
        // Breadth first, so that a section is described at its shortest path (tests, not environments.<environment>.tests).
        Map<String, List<String>> found = new LinkedHashMap<>();
        found.put("", new ArrayList<>(List.of("")));
        java.util.ArrayDeque<String[]> queue = new java.util.ArrayDeque<>();
        queue.add(new String[] {"", ""});
        while (!queue.isEmpty()) {
            String[] next = queue.poll();
            JsonNode node = next[0].isEmpty() ? schema : schema.path("$defs").path(next[0]);
            children(node, next[1]).forEach((at, section) -> {
                if (!found.containsKey(section)) queue.add(new String[] {section, at});
                found.computeIfAbsent(section, k -> new ArrayList<>()).add(at);
            });
        }
        // Then in reading order: each section followed by the sections first found inside it.
        order("", found);
        found.forEach((section, paths) -> places.get(section).addAll(paths));
    }

    private void order(String section, Map<String, List<String>> found) {
        places.put(section, new ArrayList<>());
        JsonNode node = section.isEmpty() ? schema : schema.path("$defs").path(section);
        children(node, found.get(section).get(0)).forEach((at, child) -> {
            if (!places.containsKey(child) && found.get(child).get(0).equals(at)) order(child, found);
        });
    }

    /** Path to section of every property of {@code node} that holds a section. */
    private static Map<String, String> children(JsonNode node, String path) {
        Map<String, String> children = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.path("properties").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> property = it.next();
            String ref = recordOf(property.getValue(), property.getKey());
            if (ref == null) continue;
            String[] parts = ref.split(" ", 2);
            String at = join(path, property.getKey()) + (parts.length == 1 ? "" : parts[1].equals("[]") ? "[]" : "." + parts[1]);
            children.put(at, parts[0]);
        }
        return children;
    }

    static String render() {
        return new ConfigReference(ConfigSchema.generate()).markdown();
    }

    /** The section a property holds, directly, as a map's values ("Name <key>") or as list items ("Name []"), or null. */
    private static String recordOf(JsonNode property, String key) {
        JsonNode node = unwrap(property);
        if (node.has("$ref")) return node.get("$ref").asText().replace("#/$defs/", "");
        if (node.path("items").has("$ref")) return node.get("items").get("$ref").asText().replace("#/$defs/", "") + " []";
        if (node.has("additionalProperties") && node.get("additionalProperties").isObject()) {
            JsonNode values = unwrap(node.get("additionalProperties"));
            if (values.has("$ref")) return values.get("$ref").asText().replace("#/$defs/", "") + " <" + word(key) + ">";
        }
        return null;
    }

    /** A map entry that may be left empty, or a value that may be one item or a list: the item's shape. */
    private static JsonNode unwrap(JsonNode node) {
        if (node.has("oneOf")) {
            for (JsonNode option : node.get("oneOf")) {
                if (!option.path("type").asText().equals("null") && !option.path("type").asText().equals("array")) return option;
            }
        }
        return node;
    }

    private String markdown() {
        StringBuilder md = new StringBuilder(StepPages.header());
        md.append("# Configuration reference: `modelgate.yaml`\n\n")
                .append("Every key of `modelgate.yaml`, generated from its JSON Schema ([`modelgate.schema.json`](modelgate.schema.json), ")
                .append("itself generated from the records the loader binds). How the file is layered, how the environment is chosen ")
                .append("and how secrets are named: [configuration](configuration.md).\n\n")
                .append("Keys are snake_case; a key not listed here is refused. `<name>` stands for a key you choose. ")
                .append("A duration is written `500ms`, `90s`, `10m`, `1h30m` or `2d`. A key ending in `_env` holds the **name** ")
                .append("of an environment variable (the secret itself is never in the file). \"one or a list\" accepts a single value ")
                .append("or a list. An empty default means none.\n\n");
        md.append("Sections: ");
        List<String> links = new ArrayList<>();
        places.forEach((section, paths) -> links.add("[" + title(section, paths.get(0)) + "](#" + anchor(section) + ")"));
        md.append(String.join(" · ", links)).append("\n");
        places.forEach((section, paths) -> section(md, section, paths));
        return md.toString();
    }

    private void section(StringBuilder md, String section, List<String> paths) {
        JsonNode node = section.isEmpty() ? schema : schema.path("$defs").path(section);
        md.append("\n<a id=\"").append(anchor(section)).append("\"></a>\n\n## ").append(title(section, paths.get(0))).append("\n\n");
        if (section.isEmpty()) {
            md.append(schema.path("description").asText()).append(" Required: ")
                    .append(String.join(", ", textList(schema.path("required")).stream().map(k -> "`" + k + "`").toList())).append(".\n\n");
        }
        if (paths.size() > 1) {
            md.append("Also at ").append(String.join(", ", paths.subList(1, paths.size()).stream().map(p -> "`" + p + "`").toList()))
                    .append(".\n\n");
        }
        if (section.equals("EnvironmentConfig")) {
            md.append("Any section below `branches` is merged over the top-level section of the same name when this environment is in use ")
                    .append("(mappings key by key, lists and values replaced whole).\n\n");
        }
        md.append("| key | type | default | allowed values | description |\n| --- | --- | --- | --- | --- |\n");
        for (Iterator<Map.Entry<String, JsonNode>> it = node.path("properties").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> property = it.next();
            JsonNode value = property.getValue();
            md.append("| `").append(property.getKey()).append("` | ").append(type(value, property.getKey()))
                    .append(" | ").append(value.has("default") ? "`" + value.get("default").asText() + "`" : "")
                    .append(" | ").append(allowed(value))
                    .append(" | ").append(StepPages.cell(value.path("description").asText()))
                    .append(" |\n");
        }
    }

    private static List<String> textList(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private String type(JsonNode property, String key) {
        if (property.has("oneOf")) {
            List<String> options = new ArrayList<>();
            for (JsonNode option : property.get("oneOf")) {
                if (option.path("type").asText().equals("array")) {
                    return type(option.get("items"), key) + ", one or a list";
                }
                if (!option.path("type").asText().equals("null")) options.add(type(option, key));
            }
            return String.join(" or ", options);
        }
        if (property.has("$ref")) {
            String section = property.get("$ref").asText().replace("#/$defs/", "");
            return "[section](#" + anchor(section) + ")";
        }
        String type = property.path("type").asText();
        return switch (type) {
            case "array" -> "list of " + plural(type(property.get("items"), key));
            case "object" -> "map: `<" + word(key) + ">` → " + type(property.get("additionalProperties"), key);
            case "string" -> property.path("pattern").asText().equals(DURATION) ? "duration"
                    : property.path("pattern").asText().equals(VARIABLE) ? "variable name" : "string";
            default -> type;
        };
    }

    private static String plural(String type) {
        return switch (type) {
            case "string" -> "strings";
            case "list of strings" -> "lists of strings";
            default -> type;
        };
    }

    private static String allowed(JsonNode property) {
        if (property.has("enum")) {
            return String.join(", ", textList(property.get("enum")).stream().map(v -> "`" + v + "`").toList());
        }
        String pattern = property.path("pattern").asText();
        if (pattern.equals(DURATION)) return "e.g. `90s`, `10m`, `1h30m`";
        if (pattern.equals(VARIABLE)) return "a variable name: letters, digits, `_`";
        return "";
    }

    private static String title(String section, String path) {
        return section.isEmpty() ? "Top level" : "`" + path + "`";
    }

    private static String anchor(String section) {
        return section.isEmpty() ? "top-level" : section.toLowerCase(Locale.ROOT);
    }

    private static String word(String key) {
        return KEY_WORDS.getOrDefault(key, "name");
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
