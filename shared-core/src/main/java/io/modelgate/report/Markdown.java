package io.modelgate.report;

import java.util.regex.Pattern;

/**
 * Untrusted text (test names, messages, file names, model and metric names) made safe for the
 * place it takes in a Markdown document, so that it can neither add structure (rows, headings,
 * list items, HTML) nor live markup (links, images, code, emphasis, @mentions, emoji).
 * Bare URLs stay URLs: GitHub links them, showing their true target.
 */
public final class Markdown {

    /** @name after a non-word character: GitHub would notify that user or team. */
    private static final Pattern MENTION = Pattern.compile("(?<![\\w`])@(?=[A-Za-z0-9])");
    /** :name: GitHub shows as an emoji (a fake ✅); a name has a letter, so file:12: places stay as they are. */
    private static final Pattern EMOJI = Pattern.compile(":(?=[a-z0-9_+-]*[a-z][a-z0-9_+-]*:)");
    private static final String ZERO_WIDTH_SPACE = "\u200B";

    private Markdown() {
    }

    /**
     * Text inside a line: a table cell, a list item, a heading, emphasis. Line breaks become
     * {@code <br>}, so the text stays in its cell or line.
     */
    public static String text(String text) {
        if (text == null) return "";
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '\r' -> {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '\n') i++;
                    out.append("<br>");
                }
                case '\n' -> out.append("<br>");
                case '\\', '`', '*', '[', ']', '|', '~' -> out.append('\\').append(c);
                // Between two letters or digits (roc_auc) an underscore cannot start emphasis: kept plain.
                case '_' -> out.append(i > 0 && i + 1 < text.length() && Character.isLetterOrDigit(text.charAt(i - 1))
                        && Character.isLetterOrDigit(text.charAt(i + 1)) ? "_" : "\\_");
                default -> out.append(Character.isISOControl(c) && c != '\t' ? ' ' : c);
            }
        }
        return quiet(out.toString());
    }

    /** Text in bold, for a title; nothing when the text is blank (a bold of nothing would show its stars). */
    public static String strong(String text) {
        String inline = text(text).strip();
        return inline.isEmpty() ? "" : "**" + inline + "**";
    }

    /**
     * A code span holding {@code text} literally (file names, commands): fenced with more
     * backticks than the text holds in a row, on one line. Not for table cells, where {@code |}
     * would still end the cell: use {@link #text} there.
     */
    public static String code(String text) {
        String line = text == null ? "" : text.replaceAll("[\\r\\n\\p{Cntrl}]+", " ");
        int longest = 0;
        int run = 0;
        for (int i = 0; i < line.length(); i++) {
            run = line.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        String fence = "`".repeat(longest + 1);
        boolean pad = line.startsWith("`") || line.endsWith("`") || line.isBlank();
        return fence + (pad ? " " : "") + line + (pad ? " " : "") + fence;
    }

    /** Breaks @mentions and :emoji: with an invisible space, as nothing else escapes them on GitHub. */
    private static String quiet(String text) {
        if (text.indexOf('@') < 0 && text.indexOf(':') < 0) return text;
        return EMOJI.matcher(MENTION.matcher(text).replaceAll("@" + ZERO_WIDTH_SPACE)).replaceAll(":" + ZERO_WIDTH_SPACE);
    }
}
