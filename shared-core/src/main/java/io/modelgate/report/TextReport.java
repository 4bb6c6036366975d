package io.modelgate.report;

import io.modelgate.step.StepResult;

import java.util.List;
import java.util.Map;

/** The console rendering of a result: headline, aligned tables, annotations, outputs. */
public final class TextReport {

    private TextReport() {
    }

    public static String render(StepResult result) {
        StringBuilder out = new StringBuilder();
        out.append(result.verdict()).append("  ").append(result.step()).append(": ").append(result.headline()).append('\n');
        for (StepResult.Table table : result.tables()) {
            out.append('\n');
            if (table.title() != null && !table.title().isEmpty()) out.append(table.title()).append('\n');
            out.append(align(table.columns(), table.rows()));
        }
        if (!result.annotations().isEmpty()) {
            out.append('\n');
            for (StepResult.Annotation a : result.annotations()) {
                out.append(a.level()).append(' ');
                if (a.file() != null) out.append(a.file()).append(a.line() != null ? ":" + a.line() : "").append(": ");
                out.append(a.title() != null ? a.title() + ": " : "").append(a.message()).append('\n');
            }
        }
        if (!result.outputs().isEmpty()) {
            out.append('\n');
            for (Map.Entry<String, String> output : result.outputs().entrySet()) {
                out.append(output.getKey()).append(" = ").append(output.getValue()).append('\n');
            }
        }
        return out.toString();
    }

    private static String align(List<String> columns, List<List<String>> rows) {
        int[] widths = new int[columns.size()];
        for (int i = 0; i < columns.size(); i++) widths[i] = columns.get(i).length();
        for (List<String> row : rows) {
            for (int i = 0; i < row.size() && i < widths.length; i++) widths[i] = Math.max(widths[i], cell(row, i).length());
        }
        StringBuilder out = new StringBuilder();
        appendRow(out, columns, widths);
        for (List<String> row : rows) appendRow(out, row, widths);
        return out.toString();
    }

    private static void appendRow(StringBuilder out, List<String> row, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            if (i > 0) line.append("  ");
            String cell = cell(row, i);
            line.append(cell).append(" ".repeat(widths[i] - cell.length()));
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }

    private static String cell(List<String> row, int i) {
        return i < row.size() && row.get(i) != null ? row.get(i) : "";
    }
}
