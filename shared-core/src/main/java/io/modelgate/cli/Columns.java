package io.modelgate.cli;

import io.modelgate.secret.SecretMasker;

import java.io.PrintStream;
import java.util.List;

/** Rows printed in aligned columns, the first row the header (audit show, webhooks list and runs). */
final class Columns {

    private Columns() {
    }

    static void print(PrintStream out, List<String[]> rows, SecretMasker masker) {
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) widths[c] = Math.max(widths[c], row[c].length());
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.length; c++) {
                line.append(c == row.length - 1 ? row[c] : String.format("%-" + (widths[c] + 2) + "s", row[c]));
            }
            out.println(masker.mask(line.toString().stripTrailing()));
        }
    }
}
