package io.modelgate.github;

/**
 * The one pull-request comment per workflow and model, found again by a hidden marker and
 * updated in place. Each step owns a section between its own markers, so a later step (or a new
 * push) replaces its section and keeps the others'.
 */
public final class StickyComment {

    private StickyComment() {
    }

    /** The marker that finds the comment: {@code <!-- modelgate:<workflow>:<model> -->}. */
    public static String marker(String workflow, String model) {
        return "<!-- modelgate:" + clean(workflow) + ":" + clean(model) + " -->";
    }

    /** The comment body with {@code step}'s section set to {@code section}; {@code existing} null for a new comment. */
    public static String merge(String existing, String marker, String step, String section) {
        String start = "<!-- modelgate-step:" + clean(step) + " -->";
        String end = "<!-- /modelgate-step:" + clean(step) + " -->";
        String block = start + "\n" + section.strip() + "\n" + end;
        if (existing == null || !existing.contains(marker)) {
            return marker + "\n" + block + "\n";
        }
        int from = existing.indexOf(start);
        int to = existing.indexOf(end);
        if (from >= 0 && to > from) {
            return existing.substring(0, from) + block + existing.substring(to + end.length());
        }
        return existing.stripTrailing() + "\n\n" + block + "\n";
    }

    /** Marker text must not close the HTML comment or break the key. */
    private static String clean(String text) {
        return text.replace("--", "-").replace(">", "").replace(":", "-").strip();
    }
}
