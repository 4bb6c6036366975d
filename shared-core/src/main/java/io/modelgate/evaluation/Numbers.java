package io.modelgate.evaluation;

import java.util.Locale;

/** How the evaluation writes numbers for people: six significant digits, no trailing zeros. */
public final class Numbers {

    private Numbers() {
    }

    public static String format(double value) {
        if (Double.isNaN(value)) return "undefined";
        if (Double.isInfinite(value)) return value > 0 ? "∞" : "−∞";
        return String.format(Locale.ROOT, "%.6g", value).replaceAll("(\\.\\d*?)0+(e|$)", "$1$2").replaceAll("\\.(e|$)", "$1");
    }

    /** With a sign: +0.012, −0.004, ±0. */
    public static String signed(double value) {
        if (Double.isNaN(value)) return "undefined";
        return (value > 0 ? "+" : value < 0 ? "−" : "±") + format(Math.abs(value));
    }

    /** [−0.012, +0.031] */
    public static String interval(Estimates.Interval interval, boolean signed) {
        if (interval == null || !interval.isDefined()) return "undefined";
        return "[" + (signed ? signed(interval.lower()) : format(interval.lower())) + ", "
                + (signed ? signed(interval.upper()) : format(interval.upper())) + "]";
    }

    /** 95 for 0.95, 97.5 for 0.975. */
    public static String percent(double level) {
        return format(level * 100);
    }
}
