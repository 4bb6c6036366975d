package io.modelgate.validation;

import io.modelgate.config.ValidationConfig;
import io.modelgate.evaluation.ModelEvaluation;
import io.modelgate.evaluation.Numbers;
import io.modelgate.step.StepResult;
import io.modelgate.step.Verdict;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The result a reviewer reads in a pull request: one table (metric, candidate, champion,
 * change, rule, ok) with the failing rows first, the versions linked, a one-line verdict, and
 * one JUnit case per rule and per evidence check.
 */
public final class ValidationReport {

    public static final String STEP = "validate-model";

    private ValidationReport() {
    }

    /**
     * @param champion null for a first model
     * @param evidence checks of required evidence (tags, signature, input example, artifacts)
     */
    public static StepResult build(String model, Contender candidate, Contender champion, List<RuleCheck> rules,
                                   List<StepResult.Check> evidence, ValidationConfig.Mode mode) {
        return build(model, candidate, champion, rules, evidence, mode, null);
    }

    /**
     * @param evaluation the evaluation the metrics were compared from, null without one: the table
     *                   then shows each row's interval, and the evaluation's slice tables and charts follow
     */
    public static StepResult build(String model, Contender candidate, Contender champion, List<RuleCheck> rules,
                                   List<StepResult.Check> evidence, ValidationConfig.Mode mode, ModelEvaluation.Summary evaluation) {
        boolean passed = rules.stream().allMatch(RuleCheck::ok) && evidence.stream().allMatch(c -> c.verdict() == Verdict.PASSED);
        long failedRules = rules.stream().filter(r -> !r.ok()).count() + evidence.stream().filter(c -> c.verdict() != Verdict.PASSED).count();
        String versions = model + " v" + candidate.version() + (champion == null ? " (first model, no baseline)" : " against champion v" + champion.version());
        String headline = (passed ? "passed: " : "failed " + failedRules + " of " + (rules.size() + evidence.size()) + " checks: ") + versions
                + (mode == ValidationConfig.Mode.DRY_RUN ? " [dry-run: reported only, never counts as a validation record]" : "");
        Verdict verdict = passed || mode == ValidationConfig.Mode.DRY_RUN ? Verdict.PASSED : Verdict.FAILED;
        StepResult.Builder result = StepResult.builder(STEP, verdict, headline);

        List<RuleCheck> ordered = new ArrayList<>(rules);
        ordered.sort(Comparator.comparing(RuleCheck::ok));
        List<List<String>> rows = new ArrayList<>();
        for (RuleCheck rule : ordered) {
            List<String> row = new ArrayList<>(List.of(rule.metric(), value(rule.candidate()), value(rule.champion()), change(rule.change())));
            if (evaluation != null) row.add(interval(rule, evaluation));
            row.addAll(List.of(rule.rule(), (rule.ok() ? "yes" : "no") + (rule.reason().isEmpty() ? "" : " — " + rule.reason())));
            rows.add(row);
            result.check(rule.metric() + " " + rule.rule(), rule.ok() ? Verdict.PASSED : Verdict.FAILED,
                    rule.reason().isEmpty() ? "candidate " + value(rule.candidate()) + ", champion " + value(rule.champion()) : rule.reason());
        }
        String title = title("candidate", candidate) + " vs " + (champion == null ? "no champion" : title("champion", champion));
        List<String> columns = evaluation == null ? List.of("metric", "candidate", "champion", "change", "rule", "ok")
                : List.of("metric", "candidate", "champion", "change", "interval", "rule", "ok");
        if (evaluation != null) {
            title += " — evaluated on " + evaluation.dataset() + " version " + evaluation.datasetVersion()
                    + (evaluation.runId() == null ? " (not recorded: dry run)" : ", evaluation run " + evaluation.runId())
                    + (evaluation.reused() ? " (recorded earlier, reused)" : "");
        }
        result.table(new StepResult.Table(title, columns, rows));
        if (!evidence.isEmpty()) {
            List<StepResult.Check> evidenceOrdered = new ArrayList<>(evidence);
            evidenceOrdered.sort(Comparator.comparing(c -> c.verdict() == Verdict.PASSED));
            result.table(new StepResult.Table("Required evidence on the candidate", List.of("evidence", "ok", "detail"),
                    evidenceOrdered.stream().map(c -> List.of(c.name(), c.verdict() == Verdict.PASSED ? "yes" : "no", c.detail())).toList()));
            result.checks(evidence);
        }
        if (evaluation != null && evaluation.report() != null) {
            // The evaluation's slices, fairness and charts (its first table, the metrics, is the one above).
            evaluation.report().tables().stream().skip(1).forEach(result::table);
            evaluation.report().charts().forEach(result::chart);
        }
        return result.output("candidate-version", candidate.version())
                .output("baseline-version", champion == null ? "" : champion.version())
                .output("passed", String.valueOf(passed))
                .build();
    }

    /** A row's interval: of the change for the change rules, of the candidate's value for a threshold; metrics compared from runs have none. */
    private static String interval(RuleCheck rule, ModelEvaluation.Summary evaluation) {
        if (rule.interval() == null) return evaluation.metrics().containsKey(rule.metric()) ? "—" : "logged metric";
        boolean change = !rule.intervalOf().equals("value");
        return (change ? rule.intervalOf() + " " : "") + Numbers.percent(rule.interval().level()) + "% " + Numbers.interval(rule.interval(), change);
    }

    private static String title(String role, Contender contender) {
        String text = role + " v" + contender.version() + " (run " + contender.runId() + ")";
        return contender.link() == null ? text : text + " " + contender.link();
    }

    static String value(Double value) {
        return value == null ? "—" : MetricComparison.number(value);
    }

    private static String change(Double change) {
        if (change == null) return "—";
        return (change > 0 ? "+" : "") + MetricComparison.number(change);
    }
}
