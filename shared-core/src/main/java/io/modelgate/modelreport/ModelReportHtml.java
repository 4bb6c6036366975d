package io.modelgate.modelreport;

import io.modelgate.config.MetricThreshold;

import java.util.Locale;

/**
 * {@code model-report.html}: one self-contained file (inline CSS and SVG, no script, nothing
 * fetched) with the versions table and, per gated metric, a line chart of its value across
 * versions with the rule lines drawn. Each point is a {@code circle class="point"} carrying
 * {@code data-version} and {@code data-value}, so the chart can be checked as well as seen.
 */
public final class ModelReportHtml {

    static final int WIDTH = 720;
    static final int HEIGHT = 280;
    private static final int LEFT = 64;
    private static final int RIGHT = 24;
    private static final int TOP = 28;
    private static final int BOTTOM = 40;
    /** At most this many version labels on the x axis; points are all drawn. */
    private static final int MAX_X_LABELS = 20;

    private ModelReportHtml() {
    }

    public static String render(ModelHistory history) {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Model report: ")
                .append(escape(history.model())).append("</title>\n<style>\n")
                .append("body{font-family:system-ui,sans-serif;margin:2em;color:#1f2328}\n")
                .append("table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left}\n")
                .append("tr.champion{background:#fff8c5;font-weight:bold}tr.previous{background:#f6f8fa}\n")
                .append(".passed{color:#1a7f37}.failed{color:#cf222e}svg{background:#fff;border:1px solid #d0d7de}\n")
                .append("</style>\n</head>\n<body>\n");
        html.append("<h1>Model report: ").append(escape(history.model())).append("</h1>\n<p>")
                .append(escape(ModelReportMarkdown.summary(history))).append("</p>\n");
        html.append("<h2>Versions</h2>\n<table id=\"versions\">\n<tr><th>version</th><th>created</th><th>status</th><th>role</th>"
                + "<th>validation</th><th>promoted</th><th>run</th>");
        history.gatedMetrics().keySet().forEach(m -> html.append("<th>").append(escape(m)).append("</th>"));
        html.append("</tr>\n");
        for (ModelHistory.Version v : history.versions()) {
            boolean champion = history.champion() != null && history.champion() == v.version();
            boolean previous = history.previous() != null && history.previous() == v.version();
            html.append("<tr data-version=\"").append(v.version()).append('"')
                    .append(champion ? " class=\"champion\"" : previous ? " class=\"previous\"" : "").append(">")
                    .append(td("v" + v.version())).append(td(v.created() == null ? "-" : v.created().toString())).append(td(v.status()))
                    .append(td(history.role(v).isEmpty() ? "-" : history.role(v)))
                    .append("<td class=\"").append(v.verdict().equals("-") ? "none" : escape(v.verdict())).append("\">")
                    .append(escape(ModelReportMarkdown.validation(v))).append("</td>")
                    .append(td(ModelReportMarkdown.promotion(v.promotion())))
                    .append(td(v.runId() == null ? "-" : v.runId() + (v.runProblem() == null ? "" : " (" + v.runProblem() + ")")));
            for (String metric : history.gatedMetrics().keySet()) {
                html.append(td(v.runProblem() != null ? "-" : v.metrics().containsKey(metric) ? MetricChart.number(v.metrics().get(metric)) : "not logged"));
            }
            html.append("</tr>\n");
        }
        html.append("</table>\n");
        if (history.gatedMetrics().isEmpty()) {
            html.append("<p>No gated metrics: the model's validation declares none.</p>\n");
        }
        for (String metric : history.gatedMetrics().keySet()) {
            MetricThreshold rule = history.gatedMetrics().get(metric);
            html.append("<h2>").append(escape(metric)).append(" (").append(rule.greaterIsBetter() ? "higher" : "lower")
                    .append(" is better)</h2>\n").append(svg(MetricChart.of(history, metric))).append('\n');
        }
        html.append("<p>Points: green passed validation, red failed, grey not validated; the ringed point is the champion. "
                + "Dashed lines are the rules: the threshold, and the bars relative to the current champion.</p>\n");
        html.append(evaluation(history));
        html.append("</body>\n</html>\n");
        return html.toString();
    }

    /** The newest evaluation: a forest plot per slice, each group's change with its interval, worst first. */
    static String evaluation(ModelHistory history) {
        if (history.evaluation().isEmpty()) return "";
        ModelHistory.Evaluation e = history.evaluation().get();
        StringBuilder html = new StringBuilder("<h2>Latest evaluation: v").append(e.candidate())
                .append(e.baseline().isEmpty() ? " (first model)" : " against v" + escape(e.baseline()))
                .append("</h2>\n<p>MLflow evaluation run ").append(escape(e.runId())).append(".</p>\n");
        if (e.charts().isEmpty()) html.append("<p>No slices were evaluated.</p>\n");
        for (io.modelgate.step.StepResult.Chart chart : e.charts()) html.append(intervals(chart)).append('\n');
        return html.toString();
    }

    /**
     * One row per point: its interval as a horizontal line, its value as a dot, and the reference
     * (0, no change) as a vertical line. Each group is a {@code g class="interval"} carrying its
     * label, value and bounds, so the chart can be checked as well as seen.
     */
    static String intervals(io.modelgate.step.StepResult.Chart chart) {
        int rowHeight = 22, top = 36, labelWidth = 180, right = 24;
        int height = top + rowHeight * chart.points().size() + 36;
        double lo = chart.reference(), hi = chart.reference();
        for (io.modelgate.step.StepResult.Chart.Point p : chart.points()) {
            lo = Math.min(lo, p.lower());
            hi = Math.max(hi, p.upper());
        }
        double pad = (hi - lo) * 0.05 + 1e-12;
        double[] range = {lo - pad, hi + pad};
        java.util.function.DoubleUnaryOperator x = v -> labelWidth + (WIDTH - labelWidth - right) * (v - range[0]) / (range[1] - range[0]);
        StringBuilder svg = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"intervals\" width=\"").append(WIDTH)
                .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height).append("\" role=\"img\">\n");
        svg.append("<title>").append(escape(chart.title())).append("</title>\n");
        svg.append("<text x=\"").append(labelWidth).append("\" y=\"18\" font-size=\"13\" font-weight=\"bold\">").append(escape(chart.title())).append("</text>\n");
        double ref = x.applyAsDouble(chart.reference());
        svg.append(line(ref, top - 8, ref, height - 30, "#57606a"));
        for (int i = 0; i <= 4; i++) {
            double value = range[0] + (range[1] - range[0]) * i / 4;
            svg.append("<text x=\"").append(fmt(x.applyAsDouble(value))).append("\" y=\"").append(height - 12)
                    .append("\" font-size=\"11\" text-anchor=\"middle\">").append(escape(MetricChart.number(value))).append("</text>\n");
        }
        for (int i = 0; i < chart.points().size(); i++) {
            io.modelgate.step.StepResult.Chart.Point p = chart.points().get(i);
            double y = top + rowHeight * i + rowHeight / 2.0;
            boolean clear = p.lower() > chart.reference() || p.upper() < chart.reference();
            // Blue where the interval leaves the reference out (a change beyond noise), grey where it holds it.
            String colour = clear ? "#0969da" : "#8c959f";
            svg.append("<g class=\"interval\" data-label=\"").append(escape(p.label())).append("\" data-value=\"").append(p.value())
                    .append("\" data-lower=\"").append(p.lower()).append("\" data-upper=\"").append(p.upper()).append("\">")
                    .append("<title>").append(escape(p.label())).append(": ").append(escape(MetricChart.number(p.value()))).append(" [")
                    .append(escape(MetricChart.number(p.lower()))).append(", ").append(escape(MetricChart.number(p.upper())))
                    .append("]</title>");
            svg.append("<text x=\"").append(labelWidth - 8).append("\" y=\"").append(fmt(y + 4)).append("\" font-size=\"11\" text-anchor=\"end\">")
                    .append(escape(p.label())).append("</text>");
            svg.append(line(x.applyAsDouble(p.lower()), y, x.applyAsDouble(p.upper()), y, colour).strip());
            svg.append("<circle cx=\"").append(fmt(x.applyAsDouble(p.value()))).append("\" cy=\"").append(fmt(y)).append("\" r=\"4\" fill=\"")
                    .append(colour).append("\"/></g>\n");
        }
        return svg.append("</svg>").toString();
    }

    /** The chart of one metric as inline SVG. */
    static String svg(MetricChart chart) {
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" data-metric=\"").append(escape(chart.metric()))
                .append("\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT).append("\" viewBox=\"0 0 ")
                .append(WIDTH).append(' ').append(HEIGHT).append("\" role=\"img\">\n");
        svg.append("<title>").append(escape(chart.metric())).append(" across versions</title>\n");
        if (chart.points().isEmpty()) {
            svg.append("<text x=\"").append(WIDTH / 2).append("\" y=\"").append(HEIGHT / 2)
                    .append("\" text-anchor=\"middle\">no version logged a finite value</text>\n</svg>");
            return svg.toString();
        }
        double[] range = chart.range();
        int plotBottom = HEIGHT - BOTTOM;
        int plotRight = WIDTH - RIGHT;
        // Axes and value ticks.
        svg.append(line(LEFT, TOP, LEFT, plotBottom, "#57606a")).append(line(LEFT, plotBottom, plotRight, plotBottom, "#57606a"));
        for (int i = 0; i <= 4; i++) {
            double value = range[0] + (range[1] - range[0]) * i / 4;
            double y = y(value, range);
            svg.append(line(LEFT - 4, y, plotRight, y, "#eaeef2"));
            svg.append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(fmt(y + 4)).append("\" font-size=\"11\" text-anchor=\"end\">")
                    .append(escape(MetricChart.number(value))).append("</text>\n");
        }
        // Version labels: every one, or every k-th when there are many.
        int step = Math.max(1, (int) Math.ceil(chart.points().size() / (double) MAX_X_LABELS));
        for (int i = 0; i < chart.points().size(); i += step) {
            svg.append("<text x=\"").append(fmt(x(i, chart.points().size()))).append("\" y=\"").append(plotBottom + 16)
                    .append("\" font-size=\"11\" text-anchor=\"middle\">v").append(chart.points().get(i).version()).append("</text>\n");
        }
        // Rule lines.
        for (MetricChart.Bar bar : chart.bars()) {
            double y = y(bar.value(), range);
            String colour = bar.label().startsWith("threshold") ? "#cf222e" : "#9a6700";
            svg.append("<line class=\"bar\" data-value=\"").append(bar.value()).append("\" x1=\"").append(LEFT).append("\" y1=\"").append(fmt(y))
                    .append("\" x2=\"").append(plotRight).append("\" y2=\"").append(fmt(y)).append("\" stroke=\"").append(colour)
                    .append("\" stroke-dasharray=\"6 4\"><title>").append(escape(bar.label())).append("</title></line>\n");
            svg.append("<text x=\"").append(plotRight - 4).append("\" y=\"").append(fmt(y - 4)).append("\" font-size=\"11\" text-anchor=\"end\" fill=\"")
                    .append(colour).append("\">").append(escape(bar.label())).append("</text>\n");
        }
        // The series: one polyline through the points, in version order.
        StringBuilder polyline = new StringBuilder();
        for (int i = 0; i < chart.points().size(); i++) {
            polyline.append(i == 0 ? "" : " ").append(fmt(x(i, chart.points().size()))).append(',')
                    .append(fmt(y(chart.points().get(i).value(), range)));
        }
        svg.append("<polyline class=\"series\" fill=\"none\" stroke=\"#0969da\" stroke-width=\"2\" points=\"").append(polyline).append("\"/>\n");
        for (int i = 0; i < chart.points().size(); i++) {
            MetricChart.Point p = chart.points().get(i);
            double cx = x(i, chart.points().size());
            double cy = y(p.value(), range);
            String fill = switch (p.verdict()) {
                case "passed" -> "#1a7f37";
                case "failed" -> "#cf222e";
                default -> "#8c959f";
            };
            svg.append("<circle class=\"point").append(p.champion() ? " champion" : "").append("\" data-version=\"").append(p.version())
                    .append("\" data-value=\"").append(p.value()).append("\" cx=\"").append(fmt(cx)).append("\" cy=\"").append(fmt(cy))
                    .append("\" r=\"").append(p.champion() ? 7 : 5).append("\" fill=\"").append(fill).append('"')
                    .append(p.champion() ? " stroke=\"#1f2328\" stroke-width=\"2\"" : "").append("><title>v").append(p.version()).append(": ")
                    .append(escape(MetricChart.number(p.value()))).append(p.verdict().equals("-") ? ", not validated" : ", validation " + escape(p.verdict()))
                    .append(p.champion() ? ", champion" : "").append("</title></circle>\n");
            if (p.champion()) {
                svg.append("<text x=\"").append(fmt(cx)).append("\" y=\"").append(fmt(cy - 12))
                        .append("\" font-size=\"11\" font-weight=\"bold\" text-anchor=\"middle\">champion</text>\n");
            }
        }
        svg.append("</svg>");
        return svg.toString();
    }

    private static double x(int index, int count) {
        double width = WIDTH - RIGHT - LEFT - 40;
        return LEFT + 20 + (count == 1 ? width / 2 : width * index / (count - 1));
    }

    private static double y(double value, double[] range) {
        double height = HEIGHT - BOTTOM - TOP;
        return TOP + height * (range[1] - value) / (range[1] - range[0]);
    }

    private static String line(double x1, double y1, double x2, double y2, String colour) {
        return "<line x1=\"" + fmt(x1) + "\" y1=\"" + fmt(y1) + "\" x2=\"" + fmt(x2)
                + "\" y2=\"" + fmt(y2) + "\" stroke=\"" + colour + "\"/>\n";
    }

    private static String fmt(double coordinate) {
        return String.format(Locale.ROOT, "%.1f", coordinate);
    }

    private static String td(String text) {
        return "<td>" + escape(text) + "</td>";
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
