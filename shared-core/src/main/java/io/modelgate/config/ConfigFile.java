package io.modelgate.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A loaded {@code modelgate.yaml}: checked as a whole when loaded (types, unknown keys, rules,
 * and every environment's merged view), then resolved for one environment on demand.
 */
public final class ConfigFile {

    public static final String DEFAULT_NAME = "modelgate.yaml";
    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Path path;
    private final String displayName;
    private final ObjectNode tree;
    private final Locations locations;
    private final ProjectConfig asWritten;

    private ConfigFile(Path path, String displayName, ObjectNode tree, Locations locations, ProjectConfig asWritten) {
        this.path = path;
        this.displayName = displayName;
        this.tree = tree;
        this.locations = locations;
        this.asWritten = asWritten;
    }

    /**
     * Loads and checks the file; every fault is a {@link ConfigError} naming file, line and key.
     * {@code configOption} is the option that names the file, as the user's front end spells it
     * (e.g. {@code --config}), for the hint when the file is missing.
     */
    public static ConfigFile load(Path path, String configOption) {
        String name = path.getFileName() == null ? path.toString() : path.getFileName().toString();
        String text;
        try {
            text = utf8(Files.readAllBytes(path), name);
        } catch (NoSuchFileException e) {
            throw new ConfigError(path + ": not found; create a " + DEFAULT_NAME + " or pass " + configOption + " PATH");
        } catch (IOException e) {
            throw new ConfigError(path + ": cannot be read: " + e.getMessage());
        }
        ObjectMapper mapper = ConfigMapper.get();
        JsonNode parsed;
        Locations locations;
        try (JsonParser parser = mapper.getFactory().createParser(text)) {
            locations = Locations.index(parser, name);
            parsed = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw syntaxError(name, e);
        } catch (IOException e) {
            throw new ConfigError(name + ": cannot be read: " + e.getMessage());
        }
        if (parsed == null || parsed.isMissingNode() || parsed.isNull()) {
            throw ConfigError.at(name, null, null, "the file is empty; it needs at least project: NAME");
        }
        if (!(parsed instanceof ObjectNode tree)) {
            throw ConfigError.at(name, 1, null, "expected a mapping of keys (project:, models:, ...), got " + describe(parsed));
        }
        ProjectConfig asWritten = bind(mapper, tree, name, locations, tree);
        ConfigFile file = new ConfigFile(path, name, tree, locations, asWritten);
        file.checkSecretVariableNames();
        asWritten.validate(new ConfigCheck(name, locations, null));
        for (String environment : asWritten.environments().keySet()) {
            file.resolve(environment);
        }
        return file;
    }

    public Path path() {
        return path;
    }

    public String displayName() {
        return displayName;
    }

    /** The configuration as written, without any environment merged in. */
    public ProjectConfig asWritten() {
        return asWritten;
    }

    public Set<String> environmentNames() {
        return asWritten.environments().keySet();
    }

    /** The general section with the environment's section merged over it, checked. */
    public ResolvedConfig resolve(String environment) {
        if (environment == null) {
            return new ResolvedConfig(null, asWritten, this);
        }
        EnvironmentConfig section = asWritten.environments().get(environment);
        if (section == null && !asWritten.environments().containsKey(environment)) {
            String declared = environmentNames().isEmpty() ? "none" : String.join(", ", environmentNames());
            throw ConfigError.at(displayName, locations.lineOf("environments"), null,
                    "environment \"" + environment + "\" is not declared under environments: (declared: " + declared + ")");
        }
        ObjectNode merged = tree.deepCopy();
        merged.remove("environments");
        JsonNode overrides = tree.path("environments").path(environment);
        if (overrides instanceof ObjectNode overrideObject) {
            ObjectNode copy = overrideObject.deepCopy();
            copy.remove("branches");
            deepMerge(merged, copy);
        }
        merged.set("environments", tree.path("environments").deepCopy());
        ObjectMapper mapper = ConfigMapper.get();
        ProjectConfig config = bind(mapper, merged, displayName, locations, merged);
        config.validate(new ConfigCheck(displayName, locations, "environments." + environment));
        return new ResolvedConfig(environment, config, this);
    }

    /** The line of a dotted key path, when the file has it. */
    public Integer lineOf(String keyPath) {
        return locations.lineOf(keyPath);
    }

    /**
     * Every environment variable the file names as a secret (keys ending in {@code _env}),
     * with the key path that names it. Their values are masked in all output.
     */
    public Map<String, String> secretVariables() {
        Map<String, String> found = new java.util.LinkedHashMap<>();
        collectSecretVariables(tree, "", found);
        return found;
    }

    static void collectSecretVariables(JsonNode node, String path, Map<String, String> found) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String fieldPath = ConfigCheck.join(path, field.getKey());
            if (field.getKey().endsWith("_env") && field.getValue().isTextual()) {
                found.putIfAbsent(field.getValue().asText(), fieldPath);
            } else if (field.getValue().isObject()) {
                collectSecretVariables(field.getValue(), fieldPath, found);
            }
        }
    }

    /**
     * Every {@code *_env} key holds a variable name, never a secret: a value that is not a name,
     * or that looks like a credential, is refused without being shown.
     */
    private void checkSecretVariableNames() {
        ConfigCheck check = new ConfigCheck(displayName, locations, null);
        for (Map.Entry<String, String> secret : secretVariables().entrySet()) {
            if (!VARIABLE_NAME.matcher(secret.getKey()).matches()) {
                throw check.fail(secret.getValue(), "expected the name of an environment variable (the secret itself never goes in this file; the value is not shown)");
            }
            if (SecretVariables.looksLikeCredential(secret.getKey())) {
                throw check.fail(secret.getValue(), "this looks like a credential, not the name of an environment variable: put the secret "
                        + "in an environment variable and write the variable's name here (the value is not shown; revoke it if it was committed)");
            }
        }
    }

    /** The file's text; bytes that are not UTF-8 are refused with their line, not a bare "Input length = 1". */
    private static String utf8(byte[] bytes, String name) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int at = in.position();
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < at; i++) {
                if (bytes[i] == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            throw ConfigError.at(name, line, null, String.format("not valid UTF-8 (byte 0x%02X at byte %d of the line): save the file as UTF-8",
                    bytes[at] & 0xFF, at - lineStart + 1));
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    /** Objects merge key by key; lists and scalars of the override replace the general ones. */
    private static void deepMerge(ObjectNode base, ObjectNode override) {
        Iterator<Map.Entry<String, JsonNode>> fields = override.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode existing = base.get(field.getKey());
            if (existing instanceof ObjectNode existingObject && field.getValue() instanceof ObjectNode overrideObject) {
                deepMerge(existingObject, overrideObject);
            } else {
                base.set(field.getKey(), field.getValue().deepCopy());
            }
        }
    }

    private static ConfigError syntaxError(String name, JsonProcessingException e) {
        Integer line = e.getLocation() == null ? null : e.getLocation().getLineNr();
        String problem = e.getOriginalMessage().lines().findFirst().orElse("");
        if (e.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException yaml && yaml.getProblem() != null) {
            problem = (yaml.getContext() != null ? yaml.getContext() + ": " : "") + yaml.getProblem();
            if (yaml.getProblemMark() != null) line = yaml.getProblemMark().getLine() + 1;
        }
        java.util.regex.Matcher duplicate = java.util.regex.Pattern.compile("Duplicate field '([^']*)'").matcher(problem);
        if (duplicate.find()) {
            return ConfigError.at(name, line, null, "key " + duplicate.group(1) + " appears twice in the same mapping");
        }
        return ConfigError.at(name, line, null, "not valid YAML: " + problem);
    }

    private static ProjectConfig bind(ObjectMapper mapper, ObjectNode node, String name, Locations locations, JsonNode tree) {
        try {
            return mapper.treeToValue(node, ProjectConfig.class);
        } catch (JsonMappingException e) {
            throw translate(e, name, locations, tree);
        } catch (JsonProcessingException e) {
            throw ConfigError.at(name, null, null, e.getOriginalMessage());
        }
    }

    private static ConfigError translate(JsonMappingException e, String name, Locations locations, JsonNode tree) {
        StringBuilder path = new StringBuilder();
        JsonNode node = tree;
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) path.append('.');
                path.append(ref.getFieldName());
                node = node == null ? null : node.get(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
                node = node == null ? null : node.get(ref.getIndex());
            }
        }
        String keyPath = path.toString();
        Integer line = locations.lineOf(keyPath);
        if (e instanceof UnrecognizedPropertyException unknown) {
            List<String> known = new ArrayList<>();
            for (Object id : unknown.getKnownPropertyIds()) known.add(String.valueOf(id));
            known.sort(null);
            return ConfigError.at(name, line, keyPath, "unknown key (expected one of: " + String.join(", ", known) + ")");
        }
        if (e instanceof com.fasterxml.jackson.databind.exc.InvalidNullException) {
            return ConfigError.at(name, line, keyPath, "an empty value (~ or nothing): write a value or remove the entry");
        }
        Class<?> target = e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException mismatch
                ? mismatch.getTargetType() : null;
        if (e.getCause() instanceof IllegalArgumentException cause && cause.getMessage() != null) {
            return ConfigError.at(name, line, keyPath, cause.getMessage());
        }
        if (target != null) {
            String got = e instanceof InvalidFormatException invalid && node == null
                    ? describeValue(invalid.getValue()) : describe(node);
            String hint = node != null && node.isBoolean() && !(target == Boolean.class || target == boolean.class)
                    ? " (YAML reads on, off, yes and no as booleans: quote the value)" : "";
            return ConfigError.at(name, line, keyPath, "expected " + expected(target) + ", got " + got + hint);
        }
        return ConfigError.at(name, line, keyPath, e.getOriginalMessage());
    }

    private static String expected(Class<?> type) {
        if (type == Double.class || type == double.class || type == Float.class) return "a number";
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) return "an integer";
        if (type == Boolean.class || type == boolean.class) return "true or false";
        if (type == String.class) return "a string";
        if (type == java.time.Duration.class) return "a duration like 90s, 10m or 1h30m";
        if (Collection.class.isAssignableFrom(type)) return "a list";
        if (type.isEnum()) {
            Set<String> names = new LinkedHashSet<>();
            for (Object constant : type.getEnumConstants()) {
                names.add(ConfigMapper.get().convertValue(constant, String.class));
            }
            return "one of " + String.join(", ", names);
        }
        return "a mapping of keys";
    }

    static String describe(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) return "nothing";
        if (node.isTextual()) return "\"" + node.asText() + "\"";
        if (node.isArray()) return "a list";
        if (node.isObject()) return "a mapping";
        return node.asText();
    }

    private static String describeValue(Object value) {
        return value instanceof String text ? "\"" + text + "\"" : String.valueOf(value);
    }
}
