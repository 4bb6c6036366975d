package io.modelgate.step;

import java.util.List;

/**
 * One typed parameter of a step. The command line ({@code --name}), the action's input
 * ({@code name}) and the Jenkins step's argument (camelCase of name) all follow from it.
 *
 * @param name         kebab-case name, e.g. {@code dry-run}
 * @param type         how the value is parsed
 * @param defaultValue the value when not given, as text; null for none
 * @param required     whether the step refuses to run without it
 * @param doc          one sentence for help texts and docs
 * @param choices      allowed values, for {@link Type#CHOICE}
 * @param min          the smallest value, as text (an integer, or a duration like 1s), for
 *                     INTEGER and DURATION; every front end's value is held to it by {@link StepParams}
 * @param max          the largest value, likewise
 */
public record Param(String name, Type type, String defaultValue, boolean required, String doc, List<String> choices, String min, String max) {

    public enum Type { STRING, INTEGER, BOOLEAN, DURATION, CHOICE }

    public Param {
        choices = choices == null ? List.of() : List.copyOf(choices);
        if (!name.matches("[a-z][a-z0-9]*(-[a-z0-9]+)*")) {
            throw new IllegalArgumentException("parameter names are kebab-case: " + name);
        }
        if ((type == Type.INTEGER || type == Type.DURATION) != (min != null && max != null)) {
            throw new IllegalArgumentException("a number or duration parameter, and only one, declares its min and max: " + name);
        }
    }

    public Param(String name, Type type, String defaultValue, boolean required, String doc, List<String> choices) {
        this(name, type, defaultValue, required, doc, choices, null, null);
    }

    /** An INTEGER or DURATION parameter with its bounds, e.g. {@code number("retries", "0", "0", "10", ...)}. */
    public static Param number(String name, Type type, String defaultValue, String min, String max, String doc) {
        return new Param(name, type, defaultValue, false, doc, List.of(), min, max);
    }

    public static Param required(String name, Type type, String doc) {
        return new Param(name, type, null, true, doc, List.of());
    }

    public static Param optional(String name, Type type, String defaultValue, String doc) {
        return new Param(name, type, defaultValue, false, doc, List.of());
    }

    public static Param flag(String name, String doc) {
        return new Param(name, Type.BOOLEAN, "false", false, doc, List.of());
    }

    public static Param choice(String name, String defaultValue, String doc, String... choices) {
        return new Param(name, Type.CHOICE, defaultValue, false, doc, List.of(choices));
    }

    /** The camelCase form front ends such as Groovy use: {@code dry-run} becomes {@code dryRun}. */
    public String camelName() {
        return FrontEnd.camel(name);
    }
}
