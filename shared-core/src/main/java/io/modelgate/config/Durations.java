package io.modelgate.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as users write them: {@code 500ms}, {@code 90s}, {@code 10m}, {@code 1h30m}, {@code 2d}. */
public final class Durations {

    /** The longest duration any key or parameter takes: a year. */
    public static final Duration MAX = Duration.ofDays(365);
    private static final Pattern WHOLE = Pattern.compile("(\\d+(ms|s|m|h|d))+");
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private Durations() {
    }

    /**
     * Parses a duration of at most {@link #MAX}; throws IllegalArgumentException with a message
     * meant for users (never an overflow).
     */
    public static Duration parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        if (!WHOLE.matcher(trimmed).matches()) {
            throw new IllegalArgumentException("expected a duration like 90s, 10m or 1h30m, got \"" + text + "\"");
        }
        Duration total = Duration.ZERO;
        Matcher part = PART.matcher(trimmed);
        while (part.find()) {
            // More than 12 digits is past a year in any unit.
            long amount = part.group(1).length() > 12 ? Long.MAX_VALUE : Long.parseLong(part.group(1));
            Duration unit = switch (part.group(2)) {
                case "ms" -> Duration.ofMillis(1);
                case "s" -> Duration.ofSeconds(1);
                case "m" -> Duration.ofMinutes(1);
                case "h" -> Duration.ofHours(1);
                default -> Duration.ofDays(1);
            };
            if (amount > MAX.dividedBy(unit) || total.plus(unit.multipliedBy(amount)).compareTo(MAX) > 0) {
                throw new IllegalArgumentException("must be at most " + format(MAX) + ", got \"" + trimmed + "\"");
            }
            total = total.plus(unit.multipliedBy(amount));
        }
        return total;
    }

    /** Refuses a duration outside {@code [min, max]}, saying the bounds as users write them. */
    public static Duration check(Duration value, Duration min, Duration max) {
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException("must be between " + format(min) + " and " + format(max) + ", got " + format(value));
        }
        return value;
    }

    /** Milliseconds as the int that socket and connection timeouts take; the duration is bounded where it was read. */
    public static int millis(Duration duration) {
        return Math.toIntExact(duration.toMillis());
    }

    /** The short form users write, e.g. {@code 1h30m}; zero is {@code 0s}. */
    public static String format(Duration duration) {
        if (duration.isZero()) {
            return "0s";
        }
        StringBuilder text = new StringBuilder();
        long days = duration.toDays();
        if (days > 0) text.append(days).append('d');
        if (duration.toHoursPart() > 0) text.append(duration.toHoursPart()).append('h');
        if (duration.toMinutesPart() > 0) text.append(duration.toMinutesPart()).append('m');
        if (duration.toSecondsPart() > 0) text.append(duration.toSecondsPart()).append('s');
        if (duration.toMillisPart() > 0) text.append(duration.toMillisPart()).append("ms");
        return text.toString();
    }
}
