package io.modelgate.modelreport;

import io.modelgate.config.MetricThreshold;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One gated metric across a model's versions: the points (versions whose run logged a finite
 * value, in version order) and the bars a candidate must clear, drawn as horizontal lines. The
 * absolute {@code threshold} is a fixed line; the change rules are relative to the champion, so
 * they are drawn at the values they mean against the current champion. Both report formats
 * draw from this one description.
 *
 * @param points the plotted versions, oldest first
 * @param bars   the rule lines, in the order of the rule
 * @param missing versions shown without a point (metric not logged, not finite, or no run)
 */
public record MetricChart(String metric, boolean greaterIsBetter, List<Point> points, List<Bar> bars, List<Integer> missing) {

    public MetricChart {
        points = List.copyOf(points);
        bars = List.copyOf(bars);
        missing = List.copyOf(missing);
    }

    /** One version's value, with what the registry says about it. */
    public record Point(int version, double value, String verdict, boolean champion) {
    }

    /** A horizontal rule line: what it means and where. */
    public record Bar(String label, double value) {
    }

    public static MetricChart of(ModelHistory history, String metric) {
        MetricThreshold rule = history.gatedMetrics().get(metric);
        boolean higher = rule.greaterIsBetter();
        List<Point> points = new ArrayList<>();
        List<Integer> missing = new ArrayList<>();
        for (ModelHistory.Version v : history.versions()) {
            v.value(metric).ifPresentOrElse(
                    value -> points.add(new Point(v.version(), value, v.verdict(), history.champion() != null && history.champion() == v.version())),
                    () -> missing.add(v.version()));
        }
        String ge = higher ? "≥" : "≤";
        List<Bar> bars = new ArrayList<>();
        if (rule.threshold() != null) {
            bars.add(new Bar("threshold " + ge + " " + number(rule.threshold()), rule.threshold()));
        }
        var champion = history.version(history.champion()).flatMap(v -> v.value(metric));
        if (champion.isPresent()) {
            double c = champion.get();
            String who = "champion v" + history.champion();
            double sign = higher ? 1 : -1;
            if (rule.minAbsoluteChange() != null) {
                double bound = c + sign * rule.minAbsoluteChange();
                bars.add(new Bar("to beat " + who + ": " + ge + " " + number(bound), bound));
            }
            if (rule.minRelativeChange() != null && c != 0) {
                double bound = c + sign * rule.minRelativeChange() * Math.abs(c);
                bars.add(new Bar("to beat " + who + " by " + number(rule.minRelativeChange() * 100) + "%: " + ge + " " + number(bound), bound));
            }
            if (rule.maxRegression() != null) {
                double bound = c - sign * rule.maxRegression();
                bars.add(new Bar("worst allowed vs " + who + ": " + ge + " " + number(bound), bound));
            }
        }
        return new MetricChart(metric, higher, points, bars, missing);
    }

    /** Whether a value meets the absolute threshold, or null when the metric has none. */
    public static Boolean meetsThreshold(MetricThreshold rule, double value) {
        if (rule.threshold() == null) return null;
        return rule.greaterIsBetter() ? value >= rule.threshold() : value <= rule.threshold();
    }

    /** The lowest and highest value drawn (points and bars), widened when they are all equal. */
    public double[] range() {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Point p : points) {
            lo = Math.min(lo, p.value());
            hi = Math.max(hi, p.value());
        }
        for (Bar b : bars) {
            lo = Math.min(lo, b.value());
            hi = Math.max(hi, b.value());
        }
        if (lo > hi) return new double[]{0, 1};
        if (lo == hi) {
            double pad = lo == 0 ? 1 : Math.abs(lo) * 0.05;
            return new double[]{lo - pad, hi + pad};
        }
        double pad = (hi - lo) * 0.08;
        return new double[]{lo - pad, hi + pad};
    }

    /** Four significant digits, no trailing zeros: what a reviewer compares by eye. */
    public static String number(double value) {
        if (value == 0) return "0";
        String text = String.format(Locale.ROOT, "%.4g", value);
        if (text.contains("e")) return text;
        return text.contains(".") ? text.replaceAll("0+$", "").replaceAll("\\.$", "") : text;
    }
}
