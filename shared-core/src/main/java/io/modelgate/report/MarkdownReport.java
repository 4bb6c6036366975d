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
        return icon(result.verdict()) + " **" + result.step() + "** " + result.verdict().name().toLowerCase() + ": " + escape(result.headline());
    }

    public static String render(StepResult result) {
        StringBuilder out = new StringBuilder("### ").append(headline(result)).append("\n");
        for (StepResult.Table table : result.tables()) {
            out.append('\n');
            if (table.title() != null && !table.title().isEmpty()) out.append("**").append(escape(table.title())).append("**\n\n");
            out.append(row(table.columns()));
            out.append('|').append(" --- |".repeat(table.columns().size())).append('\n');
            for (List<String> row : table.rows()) out.append(row(row));
        }
        if (!result.annotations().isEmpty()) {
            out.append('\n');
            for (StepResult.Annotation a : result.annotations()) {
                out.append("- **").append(a.level().name().toLowerCase()).append("** ");
                if (a.file() != null) out.append('`').append(a.file()).append(a.line() != null ? ":" + a.line() : "").append("` ");
                out.append(escape((a.title() != null ? a.title() + ": " : "") + a.message())).append('\n');
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
        for (String cell : cells) out.append(' ').append(escape(cell == null ? "" : cell)).append(" |");
        return out.append('\n').toString();
    }

    /** Keeps user text from breaking a table or injecting markup. */
    static String escape(String text) {
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "").replace("\n", "<br>");
    }
}
