package io.modelgate.report;

import io.modelgate.step.StepResult;
import io.modelgate.step.Verdict;
import org.commonmark.ext.gfm.strikethrough.StrikethroughExtension;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.CustomNode;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Property: whatever text a test name, message, file name, model or metric name holds, the
 * Markdown report has the same structure as with plain text there (same headings, table rows
 * and cells, list items, emphasis; no link, image, code span or HTML of its own), and each
 * table cell reads back as the text put in it. The documents are parsed with a CommonMark
 * parser with GitHub's table extension, as GitHub renders them.
 */
class MarkdownInjectionTest {

    /** Pieces of Markdown and HTML an attacker (or an unlucky test) would put in a report. */
    static final List<String> HOSTILE = List.of(
            "`", "``", "```", "\n", "\r\n", "\n\n", "|", "\\|", "\\", "*", "**", "_", "__", "~~", "[", "]", "(", ")", "!",
            "[passed](https://evil.example)", "![pixel](https://evil.example/p.png)", "<img src=x onerror=alert(1)>",
            "<https://evil.example>", "<!--", "-->", "<details>", "</details>", "<br>", "&lt;", "&amp;", "&#96;", "&",
            "# passed", "\n### ✅ **unit-tests** passed\n", "\n\n---\n\n", "| --- | --- |", "\n| a | b |\n", "> quote", "\n- item",
            "\n1. item", "\n[x]: https://evil.example", "[x]", "[^1]", "@octocat", "@org/team", ":white_check_mark:",
            "\t", "\u0000", "\u001b[31m", " ", "x", "passed", "::error::x", "%0A", "]]>", "\"", "'", "$$", "<", ">", "=", "+", "-", "#");

    static String hostile(Random random) {
        StringBuilder text = new StringBuilder();
        int pieces = 1 + random.nextInt(6);
        for (int i = 0; i < pieces; i++) text.append(HOSTILE.get(random.nextInt(HOSTILE.size())));
        return text.toString();
    }

    private static final Parser GITHUB = Parser.builder()
            .extensions(List.of(TablesExtension.create(), StrikethroughExtension.create())).build();

    @Test
    void hostileTextNeverChangesTheDocumentsStructure() {
        Random random = new Random(20_150_815);
        for (int run = 0; run < 300; run++) {
            List<String> values = new ArrayList<>();
            for (int i = 0; i < 9; i++) values.add(hostile(random));
            String hostile = MarkdownReport.render(result(values::get));
            String plain = MarkdownReport.render(result(i -> "x" + i));
            assertEquals(structure(plain), structure(hostile), () -> "values " + values + " changed the structure of\n" + hostile);
            List<String> cells = cells(hostile);
            assertEquals(List.of("c", readBack(values.get(2)), readBack(values.get(3)), readBack(values.get(4))),
                    cells.subList(0, 4), () -> hostile);
        }
    }

    @Test
    void codeSpansHoldAnyTextLiterally() {
        Random random = new Random(7);
        for (int run = 0; run < 300; run++) {
            String text = hostile(random);
            Node doc = GITHUB.parse("- " + Markdown.code(text));
            List<Node> codes = new ArrayList<>();
            doc.accept(new AbstractVisitor() {
                @Override
                public void visit(Code code) {
                    codes.add(code);
                }
            });
            assertEquals(1, codes.size(), () -> "one code span for " + text);
            String expected = text.replaceAll("[\\r\\n\\p{Cntrl}]+", " ");
            assertEquals(expected.strip(), ((Code) codes.get(0)).getLiteral().strip(), () -> text);
        }
    }

    /** What a cell shows of a text: line breaks kept, other control characters as spaces, trimmed. */
    private static String readBack(String text) {
        return text.replace("\r\n", "\n").replace('\r', '\n').replaceAll("[\\p{Cntrl}&&[^\n\t]]", " ").strip();
    }

    /** A result with hostile text in every field that comes from outside. */
    private static StepResult result(Function<Integer, String> value) {
        return StepResult.builder("unit-tests", Verdict.FAILED, value.apply(0))
                // A blank title is left out, which is structure too: this one always has a word.
                .table(new StepResult.Table("t" + value.apply(1), List.of("c", "d", "e", "f"),
                        List.of(List.of(value.apply(2), value.apply(3), value.apply(4), "y"))))
                .annotation(new StepResult.Annotation(StepResult.Annotation.Level.ERROR, value.apply(5), 3, value.apply(6), value.apply(7)))
                .output("model", value.apply(8))
                .build();
    }

    /** Node types in document order; text, line breaks and the report's own {@code <br>} do not count. */
    private static List<String> structure(String markdown) {
        List<String> types = new ArrayList<>();
        Node doc = GITHUB.parse(markdown);
        walk(doc, node -> {
            if (node instanceof Text || node instanceof org.commonmark.node.SoftLineBreak) return;
            if (node instanceof HtmlInline html && html.getLiteral().equals("<br>")) return;
            String type = node.getClass().getSimpleName();
            if (node instanceof HtmlInline html) type += html.getLiteral();
            types.add(type);
        });
        return types;
    }

    /** The text of every table cell, with the report's {@code <br>} read as a line break and invisible spaces dropped. */
    private static List<String> cells(String markdown) {
        List<String> cells = new ArrayList<>();
        walk(GITHUB.parse(markdown), node -> {
            if (node instanceof TableCell cell && !cell.isHeader()) {
                StringBuilder text = new StringBuilder();
                walk(cell, inner -> {
                    if (inner instanceof Text t) text.append(t.getLiteral());
                    if (inner instanceof HtmlInline html && html.getLiteral().equals("<br>")) text.append('\n');
                });
                cells.add(text.toString().replace("\u200B", "").strip());
            } else if (node instanceof TableCell cell) {
                StringBuilder text = new StringBuilder();
                walk(cell, inner -> {
                    if (inner instanceof Text t) text.append(t.getLiteral());
                });
                if (text.toString().equals("c")) cells.add("c");
            }
        });
        return cells;
    }

    private static void walk(Node node, java.util.function.Consumer<Node> visit) {
        for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
            visit.accept(child);
            if (!(child instanceof CustomNode) || child.getFirstChild() != null) walk(child, visit);
        }
    }
}
