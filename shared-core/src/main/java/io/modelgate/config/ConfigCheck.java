package io.modelgate.config;

/**
 * Semantic checks after binding: a rule that types alone cannot state (a relative change
 * between 0 and 1, a metric with no rule). The first fault is reported with its line. When an
 * environment's merged view is checked, the fault is placed in the environment's section if
 * the key is written there, else in the general section.
 */
public final class ConfigCheck {

    private final String file;
    private final Locations locations;
    private final String environmentPrefix;

    ConfigCheck(String file, Locations locations, String environmentPrefix) {
        this.file = file;
        this.locations = locations;
        this.environmentPrefix = environmentPrefix;
    }

    /** Refuses the configuration at {@code path} (dotted, e.g. {@code models.fraud.registry}). */
    public ConfigError fail(String path, String message) {
        if (environmentPrefix != null) {
            String overridden = join(environmentPrefix, path);
            Integer line = lineOf(overridden);
            if (line != null) {
                return ConfigError.at(file, line, overridden, message);
            }
        }
        return ConfigError.at(file, lineOf(path), path, message);
    }

    /** The line of the key, else of its nearest parent written in the file (a single value given where a list is allowed has no [0]). */
    private Integer lineOf(String path) {
        String at = path;
        while (!at.isEmpty()) {
            Integer line = locations.lineOf(at);
            if (line != null) return line;
            String parent = at.replaceAll("(\\[\\d+]|\\.?[^.\\[]+)$", "");
            if (parent.equals(at)) return null; // a key ending in '.' or '[' has no parent the pattern can strip
            at = parent;
        }
        return null;
    }

    public static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
