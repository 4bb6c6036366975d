package io.modelgate.modelreport;

import io.modelgate.config.MetricThreshold;
import io.modelgate.report.Markdown;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code model-report.md}: the versions table, then per gated metric a text sparkline (scaled
 * between the lowest and highest value, and saying so) and a table of its value per version.
 */
public final class ModelReportMarkdown {

    private static final String BLOCKS = "▁▂▃▄▅▆▇█";

    private ModelReportMarkdown() {
    }

    public static String render(ModelHistory history) {
        StringBuilder md = new StringBuilder();
        md.append("# Model report: ").append(Markdown.text(history.model())).append("\n\n");
        md.append(Markdown.text(summary(history))).append("\n\n");
        md.append("## Versions\n\n");
        List<String> header = new ArrayList<>(List.of("version", "created", "status", "role", "validation", "promoted"));
        history.gatedMetrics().keySet().forEach(metric -> header.add(Markdown.text(metric)));
        row(md, header);
        row(md, header.stream().map(h -> "---").toList());
        for (ModelHistory.Version v : history.versions()) {
            List<String> cells = new ArrayList<>();
            boolean champion = history.champion() != null && history.champion() == v.version();
            cells.add(champion ? "**v" + v.version() + "**" : "v" + v.version());
            cells.add(v.created() == null ? "-" : v.created().toString());
            cells.add(Markdown.text(v.status()));
            String role = Markdown.text(history.role(v));
            cells.add(role.isEmpty() ? "-" : champion ? "**" + role + "**" : role);
            cells.add(Markdown.text(validation(v)));
            cells.add(Markdown.text(promotion(v.promotion())));
            for (String metric : history.gatedMetrics().keySet()) {
                cells.add(Markdown.text(v.runProblem() != null ? v.runProblem() : v.metrics().containsKey(metric)
                        ? MetricChart.number(v.metrics().get(metric)) : "not logged"));
            }
            row(md, cells);
        }
        if (history.gatedMetrics().isEmpty()) {
            md.append("\nNo gated metrics: models.").append(Markdown.text(history.model())).append(".validation.metrics is empty.\n");
        }
        for (String metric : history.gatedMetrics().keySet()) {
            md.append('\n').append(metricSection(history, metric));
        }
        history.evaluation().ifPresent(e -> {
            md.append("\n## Latest evaluation: v").append(e.candidate()).append(e.baseline().isEmpty() ? " (first model)" : " against v" + e.baseline())
                    .append("\n\nMLflow evaluation run ").append(e.runId()).append(".\n");
            e.charts().forEach(chart -> md.append('\n').append(io.modelgate.report.MarkdownReport.mermaid(chart)));
        });
        return md.toString();
    }

    public static String summary(ModelHistory history) {
        String champion = history.champion() == null ? "no champion" : "champion: v" + history.champion();
        String previous = history.previous() == null ? "" : ", previous champion: v" + history.previous();
        return history.versions().size() + " version" + (history.versions().size() == 1 ? "" : "s") + " in MLflow at "
                + history.location() + " (registry: " + history.registry().name().toLowerCase() + "); " + champion + previous + ".";
    }

    static String validation(ModelHistory.Version v) {
        return v.validation().map(r -> r.status() + (r.baselineVersion() == null || r.baselineVersion().isEmpty()
                ? " (no baseline)" : " (vs v" + r.baselineVersion() + ")")).orElse("-");
    }

    static String promotion(Map<String, String> promotion) {
        if (promotion.isEmpty()) return "-";
        StringBuilder text = new StringBuilder(promotion.getOrDefault("from_to", "promoted"));
        if (promotion.containsKey("at")) text.append(" at ").append(promotion.get("at"));
        if (promotion.containsKey("by")) text.append(" by ").append(promotion.get("by"));
        return text.toString();
    }

    private static String metricSection(ModelHistory history, String metric) {
        MetricThreshold rule = history.gatedMetrics().get(metric);
        MetricChart chart = MetricChart.of(history, metric);
        StringBuilder md = new StringBuilder();
        md.append("## ").append(Markdown.text(metric)).append(" (").append(rule.greaterIsBetter() ? "higher" : "lower").append(" is better)\n\n");
        if (chart.points().isEmpty()) {
            md.append("No version logged a finite value of ").append(Markdown.text(metric)).append(".\n");
            return md.toString();
        }
        double lo = chart.points().stream().mapToDouble(MetricChart.Point::value).min().orElseThrow();
        double hi = chart.points().stream().mapToDouble(MetricChart.Point::value).max().orElseThrow();
        md.append('`').append(sparkline(chart, lo, hi)).append("` v").append(chart.points().get(0).version())
                .append(" → v").append(chart.points().get(chart.points().size() - 1).version())
                .append(", scaled from ").append(MetricChart.number(lo)).append(" to ").append(MetricChart.number(hi));
        if (!chart.missing().isEmpty()) {
            md.append("; without a value: ").append(String.join(", ", chart.missing().stream().map(v -> "v" + v).toList()));
        }
        md.append("\n\n");
        if (rule.threshold() != null) {
            long meeting = chart.points().stream().filter(p -> MetricChart.meetsThreshold(rule, p.value())).count();
            md.append("- ").append(meeting).append(" of ").append(chart.points().size()).append(" versions meet the threshold ")
                    .append(rule.greaterIsBetter() ? "≥ " : "≤ ").append(MetricChart.number(rule.threshold())).append(".\n");
        }
        for (MetricChart.Bar bar : chart.bars()) {
            if (!bar.label().startsWith("threshold")) md.append("- bar ").append(bar.label()).append(".\n");
        }
        md.append('\n');
        row(md, List.of("version", "value", "change", "meets threshold", "validation", "role"));
        row(md, List.of("---", "---", "---", "---", "---", "---"));
        Double before = null;
        for (MetricChart.Point p : chart.points()) {
            ModelHistory.Version v = history.version(p.version()).orElseThrow();
            Boolean meets = MetricChart.meetsThreshold(rule, p.value());
            row(md, List.of(p.champion() ? "**v" + p.version() + "**" : "v" + p.version(), MetricChart.number(p.value()),
                    before == null ? "-" : signed(p.value() - before), meets == null ? "-" : meets ? "yes" : "no",
                    Markdown.text(validation(v)), history.role(v).isEmpty() ? "-" : Markdown.text(history.role(v))));
            before = p.value();
        }
        return md.toString();
    }

    /** One block per plotted version, in version order; the lowest value is ▁, the highest █. */
    static String sparkline(MetricChart chart, double lo, double hi) {
        StringBuilder line = new StringBuilder();
        for (MetricChart.Point p : chart.points()) {
            int level = hi == lo ? BLOCKS.length() / 2 : (int) Math.round((p.value() - lo) / (hi - lo) * (BLOCKS.length() - 1));
            line.append(BLOCKS.charAt(level));
        }
        return line.toString();
    }

    private static String signed(double change) {
        return (change > 0 ? "+" : change < 0 ? "−" : "±") + MetricChart.number(Math.abs(change));
    }

    /** One table row of cells already made safe ({@link Markdown#text} for whatever came from MLflow or the config). */
    private static void row(StringBuilder md, List<String> cells) {
        md.append("| ").append(String.join(" | ", cells)).append(" |\n");
    }
}
