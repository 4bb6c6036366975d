package io.modelgate.datacheck;

import io.modelgate.config.TableConfig;
import io.modelgate.step.StepResult;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Judges the bound checks on both sides' observations and lays the outcomes out for the report:
 * table checks once; grouped checks per group, summarized as one outcome per check with the worst
 * groups named, plus a bounded table of the worst groups; drift per window, with the retraining
 * signal (N of the last M windows drifted, the latest included) as one outcome and a table of windows.
 */
final class Judgement {

    /** Rows of the worst-groups and windows tables, and groups named in a summary. */
    static final int SHOWN_GROUPS = 20;
    static final int NAMED_GROUPS = 3;

    final List<DataCheck.Outcome> outcomes = new ArrayList<>();
    final List<StepResult.Table> tables = new ArrayList<>();

    private final TableConfig table;
    private final DataChecks checks;
    private final Observations current;
    private final Observations reference;
    private final String where;

    Judgement(TableConfig table, DataChecks checks, Observations current, Observations reference, String where) {
        this.table = table;
        this.checks = checks;
        this.current = current;
        this.reference = reference;
        this.where = where;
    }

    Judgement judge(String referenceWindow) {
        List<DataCheck> whole = scoped(DataChecks.Scope.TABLE);
        outcomes.addAll(judgeAll(whole, "", ""));
        List<DataCheck> grouped = scoped(DataChecks.Scope.GROUPS);
        if (!grouped.isEmpty()) judgeGroups(grouped);
        List<DataCheck> windowed = scoped(DataChecks.Scope.WINDOWS);
        if (!windowed.isEmpty()) judgeWindows(windowed, referenceWindow);
        return this;
    }

    private List<DataCheck> scoped(DataChecks.Scope scope) {
        return checks.checks().stream().filter(b -> b.scope() == scope).map(DataChecks.Bound::check).toList();
    }

    /** The outcomes of the checks for one group, with the drift share when the rule has one. */
    private List<DataCheck.Outcome> judgeAll(List<DataCheck> list, String group, String referenceGroup) {
        List<DataCheck.Outcome> all = new ArrayList<>();
        DataCheck.Side side = new DataCheck.Side(current, group);
        DataCheck.Side other = reference == null ? null : new DataCheck.Side(reference, referenceGroup);
        List<String> drifted = new ArrayList<>();
        int columns = 0;
        for (DataCheck check : list) {
            List<DataCheck.Outcome> judged = check.judge(side, other);
            all.addAll(judged);
            if (check instanceof DriftCheck drift && drift.kind().equals("drift")) {
                columns++;
                if (judged.stream().anyMatch(o -> !o.passed())) drifted.add(drift.column());
            }
        }
        TableConfig.DriftRule rule = table.drift();
        if (rule != null && rule.share() != null && columns > 0) {
            double share = (double) drifted.size() / columns;
            String observed = String.format(Locale.ROOT, "%d of %d columns drifted (%.2f)%s", drifted.size(), columns, share,
                    drifted.isEmpty() ? "" : ": " + String.join(", ", drifted));
            all.add(new DataCheck.Outcome("drift share", observed, "share <= " + DataChecks.number(rule.share()), share <= rule.share()));
        }
        return all;
    }

    private void judgeGroups(List<DataCheck> grouped) {
        List<String> by = checks.by();
        Measure.Rows rows = new Measure.Rows(by);
        Map<String, List<DataCheck.Outcome>> byGroup = new LinkedHashMap<>();
        List<String> small = new ArrayList<>();
        for (String group : current.groups(rows)) {
            long count = current.count(rows, group);
            if (count < table.minGroupRows()) {
                small.add(group + " (" + count + " rows)");
                continue;
            }
            byGroup.put(group, judgeAll(grouped, group, group));
        }
        String label = " by " + String.join(", ", by);
        // One outcome per check: failed when it failed in some group, naming the first few such groups.
        Map<String, List<String>> failedIn = new LinkedHashMap<>();
        Map<String, DataCheck.Outcome> first = new LinkedHashMap<>();
        byGroup.forEach((group, list) -> list.forEach(o -> {
            first.putIfAbsent(o.name(), o);
            List<String> failures = failedIn.computeIfAbsent(o.name(), k -> new ArrayList<>());
            if (o.failed()) failures.add(group + " (" + o.observed() + ")");
        }));
        first.forEach((name, example) -> {
            List<String> failures = failedIn.get(name);
            String observed = failures.isEmpty() ? "passed in all " + byGroup.size() + " groups"
                    : "failed in " + failures.size() + " of " + byGroup.size() + " groups: "
                    + String.join("; ", failures.subList(0, Math.min(NAMED_GROUPS, failures.size())))
                    + (failures.size() > NAMED_GROUPS ? "; and " + (failures.size() - NAMED_GROUPS) + " more" : "");
            outcomes.add(new DataCheck.Outcome(name + label, observed, example.rule(), failures.isEmpty(), example.gates()));
        });
        String groupsText = byGroup.size() + " group" + (byGroup.size() == 1 ? "" : "s") + " checked"
                + (small.isEmpty() ? "" : ", " + small.size() + " too small (< " + table.minGroupRows() + " rows): "
                + String.join(", ", small.subList(0, Math.min(NAMED_GROUPS, small.size()))) + (small.size() > NAMED_GROUPS ? ", ..." : ""));
        outcomes.add(new DataCheck.Outcome("groups" + label, groupsText, "groups of at least " + table.minGroupRows() + " rows", true));

        // The worst groups first (most failed checks, then key), bounded.
        List<Map.Entry<String, List<DataCheck.Outcome>>> worst = byGroup.entrySet().stream()
                .filter(e -> e.getValue().stream().anyMatch(DataCheck.Outcome::failed))
                .sorted(Comparator.<Map.Entry<String, List<DataCheck.Outcome>>>comparingLong(e -> -e.getValue().stream().filter(DataCheck.Outcome::failed).count())
                        .thenComparing(Map.Entry::getKey))
                .toList();
        List<List<String>> rowsOut = new ArrayList<>();
        for (Map.Entry<String, List<DataCheck.Outcome>> entry : worst) {
            for (DataCheck.Outcome o : entry.getValue()) {
                if (!o.failed()) continue;
                if (rowsOut.size() == SHOWN_GROUPS) break;
                rowsOut.add(List.of(entry.getKey(), o.name(), o.observed(), o.rule(), "FAILED"));
            }
        }
        long passing = byGroup.size() - worst.size();
        if (!worst.isEmpty()) {
            rowsOut.add(List.of("", "", worst.size() + " group" + (worst.size() == 1 ? "" : "s") + " failed, " + passing + " passed every check", "", ""));
            tables.add(new StepResult.Table("Worst groups of " + where, List.of("group", "check", "observed", "rule", "verdict"), rowsOut));
        }
    }

    private void judgeWindows(List<DataCheck> windowed, String referenceWindow) {
        TableConfig.WindowsRule rule = table.windows();
        Measure.Rows rows = new Measure.Rows(List.of(rule.column()));
        List<String> windows = Windows.ordered(current.groups(rows));
        if (referenceWindow != null) {
            int at = windows.indexOf(referenceWindow);
            windows = at < 0 ? List.of() : windows.subList(at + 1, windows.size());
        }
        List<List<String>> tableRows = new ArrayList<>();
        List<Boolean> violated = new ArrayList<>();
        for (String window : windows) {
            List<DataCheck.Outcome> judged = judgeAll(windowed, window, referenceWindow == null ? "" : referenceWindow);
            boolean share = table.drift().share() != null;
            List<DataCheck.Outcome> counted = judged.stream().filter(o -> share ? o.name().equals("drift share") || o.gates() : true).toList();
            boolean drifted = counted.stream().anyMatch(o -> !o.passed());
            violated.add(drifted);
            String detail = String.join("; ", judged.stream().filter(o -> o.name().contains(" psi ") || o.name().equals("drift share"))
                    .map(o -> o.name() + " " + o.observed()).toList());
            tableRows.add(List.of(window, Long.toString(current.count(rows, window)), detail, drifted ? "DRIFTED" : "ok"));
        }
        int last = Math.min(rule.last(), windows.size());
        List<String> recent = windows.subList(windows.size() - last, windows.size());
        List<String> recentDrifted = new ArrayList<>();
        for (int i = windows.size() - last; i < windows.size(); i++) if (violated.get(i)) recentDrifted.add(windows.get(i));
        boolean latest = !windows.isEmpty() && violated.get(windows.size() - 1);
        boolean signal = latest && recentDrifted.size() >= rule.violations();
        String against = referenceWindow == null ? "the reference" : "window " + referenceWindow;
        String observed;
        if (windows.isEmpty()) {
            observed = "no window after " + against + " yet";
        } else {
            observed = recentDrifted.size() + " of the last " + recent.size() + " windows drifted from " + against
                    + (recentDrifted.isEmpty() ? "" : " (" + String.join(", ", recentDrifted) + ")")
                    + (latest ? ", the latest included" : ", not the latest (" + windows.get(windows.size() - 1) + ")");
        }
        outcomes.add(new DataCheck.Outcome("windows drift", observed,
                "not (>= " + rule.violations() + " of the last " + rule.last() + " drifted, the latest included)", !signal));
        List<List<String>> shown = tableRows.subList(Math.max(0, tableRows.size() - SHOWN_GROUPS), tableRows.size());
        if (!shown.isEmpty()) {
            tables.add(new StepResult.Table("Windows of " + where + " against " + against,
                    List.of("window", "rows", "drift", "verdict"), shown));
        }
    }
}
