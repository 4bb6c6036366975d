package io.modelgate.datacheck;

import io.modelgate.config.TableConfig.CategoriesRule;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Categories of a column that the reference did not have (new) or that are gone (vanished), each at most a count. */
final class CategoriesCheck implements DataCheck {

    private final String column;
    private final CategoriesRule rule;
    private final Measure.Counts counts;
    private final Measure.Counts referenceCounts;

    CategoriesCheck(String column, CategoriesRule rule, List<String> by, List<String> referenceBy) {
        this.column = column;
        this.rule = rule;
        this.counts = new Measure.Counts(column, by);
        this.referenceCounts = new Measure.Counts(column, referenceBy);
    }

    @Override
    public List<Measure> referenceMeasures() {
        return List.of(referenceCounts);
    }

    @Override
    public List<Measure> measures(Observations reference) {
        return List.of(counts);
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<Outcome> judge(Side current, Side reference) {
        Map<String, Long> now = (Map<String, Long>) current.get(counts);
        Map<String, Long> before = reference == null ? null : (Map<String, Long>) reference.get(referenceCounts);
        TreeSet<String> added = new TreeSet<>(now == null ? List.of() : now.keySet());
        TreeSet<String> vanished = new TreeSet<>(before == null ? List.of() : before.keySet());
        if (before != null) added.removeAll(before.keySet());
        if (now != null) vanished.removeAll(now.keySet());
        List<String> rules = new ArrayList<>();
        boolean passed = true;
        if (rule.maxNew() != null) {
            rules.add("new <= " + rule.maxNew());
            passed &= added.size() <= rule.maxNew();
        }
        if (rule.maxVanished() != null) {
            rules.add("vanished <= " + rule.maxVanished());
            passed &= vanished.size() <= rule.maxVanished();
        }
        String observed = added.size() + " new" + examples(added) + ", " + vanished.size() + " vanished" + examples(vanished);
        return List.of(new Outcome("categories " + column, observed, String.join(", ", rules), passed));
    }

    private static String examples(TreeSet<String> values) {
        if (values.isEmpty()) return "";
        List<String> first = values.stream().limit(Observations.EXAMPLES).toList();
        return " (" + String.join(", ", first) + (values.size() > first.size() ? ", ..." : "") + ")";
    }
}
