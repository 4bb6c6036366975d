package io.modelgate.teststage;

import io.modelgate.fault.Fault;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shard {@code index} of {@code total}, written {@code K/N}. Test files are sorted by path and
 * dealt round-robin, so every machine computes the same split and shards differ by one file at most.
 */
public record Shard(int index, int total) {

    private static final Pattern TEXT = Pattern.compile("\\s*(\\d+)\\s*/\\s*(\\d+)\\s*");

    public Shard {
        if (total < 1 || index < 1 || index > total) {
            throw new IllegalArgumentException("shard " + index + "/" + total + ": expected 1 <= K <= N");
        }
    }

    /** @param option the parameter that gave it, as the user's front end spells it (e.g. {@code --shard}) */
    public static Shard parse(String text, String option) {
        Matcher matcher = TEXT.matcher(text);
        String expected = option + ": expected K/N with 1 <= K <= N, e.g. 2/4, got \"" + text + "\"";
        if (!matcher.matches()) {
            throw Fault.usage(expected);
        }
        try {
            int index = Integer.parseInt(matcher.group(1));
            int total = Integer.parseInt(matcher.group(2));
            if (total < 1 || index < 1 || index > total) {
                throw Fault.usage(option + " " + index + "/" + total + ": expected K/N with 1 <= K <= N, e.g. 2/4");
            }
            return new Shard(index, total);
        } catch (NumberFormatException e) {
            throw Fault.usage(expected);
        }
    }

    /** This shard's files, in sorted order. */
    public List<String> select(List<String> files) {
        List<String> sorted = new ArrayList<>(files);
        sorted.sort(null);
        List<String> mine = new ArrayList<>();
        for (int i = index - 1; i < sorted.size(); i += total) {
            mine.add(sorted.get(i));
        }
        return mine;
    }

    @Override
    public String toString() {
        return index + "/" + total;
    }
}
