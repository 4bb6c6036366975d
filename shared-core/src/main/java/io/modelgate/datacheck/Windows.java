package io.modelgate.datacheck;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** The order of windows: by their values, numerically when every value is a number (week=2 before week=10), else as text. */
final class Windows {

    private Windows() {
    }

    static List<String> ordered(Collection<String> keys) {
        List<String> windows = new ArrayList<>(keys);
        boolean numeric = windows.stream().allMatch(k -> number(k) != null);
        windows.sort(numeric ? Comparator.comparingDouble(k -> number(k)) : Comparator.comparing(Windows::value));
        return windows;
    }

    /** The window of a value: "first" is the first window, else the key of that value. */
    static String key(String column, String value, Collection<String> keys) {
        if (value.equals("first")) {
            List<String> windows = ordered(keys);
            return windows.isEmpty() ? null : windows.get(0);
        }
        return column + "=" + value;
    }

    private static String value(String key) {
        return key.substring(key.indexOf('=') + 1);
    }

    private static Double number(String key) {
        try {
            return Double.parseDouble(value(key));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
