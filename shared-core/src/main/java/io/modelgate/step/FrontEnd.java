package io.modelgate.step;

import io.modelgate.fault.Fault;

import java.util.Locale;
import java.util.Map;

/**
 * The front end a run came through, which decides how messages name a parameter: the one the user
 * wrote. {@code lock-timeout} is {@code --lock-timeout} on the command line, {@code lock-timeout} in
 * an action and {@code lockTimeout} in Jenkins; common options are spelled as {@link CommonOption}
 * declares them ({@code environment} is {@code --env} on the command line).
 */
public enum FrontEnd {
    COMMAND_LINE, ACTIONS, JENKINS;

    /**
     * Set by a front end that runs the command-line jar for its users (the Jenkins library sets
     * {@code jenkins}), so that the jar's messages speak that front end's words.
     */
    public static final String VARIABLE = "MODELGATE_FRONT_END";

    /** The front end the command-line jar speaks for: the one {@link #VARIABLE} names, else the command line. */
    public static FrontEnd ofCommandLine(Map<String, String> env) {
        String named = env.getOrDefault(VARIABLE, "");
        return switch (named.toLowerCase(Locale.ROOT)) {
            case "", "command-line" -> COMMAND_LINE;
            case "jenkins" -> JENKINS;
            default -> throw Fault.usage(VARIABLE + ": expected jenkins or command-line, got \"" + named + "\"");
        };
    }

    /** How this front end names a step parameter or common option, given its kebab-case name. */
    public String spell(String name) {
        String common = CommonOption.find(name).map(o -> o.spelling(this)).orElse(null);
        if (common != null) return common;
        return switch (this) {
            case COMMAND_LINE -> "--" + name;
            case ACTIONS -> name;
            case JENKINS -> camel(name);
        };
    }

    /** What the user does to see the stack trace of an unexpected error. */
    public String stackTraceHint() {
        return switch (this) {
            case COMMAND_LINE -> "run with " + spell("debug") + " for the stack trace";
            case ACTIONS -> "re-run the job with debug logging enabled for the stack trace";
            case JENKINS -> "run with " + spell("debug") + ": true for the stack trace";
        };
    }

    /** The camelCase form Groovy uses: {@code dry-run} becomes {@code dryRun}. */
    static String camel(String kebab) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : kebab.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }
}
