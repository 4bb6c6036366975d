package io.modelgate.config;

import io.modelgate.fault.Fault;

/** A configuration fault, reported as {@code file:line: key: what is wrong}; always exit 2. */
public final class ConfigError extends Fault {

    public ConfigError(String message) {
        super(Kind.USAGE, message);
    }

    static ConfigError at(String file, Integer line, String path, String message) {
        return new ConfigError(place(file, line, path) + ": " + message);
    }

    /** {@code file:line: key}, leaving out what is not known. */
    static String place(String file, Integer line, String path) {
        StringBuilder text = new StringBuilder(file);
        if (line != null) {
            text.append(':').append(line);
        }
        if (path != null && !path.isEmpty()) {
            text.append(": ").append(path);
        }
        return text.toString();
    }
}
