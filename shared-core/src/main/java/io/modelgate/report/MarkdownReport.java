package io.modelgate.report;

import io.modelgate.step.StepResult;
import io.modelgate.step.Verdict;

import java.util.List;
import java.util.Map;

/** The Markdown rendering a reviewer reads: job summary, PR comment, check run summary. */
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

    public static String render(StepResult result) {
        StringBuilder out = new StringBuilder("### ").append(headline(result)).append("\n");
        for (StepResult.Table table : result.tables()) {
            out.append('\n');
            String title = Markdown.strong(table.title());
            if (!title.isEmpty()) out.append(title).append("\n\n");
            out.append(row(table.columns()));
            out.append('|').append(" --- |".repeat(table.columns().size())).append('\n');
            for (List<String> row : table.rows()) out.append(row(row));
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
