package io.modelgate.step;

import io.modelgate.fault.Fault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelgate.config.Durations;

import java.io.IOException;

import java.time.Duration;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A step's parameters, checked against its definition: unknown names, missing required
 * values and wrong types are usage errors (exit 2) before the step starts.
 */
public final class StepParams {

    /** Boolean spellings as the Actions toolkit's getBooleanInput accepts them (YAML 1.2 core schema). */
    private static final Set<String> TRUE = Set.of("true", "True", "TRUE");
    private static final Set<String> FALSE = Set.of("false", "False", "FALSE");

    private final StepDefinition definition;
    private final Map<String, Object> values;

    private StepParams(StepDefinition definition, Map<String, Object> values) {
        this.definition = definition;
        this.values = values;
    }

    /**
     * Checks raw values (text, or JSON scalars from a params document) against the definition.
     * An empty text counts as not given, as an unset action input does. Messages name parameters
     * as {@code frontEnd} spells them.
     */
    public static StepParams parse(StepDefinition definition, Map<String, ?> raw, FrontEnd frontEnd) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, ?> entry : raw.entrySet()) {
            Param param = definition.param(entry.getKey()).orElseThrow(() -> Fault.usage(
                    "unknown parameter " + frontEnd.spell(entry.getKey()) + " for step " + definition.name()
                            + " (known: " + String.join(", ", definition.params().stream().map(p -> frontEnd.spell(p.name())).toList()) + ")"));
            Object value = entry.getValue();
            if (value == null || (value instanceof String text && text.isEmpty())) {
                continue;
            }
            values.put(param.name(), convert(definition, param, value, frontEnd));
        }
        for (Param param : definition.params()) {
            if (!values.containsKey(param.name())) {
                if (param.required()) {
                    throw Fault.usage("step " + definition.name() + " needs " + frontEnd.spell(param.name()) + ": " + param.doc());
                }
                if (param.defaultValue() != null) {
                    values.put(param.name(), convert(definition, param, param.defaultValue(), frontEnd));
                }
            }
        }
        return new StepParams(definition, Collections.unmodifiableMap(values));
    }

    /**
     * A params document: one JSON object of parameter names (kebab-case or camelCase) to scalar
     * values, as raw values for {@link #parse}. {@code source} names the document in errors.
     */
    public static Map<String, Object> fromJson(StepDefinition definition, String source, String json) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            String message = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
            throw Fault.usage(source + ": cannot read the params document: " + message);
        }
        if (!(root instanceof ObjectNode object)) {
            throw Fault.usage(source + ": the params document must be one JSON object of parameter names to values");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = definition.params().stream()
                    .filter(p -> p.name().equals(field.getKey()) || p.camelName().equals(field.getKey()))
                    .map(Param::name).findFirst().orElse(field.getKey());
            JsonNode value = field.getValue();
            if (value.isContainerNode()) {
                throw Fault.usage(source + ": parameter " + field.getKey() + " must be a string, number or boolean");
            }
            values.put(name, value.isNull() ? null : value.asText());
        }
        return values;
    }

    private static Object convert(StepDefinition definition, Param param, Object value, FrontEnd frontEnd) {
        String text = String.valueOf(value).trim();
        String where = "step " + definition.name() + ", " + frontEnd.spell(param.name());
        return switch (param.type()) {
            case STRING -> text;
            case INTEGER -> {
                java.math.BigInteger number;
                try {
                    number = new java.math.BigInteger(text);
                } catch (NumberFormatException e) {
                    throw Fault.usage(where + ": expected an integer, got \"" + text + "\"");
                }
                if (number.compareTo(new java.math.BigInteger(param.min())) < 0 || number.compareTo(new java.math.BigInteger(param.max())) > 0) {
                    throw Fault.usage(where + ": must be between " + param.min() + " and " + param.max() + ", got " + text);
                }
                yield number.intValueExact();
            }
            case BOOLEAN -> {
                if (TRUE.contains(text)) yield true;
                if (FALSE.contains(text)) yield false;
                throw Fault.usage(where + ": expected true or false, got \"" + text + "\"");
            }
            case DURATION -> {
                try {
                    yield Durations.check(Durations.parse(text), Durations.parse(param.min()), Durations.parse(param.max()));
                } catch (IllegalArgumentException e) {
                    throw Fault.usage(where + ": " + e.getMessage());
                }
            }
            case CHOICE -> {
                if (!param.choices().contains(text.toLowerCase(Locale.ROOT))) {
                    throw Fault.usage(where + ": expected one of " + String.join(", ", param.choices()) + ", got \"" + text + "\"");
                }
                yield text.toLowerCase(Locale.ROOT);
            }
        };
    }

    public StepDefinition definition() {
        return definition;
    }

    /** The values given or defaulted, by parameter name. */
    public Map<String, Object> values() {
        return values;
    }

    public boolean has(String name) {
        return values.containsKey(check(name));
    }

    public String string(String name) {
        Object value = values.get(check(name));
        return value == null ? null : value.toString();
    }

    public Integer integer(String name) {
        return (Integer) values.get(check(name));
    }

    public boolean flag(String name) {
        return Boolean.TRUE.equals(values.get(check(name)));
    }

    public Duration duration(String name) {
        return (Duration) values.get(check(name));
    }

    private String check(String name) {
        if (definition.param(name).isEmpty()) {
            throw new IllegalArgumentException("step " + definition.name() + " has no parameter " + name);
        }
        return name;
    }
}
