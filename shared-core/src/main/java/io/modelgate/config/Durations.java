package io.modelgate.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as users write them: {@code 500ms}, {@code 90s}, {@code 10m}, {@code 1h30m}, {@code 2d}. */
public final class Durations {

    private static final Pattern WHOLE = Pattern.compile("(\\d+(ms|s|m|h|d))+");
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private Durations() {
    }

    /** Parses a duration; throws IllegalArgumentException with a message meant for users. */
    public static Duration parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        if (!WHOLE.matcher(trimmed).matches()) {
            throw new IllegalArgumentException("expected a duration like 90s, 10m or 1h30m, got \"" + text + "\"");
        }
        Duration total = Duration.ZERO;
        Matcher part = PART.matcher(trimmed);
        while (part.find()) {
            long amount = Long.parseLong(part.group(1));
            total = total.plus(switch (part.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            });
        }
        return total;
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
