package io.modelgate.report;

import io.modelgate.fault.Fault;
import io.modelgate.step.StepResult;
import io.modelgate.step.Verdict;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportsTest {

    private static final StepResult FAILED = StepResult.builder("validate-model", Verdict.FAILED, "candidate v3 is worse than champion v2")
            .table(new StepResult.Table("Metrics", List.of("metric", "candidate", "champion", "ok"),
                    List.of(List.of("roc_auc", "0.71", "0.83", "no"), List.of("a|b", "<1>", "x", "yes"))))
            .check("roc_auc >= 0.80", Verdict.FAILED, "0.71 < 0.80\nsecond line")
            .check("log_loss <= 0.45", Verdict.PASSED, "0.41")
            .check("signature", Verdict.SKIPPED, "not required")
            .check("bad & \u0001 <xml>", Verdict.ERROR, "run deleted")
            .annotation(new StepResult.Annotation(StepResult.Annotation.Level.ERROR, "modelgate.yaml", 12, "roc_auc", "below threshold"))
            .output("passed", "false")
            .build();

    @Test
    void exitCodesFollowTheBrief() {
        assertEquals(1, FAILED.exitCode());
        assertEquals(0, StepResult.builder("s", Verdict.PASSED, "ok").build().exitCode());
        assertEquals(0, StepResult.builder("s", Verdict.SKIPPED, "disabled").build().exitCode());
        assertEquals(2, StepResult.error("s", Fault.usage("bad")).exitCode());
        assertEquals(3, StepResult.error("s", Fault.infrastructure("down")).exitCode());
        assertThrows(IllegalArgumentException.class, () -> StepResult.builder("s", Verdict.PASSED, "x").errorKind(Fault.Kind.USAGE).build());
    }

    @Test
    void junitXmlHasOneCasePerCheckAndParses() throws Exception {
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(JUnitReport.render(FAILED).getBytes(StandardCharsets.UTF_8)));
        Element suite = (Element) doc.getElementsByTagName("testsuite").item(0);
        assertEquals("4", suite.getAttribute("tests"));
        assertEquals("1", suite.getAttribute("failures"));
        assertEquals("1", suite.getAttribute("errors"));
        assertEquals("1", suite.getAttribute("skipped"));
        Element failure = (Element) doc.getElementsByTagName("failure").item(0);
        assertEquals("0.71 < 0.80", failure.getAttribute("message"));
        assertEquals("0.71 < 0.80\nsecond line", failure.getTextContent());
        assertEquals("bad &  <xml>", ((Element) doc.getElementsByTagName("testcase").item(3)).getAttribute("name"));
    }

    @Test
    void aResultWithoutChecksIsOneCaseForTheStep() throws Exception {
        String xml = JUnitReport.render(StepResult.error("promote-model", Fault.infrastructure("MLflow at http://x is unreachable")));
        assertTrue(xml.contains("<testcase classname=\"modelgate.promote-model\" name=\"promote-model\">"), xml);
        assertTrue(xml.contains("<error message=\"MLflow at http://x is unreachable\">"), xml);
    }

    @Test
    void markdownEscapesUserTextInTables() {
        String md = MarkdownReport.render(FAILED);
        assertTrue(md.startsWith("### ❌ **validate-model** failed: candidate v3 is worse than champion v2\n"), md);
        assertTrue(md.contains("| metric | candidate | champion | ok |\n| --- | --- | --- | --- |\n| roc_auc | 0.71 | 0.83 | no |\n"), md);
        assertTrue(md.contains("| a\\|b | &lt;1> | x | yes |"), md);
        assertTrue(md.contains("- **error** `modelgate.yaml:12` roc_auc: below threshold"), md);
    }

    @Test
    void textAlignsColumns() {
        String text = TextReport.render(FAILED);
        assertTrue(text.startsWith("FAILED  validate-model: candidate v3 is worse than champion v2\n"), text);
        assertTrue(text.contains("metric   candidate  champion  ok\nroc_auc  0.71       0.83      no\n"), text);
        assertTrue(text.contains("passed = false"), text);
    }

    /** A result with a chart: Mermaid in result.md and the PR comment, never in a job or check-run summary. */
    @Test
    void chartsAreMermaidWhereGitHubRendersItAndLeftToTheTablesElsewhere() {
        StepResult result = StepResult.builder("evaluate-model", Verdict.PASSED, "v2 against v1")
                .table(new StepResult.Table("Slice country", List.of("country", "change"), List.of(List.of("DE", "-0.02"), List.of("FR", "+0.01"))))
                .chart(new StepResult.Chart("Change of roc_auc by country, 95% CI", "change of roc_auc", 0,
                        List.of(new StepResult.Chart.Point("DE \"north\"", -0.02, -0.0000351, 0.001), new StepResult.Chart.Point("FR", 0.01, 0.002, 0.02))))
                .build();
        String summary = MarkdownReport.render(result);
        assertTrue(!summary.contains("mermaid"), summary);
        String comment = MarkdownReport.render(result, true);
        assertTrue(comment.contains("""
                ```mermaid
                xychart-beta
                    title "Change of roc_auc by country, 95% CI"
                    x-axis ["DE 'north'", "FR"]
                    y-axis "change of roc_auc" -0.024 --> 0.024
                    line [-0.0000351, 0.002]
                    line [-0.02, 0.01]
                    line [0.001, 0.02]
                    line [0, 0]
                ```
                """), comment);
        assertTrue(comment.indexOf("| FR |") < comment.indexOf("```mermaid"), "the chart follows the tables");
        assertTrue(JsonReport.render(result).contains("\"lower\" : -3.51E-5"), JsonReport.render(result));
    }
}
