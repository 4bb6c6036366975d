package io.modelgate.modelreport;

import io.modelgate.config.MetricThreshold;
import io.modelgate.config.ModelConfig;
import io.modelgate.registry.ValidationRecord;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The model report's rendering, from a history built in memory: tables, sparklines, SVG points and rule lines. */
class ModelReportTest {

    private static ModelHistory.Version version(int n, double auc, double loss, String verdict, List<String> aliases) {
        Optional<ValidationRecord> record = verdict == null ? Optional.empty()
                : Optional.of(new ValidationRecord(verdict, "abc", "2026-01-0" + n + "T00:00:00Z", "h", n == 1 ? "" : "1", ""));
        return new ModelHistory.Version(n, "READY", Instant.parse("2026-01-0" + n + "T00:00:00Z"), "None", aliases, "run" + n, null,
                Map.of("roc_auc", auc, "log_loss", loss, "other", 1.0), record,
                n == 2 ? Map.of("from_to", "no alias -> champion", "by", "alice") : Map.of());
    }

    private static Map<String, MetricThreshold> rules() {
        Map<String, MetricThreshold> rules = new LinkedHashMap<>();
        rules.put("roc_auc", new MetricThreshold(0.8, 0.0, null, true, null));
        rules.put("log_loss", new MetricThreshold(0.45, null, 0.01, false, null));
        return rules;
    }

    /** v1 previous champion, v2 champion, v3 failed validation, v4 whose run is gone. */
    private static ModelHistory history() {
        List<ModelHistory.Version> versions = new ArrayList<>(List.of(
                version(1, 0.85, 0.40, "passed", List.of("previous-champion")),
                version(2, 0.90, 0.35, "passed", List.of("champion")),
                version(3, 0.70, 0.50, "failed", List.of())));
        versions.add(new ModelHistory.Version(4, "READY", null, "None", List.of(), "run4", "run deleted", Map.of(), Optional.empty(), Map.of()));
        return new ModelHistory("fraud <detector>", ModelConfig.Registry.ALIASES, "http://127.0.0.1:5000", 2, 1, rules(), versions);
    }

    @Test
    void markdownHasTheVersionsTableWithTheChampionMarked() {
        String md = ModelReportMarkdown.render(history());
        assertTrue(md.contains("4 versions in MLflow at http://127.0.0.1:5000 (registry: aliases); champion: v2, previous champion: v1."), md);
        List<String> rows = md.lines().filter(l -> l.matches("\\| \\*{0,2}v\\d.*")).toList();
        assertEquals("| v1 | 2026-01-01T00:00:00Z | READY | previous champion | passed (no baseline) | - | 0.85 | 0.4 |", rows.get(0));
        assertEquals("| **v2** | 2026-01-02T00:00:00Z | READY | **champion** | passed (vs v1) | no alias -> champion by alice | 0.9 | 0.35 |", rows.get(1));
        assertEquals("| v3 | 2026-01-03T00:00:00Z | READY | - | failed (vs v1) | - | 0.7 | 0.5 |", rows.get(2));
        assertEquals("| v4 | - | READY | - | - | - | run deleted | run deleted |", rows.get(3));
    }

    @Test
    void markdownHasASparklineAndATablePerGatedMetric() {
        String md = ModelReportMarkdown.render(history());
        // 0.85, 0.90, 0.70 scaled from 0.70 (▁) to 0.90 (█).
        assertTrue(md.contains("`▆█▁` v1 → v3, scaled from 0.7 to 0.9; without a value: v4"), md);
        assertTrue(md.contains("- 2 of 3 versions meet the threshold ≥ 0.8."), md);
        assertTrue(md.contains("- bar to beat champion v2: ≥ 0.9."), md);
        assertTrue(md.contains("| v3 | 0.7 | −0.2 | no | failed (vs v1) | - |"), md);
        // Lower is better: the relative bar is below the champion's 0.35.
        assertTrue(md.contains("## log_loss (lower is better)"), md);
        assertTrue(md.contains("- bar to beat champion v2 by 1%: ≤ 0.3465."), md);
        assertFalse(md.contains("## other"), "only gated metrics get a chart");
    }

    @Test
    void htmlChartsHaveOnePointPerVersionInOrderAndTheRuleLines() throws Exception {
        String html = ModelReportHtml.render(history());
        assertFalse(html.contains("<script"), "no JavaScript");
        assertFalse(html.contains(" src=") || html.contains(" href=") || html.contains("<link"), "no external assets");
        assertTrue(html.contains("<title>Model report: fraud &lt;detector&gt;</title>"), "names are escaped");
        assertTrue(html.contains("<tr data-version=\"2\" class=\"champion\">"), html);
        assertTrue(html.contains("<tr data-version=\"1\" class=\"previous\">"), html);

        Element svg = svg(html, "roc_auc");
        NodeList circles = svg.getElementsByTagName("circle");
        assertEquals(3, circles.getLength(), "v4 has no value, so no point");
        List<Integer> versions = new ArrayList<>();
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int i = 0; i < circles.getLength(); i++) {
            Element c = (Element) circles.item(i);
            versions.add(Integer.parseInt(c.getAttribute("data-version")));
            xs.add(Double.parseDouble(c.getAttribute("cx")));
            ys.add(Double.parseDouble(c.getAttribute("cy")));
        }
        assertEquals(List.of(1, 2, 3), versions);
        assertTrue(xs.get(0) < xs.get(1) && xs.get(1) < xs.get(2), "left to right in version order: " + xs);
        // SVG y grows downwards: v2 (0.90) highest, v3 (0.70) lowest.
        assertTrue(ys.get(1) < ys.get(0) && ys.get(0) < ys.get(2), ys.toString());
        Element champion = (Element) circles.item(1);
        assertTrue(champion.getAttribute("class").contains("champion"));
        assertEquals("#cf222e", ((Element) circles.item(2)).getAttribute("fill"), "failed validation is red");

        NodeList lines = svg.getElementsByTagName("line");
        double thresholdY = Double.NaN;
        for (int i = 0; i < lines.getLength(); i++) {
            Element line = (Element) lines.item(i);
            if ("bar".equals(line.getAttribute("class")) && line.getAttribute("data-value").equals("0.8")) {
                thresholdY = Double.parseDouble(line.getAttribute("y1"));
            }
        }
        assertTrue(thresholdY > ys.get(0) && thresholdY < ys.get(2), "the threshold 0.8 is drawn between 0.85 and 0.70: " + thresholdY);
        String polyline = ((Element) svg.getElementsByTagName("polyline").item(0)).getAttribute("points");
        assertEquals(3, polyline.split(" ").length, polyline);
    }

    @Test
    void aModelWithoutValuesOrRulesStillRenders() {
        ModelHistory empty = new ModelHistory("m", ModelConfig.Registry.STAGES, "http://x", null, null, Map.of(), List.of());
        assertTrue(ModelReportMarkdown.render(empty).contains("0 versions in MLflow at http://x (registry: stages); no champion."));
        assertTrue(ModelReportHtml.render(empty).contains("No gated metrics"));
        ModelHistory noValues = new ModelHistory("m", ModelConfig.Registry.ALIASES, "http://x", null, null, rules(),
                List.of(new ModelHistory.Version(1, "READY", null, "None", List.of(), null, "no run", Map.of(), Optional.empty(), Map.of())));
        assertTrue(ModelReportHtml.render(noValues).contains("no version logged a finite value"));
        assertTrue(ModelReportMarkdown.render(noValues).contains("No version logged a finite value of roc_auc."));
    }

    /** The inline SVG of one metric's chart, parsed as XML. */
    static Element svg(String html, String metric) throws Exception {
        int start = html.indexOf("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" data-metric=\"" + metric + "\"");
        assertTrue(start >= 0, "no chart for " + metric);
        int end = html.indexOf("</svg>", start) + "</svg>".length();
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(html.substring(start, end).getBytes(StandardCharsets.UTF_8)));
        return doc.getDocumentElement();
    }

    /** The newest evaluation: a forest plot per slice in the HTML, the same intervals as Mermaid in the Markdown. */
    @Test
    void theLatestEvaluationIsDrawnPerSlice() {
        ModelHistory base = history();
        var chart = new io.modelgate.step.StepResult.Chart("Change of roc_auc by country, 95% CI", "change of roc_auc", 0,
                List.of(new io.modelgate.step.StepResult.Chart.Point("DE", -0.03, -0.05, -0.01), new io.modelgate.step.StepResult.Chart.Point("FR", 0.01, -0.01, 0.03)));
        ModelHistory history = new ModelHistory(base.model(), base.registry(), base.location(), base.champion(), base.previous(), base.gatedMetrics(),
                base.versions(), Optional.of(new ModelHistory.Evaluation(3, "2", "a".repeat(32), List.of(chart))));
        String html = ModelReportHtml.render(history);
        assertTrue(html.contains("<h2>Latest evaluation: v3 against v2</h2>"), html);
        assertTrue(html.contains("<g class=\"interval\" data-label=\"DE\" data-value=\"-0.03\" data-lower=\"-0.05\" data-upper=\"-0.01\">"), html);
        assertTrue(html.contains("data-label=\"FR\" data-value=\"0.01\""), html);
        String md = ModelReportMarkdown.render(history);
        assertTrue(md.contains("## Latest evaluation: v3 against v2") && md.contains("```mermaid\nxychart-beta"), md);
        assertTrue(!ModelReportHtml.render(base).contains("Latest evaluation"), "no evaluation, no section");
    }
}
