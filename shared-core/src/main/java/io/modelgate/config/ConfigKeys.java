package io.modelgate.config;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which keys the file may hold where, read from the config records: what turns "unknown key" into
 * "this key belongs one level up" when a line is indented wrongly.
 */
final class ConfigKeys {

    private static final PropertyNamingStrategies.NamingBase SNAKE = (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    private ConfigKeys() {
    }

    /** The keys a mapping at {@code keyPath} may hold (e.g. {@code tests.unit}); empty when it is not a record (a named map, a scalar). */
    static Set<String> at(String keyPath) {
        Type type = typeAt(keyPath);
        return type instanceof Class<?> record && record.isRecord() ? keysOf(record) : Set.of();
    }

    /** Whether {@code keyPath} is a named entry of a map of records, e.g. {@code environments.staging} or {@code models.fraud}. */
    static boolean isNamedEntry(String keyPath) {
        int dot = keyPath.lastIndexOf('.');
        return dot > 0 && typeAt(keyPath.substring(0, dot)) instanceof ParameterizedType map
                && Map.class.isAssignableFrom((Class<?>) map.getRawType()) && !at(keyPath).isEmpty();
    }

    /**
     * Why an unknown {@code key} under {@code parentPath} may be a mis-indented line: it is a key
     * of the mapping one level up. Empty when it is not.
     */
    static String oneLevelUp(String parentPath, String key) {
        int dot = parentPath.lastIndexOf('.');
        String grandparent = dot < 0 ? "" : parentPath.substring(0, dot);
        if (parentPath.isEmpty() || !at(grandparent).contains(key)) return "";
        return "; " + key + " is a key of " + (grandparent.isEmpty() ? "the top level" : grandparent)
                + ", one level up: check its indentation";
    }

    private static Set<String> keysOf(Class<?> record) {
        Set<String> keys = new LinkedHashSet<>();
        for (RecordComponent component : record.getRecordComponents()) keys.add(SNAKE.translate(component.getName()));
        return keys;
    }

    /** The declared type at a dotted key path (list indices skipped), null when the path leaves the records. */
    private static Type typeAt(String keyPath) {
        Type type = ProjectConfig.class;
        for (String segment : segments(keyPath)) {
            if (type instanceof Class<?> record && record.isRecord()) {
                type = componentType(record, segment);
            } else if (type instanceof ParameterizedType map && Map.class.isAssignableFrom((Class<?>) map.getRawType())) {
                type = map.getActualTypeArguments()[1];
            } else {
                return null;
            }
            if (type instanceof ParameterizedType list && List.class.isAssignableFrom((Class<?>) list.getRawType())) {
                type = list.getActualTypeArguments()[0];
            }
        }
        return type;
    }

    private static Type componentType(Class<?> record, String key) {
        for (RecordComponent component : record.getRecordComponents()) {
            if (SNAKE.translate(component.getName()).equals(key)) return component.getGenericType();
        }
        return null;
    }

    private static List<String> segments(String keyPath) {
        List<String> segments = new ArrayList<>();
        for (String segment : keyPath.replaceAll("\\[\\d+]", "").split("\\.")) {
            if (!segment.isEmpty()) segments.add(segment);
        }
        return segments;
    }
}
