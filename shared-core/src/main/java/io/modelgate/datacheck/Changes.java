package io.modelgate.datacheck;

import java.util.Locale;

/** Relative change from a reference value, as the max_change rules read it. */
final class Changes {

    private Changes() {
    }

    /** (current - reference) / |reference|; infinite when the reference is 0 and the value is not. */
    static double relative(double current, double reference) {
        if (current == reference) return 0;
        if (reference == 0) return current > 0 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        return (current - reference) / Math.abs(reference);
    }

    /** A bound as a plain percentage: 0.2 -> "20%". */
    static String bound(double share) {
        return DataChecks.number(share * 100) + "%";
    }

    static String percent(double share) {
        if (Double.isInfinite(share)) return share > 0 ? "+inf%" : "-inf%";
        if (Double.isNaN(share)) return "n/a";
        return String.format(Locale.ROOT, "%+.1f%%", share * 100).replace("+0.0%", "0.0%");
    }
}
