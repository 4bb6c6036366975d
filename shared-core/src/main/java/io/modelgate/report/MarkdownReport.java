package io.modelgate.report;

import io.modelgate.step.StepResult;
import io.modelgate.step.Verdict;

import java.util.List;
import java.util.Map;

/**
 * The Markdown rendering a reviewer reads: job summary, PR comment, check run summary, result.md.
 *
 * <p>Charts are drawn as Mermaid where GitHub documents that it renders Mermaid: "Diagram rendering
 * is available in GitHub Issues, GitHub Discussions, pull requests, wikis, and Markdown files"
 * (docs.github.com, Creating diagrams) — so in the pull request comment and in result.md. Job
 * summaries and check-run summaries are documented as GitHub flavored Markdown without diagrams,
 * so there the chart is left out and its numbers stand in the tables, which every rendering has.
 */
public final class MarkdownReport {

    private MarkdownReport() {
    }

    public static String icon(Verdict verdict) {
        return switch (verdict) {
            case PASSED -> "✅";
            case FAILED -> "❌";
            case ERROR -> "⚠️";
            case SKIPPED -> "⏭️";
        };
    }

    /** One line: icon, step and headline. */
    public static String headline(StepResult result) {
        return icon(result.verdict()) + " **" + Markdown.text(result.step()) + "** " + result.verdict().name().toLowerCase() + ": " + Markdown.text(result.headline());
    }

    /** Without charts: the job summary and the check run's summary. */
    public static String render(StepResult result) {
        return render(result, false);
    }

    /** @param diagrams draw the charts as Mermaid (the pull request comment, result.md) */
    public static String render(StepResult result, boolean diagrams) {
        StringBuilder out = new StringBuilder("### ").append(headline(result)).append("\n");
        for (StepResult.Table table : result.tables()) {
            out.append('\n');
            String title = Markdown.strong(table.title());
            if (!title.isEmpty()) out.append(title).append("\n\n");
            out.append(row(table.columns()));
            out.append('|').append(" --- |".repeat(table.columns().size())).append('\n');
            for (List<String> row : table.rows()) out.append(row(row));
        }
        if (diagrams) {
            for (StepResult.Chart chart : result.charts()) out.append('\n').append(mermaid(chart));
        }
        if (!result.annotations().isEmpty()) {
            out.append('\n');
            for (StepResult.Annotation a : result.annotations()) {
                out.append("- ").append(annotation(a)).append('\n');
            }
        }
        if (!result.outputs().isEmpty()) {
            out.append("\n<details><summary>Outputs</summary>\n\n| output | value |\n| --- | --- |\n");
            for (Map.Entry<String, String> output : result.outputs().entrySet()) {
                out.append(row(List.of(output.getKey(), output.getValue())));
            }
            out.append("\n</details>\n");
        }
        return out.toString();
    }

    /** The most points a chart draws (its table lists them all). */
    static final int CHART_POINTS = 25;

    /**
     * An xychart of the points in their order: the value, the interval's bounds and the reference
     * as lines (xychart has no error bars, and its bars start at the axis, not at the reference).
     */
    public static String mermaid(StepResult.Chart chart) {
        List<StepResult.Chart.Point> points = chart.points().subList(0, Math.min(CHART_POINTS, chart.points().size()));
        double lo = chart.reference(), hi = chart.reference();
        for (StepResult.Chart.Point p : points) {
            for (double v : new double[] {p.value(), p.lower(), p.upper()}) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        double pad = (hi - lo) * 0.1 + 1e-12;
        StringBuilder out = new StringBuilder("```mermaid\nxychart-beta\n");
        out.append("    title \"").append(label(chart.title())).append("\"\n");
        out.append("    x-axis [").append(String.join(", ", points.stream().map(p -> "\"" + label(p.label()) + "\"").toList())).append("]\n");
        out.append("    y-axis \"").append(label(chart.axis())).append("\" ").append(number(lo - pad)).append(" --> ").append(number(hi + pad)).append('\n');
        out.append("    line [").append(String.join(", ", points.stream().map(p -> number(p.lower())).toList())).append("]\n");
        out.append("    line [").append(String.join(", ", points.stream().map(p -> number(p.value())).toList())).append("]\n");
        out.append("    line [").append(String.join(", ", points.stream().map(p -> number(p.upper())).toList())).append("]\n");
        out.append("    line [").append(String.join(", ", points.stream().map(p -> number(chart.reference())).toList())).append("]\n");
        out.append("```\n");
        out.append("_Lines: the lower bound, the value and the upper bound of each point, and ").append(number(chart.reference()))
                .append(" for reference").append(points.size() < chart.points().size() ? "; the first " + points.size() + " of " + chart.points().size() + " shown" : "")
                .append("._\n");
        return out.toString();
    }

    /** Mermaid's quoted strings end at a double quote and its lines at a newline. */
    private static String label(String text) {
        return text.replace('"', '\'').replace("\n", " ").replace("\r", "");
    }

    /** Six significant digits in plain decimal notation: Mermaid's numbers have no exponent. */
    private static String number(double value) {
        if (!Double.isFinite(value) || value == 0) return "0";
        return new java.math.BigDecimal(value).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString();
    }

    private static String row(List<String> cells) {
        StringBuilder out = new StringBuilder("|");
        for (String cell : cells) out.append(' ').append(Markdown.text(cell)).append(" |");
        return out.append('\n').toString();
    }

    /** An annotation as a list item's text: place as a code span, then title and message. */
    public static String annotation(StepResult.Annotation a) {
        String place = a.file() == null ? "" : Markdown.code(a.file() + (a.line() != null ? ":" + a.line() : "")) + " ";
        return "**" + a.level().name().toLowerCase() + "** " + place + Markdown.text((a.title() != null ? a.title() + ": " : "") + a.message());
    }
}
