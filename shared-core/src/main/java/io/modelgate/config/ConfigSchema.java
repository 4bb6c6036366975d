package io.modelgate.config;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Generates the JSON Schema of modelgate.yaml from the config records, so that the schema
 * editors use and the loader's rules are one definition. docs/modelgate.schema.json is this
 * output; a test fails when the committed file drifts.
 */
public final class ConfigSchema {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final PropertyNamingStrategies.NamingBase SNAKE = (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    private ConfigSchema() {
    }

    public static ObjectNode generate() {
        ObjectNode schema = JSON.objectNode();
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.put("$id", "https://modelgate.io/schema/modelgate.schema.json");
        schema.put("title", ConfigFile.DEFAULT_NAME);
        schema.put("description", "Configuration of a ModelGate project: environments, tests, Spark jobs, models and Delta tables.");
        ObjectNode defs = JSON.objectNode();
        ObjectNode root = record(ProjectConfig.class, defs);
        root.putArray("required").add("project");
        schema.setAll(root);
        schema.set("$defs", defs);
        return schema;
    }

    /** The schema as the pretty JSON committed in docs/modelgate.schema.json. */
    public static String render() {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(generate()) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode record(Class<?> type, ObjectNode defs) {
        ObjectNode node = JSON.objectNode().put("type", "object").put("additionalProperties", false);
        ObjectNode properties = node.putObject("properties");
        Object defaults = defaults(type);
        for (RecordComponent component : type.getRecordComponents()) {
            ObjectNode property = typeOf(component.getGenericType(), defs);
            // Annotations on a record component land on its field (and accessor), not on the component.
            java.lang.reflect.Field field = field(type, component.getName());
            JsonFormat format = field.getAnnotation(JsonFormat.class);
            if (format != null && List.of(format.with()).contains(JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)) {
                ObjectNode either = JSON.objectNode();
                either.putArray("oneOf").add(property.get("items").deepCopy()).add(property);
                property = either;
            }
            JsonPropertyDescription doc = field.getAnnotation(JsonPropertyDescription.class);
            if (doc != null) property.put("description", doc.value());
            defaultOf(component, defaults, property);
            String key = SNAKE.translate(component.getName());
            if (key.endsWith("_env")) {
                // Secrets never go in the file: a *_env key holds the name of an environment variable.
                property.put("pattern", "^[A-Za-z_][A-Za-z0-9_]*$");
            }
            properties.set(key, property);
        }
        return node;
    }

    /** The record as its compact constructor fills it in when the file says nothing; null when it refuses that. */
    private static Object defaults(Class<?> type) {
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) types[i] = components[i].getType();
        try {
            return type.getDeclaredConstructor(types).newInstance(new Object[components.length]);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** A scalar the constructor puts in place of a missing key is that key's default, shown to editors and in the reference. */
    private static void defaultOf(RecordComponent component, Object defaults, ObjectNode property) {
        if (defaults == null) return;
        Object value;
        try {
            value = component.getAccessor().invoke(defaults);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        if (value instanceof Duration duration) property.put("default", Durations.format(duration));
        else if (value instanceof Enum<?>) property.put("default", ConfigMapper.get().convertValue(value, String.class));
        else if (value instanceof String text) property.put("default", text);
        else if (value instanceof Boolean flag) property.put("default", flag);
        else if (value instanceof Integer number) property.put("default", number);
        else if (value instanceof Long number) property.put("default", number);
        else if (value instanceof Double number) property.put("default", number);
    }

    private static java.lang.reflect.Field field(Class<?> type, String name) {
        try {
            return type.getDeclaredField(name);
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode typeOf(Type type, ObjectNode defs) {
        if (type instanceof ParameterizedType parameterized) {
            Class<?> raw = (Class<?> ) parameterized.getRawType();
            Type[] args = parameterized.getActualTypeArguments();
            if (List.class.isAssignableFrom(raw)) {
                ObjectNode array = JSON.objectNode().put("type", "array");
                array.set("items", typeOf(args[0], defs));
                return array;
            }
            if (Map.class.isAssignableFrom(raw)) {
                ObjectNode map = JSON.objectNode().put("type", "object");
                map.set("additionalProperties", nullable(typeOf(args[1], defs)));
                return map;
            }
        }
        Class<?> raw = (Class<?>) type;
        if (raw == String.class) return JSON.objectNode().put("type", "string");
        if (raw == Double.class) return JSON.objectNode().put("type", "number");
        if (raw == Integer.class || raw == Long.class) return JSON.objectNode().put("type", "integer");
        if (raw == Boolean.class) return JSON.objectNode().put("type", "boolean");
        if (raw == Duration.class) {
            return JSON.objectNode().put("type", "string").put("pattern", "^(\\d+(ms|s|m|h|d))+$");
        }
        if (raw.isEnum()) {
            ArrayNode values = JSON.arrayNode();
            for (Object constant : raw.getEnumConstants()) values.add(ConfigMapper.get().convertValue(constant, String.class));
            ObjectNode node = JSON.objectNode().put("type", "string");
            node.set("enum", values);
            return node;
        }
        if (raw.isRecord()) {
            String name = raw.getSimpleName();
            if (!defs.has(name)) {
                defs.putObject(name);
                defs.set(name, record(raw, defs));
            }
            ObjectNode ref = JSON.objectNode().put("$ref", "#/$defs/" + name);
            Class<?> shorthand = delegatingCreator(raw);
            if (shorthand == null) return ref;
            // A record that also reads from a bare value (completeness: { amount: 0.99 }): either form.
            ObjectNode either = JSON.objectNode();
            either.putArray("oneOf").add(typeOf(shorthand == double.class ? Double.class : shorthand, defs)).add(ref);
            return either;
        }
        throw new IllegalStateException("no schema for " + type);
    }

    /** The parameter type of a record's delegating creator (a bare value standing for the record), or null. */
    private static Class<?> delegatingCreator(Class<?> type) {
        for (java.lang.reflect.Method method : type.getDeclaredMethods()) {
            com.fasterxml.jackson.annotation.JsonCreator creator = method.getAnnotation(com.fasterxml.jackson.annotation.JsonCreator.class);
            if (creator != null && creator.mode() == com.fasterxml.jackson.annotation.JsonCreator.Mode.DELEGATING) {
                return method.getParameterTypes()[0];
            }
        }
        return null;
    }

    /** A map entry may be left empty in YAML ({@code fraud-detector:} alone), meaning all defaults. */
    private static ObjectNode nullable(ObjectNode schema) {
        if (!schema.has("$ref")) return schema;
        ObjectNode either = JSON.objectNode();
        either.putArray("oneOf").add(schema).add(JSON.objectNode().put("type", "null"));
        return either;
    }
}
