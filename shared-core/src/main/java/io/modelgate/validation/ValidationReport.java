package io.modelgate.validation;

import io.modelgate.config.ValidationConfig;
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
            rows.add(List.of(rule.metric(), value(rule.candidate()), value(rule.champion()), change(rule.change()), rule.rule(),
                    (rule.ok() ? "yes" : "no") + (rule.reason().isEmpty() ? "" : " — " + rule.reason())));
            result.check(rule.metric() + " " + rule.rule(), rule.ok() ? Verdict.PASSED : Verdict.FAILED,
                    rule.reason().isEmpty() ? "candidate " + value(rule.candidate()) + ", champion " + value(rule.champion()) : rule.reason());
        }
        result.table(new StepResult.Table(title("candidate", candidate) + " vs " + (champion == null ? "no champion" : title("champion", champion)),
                List.of("metric", "candidate", "champion", "change", "rule", "ok"), rows));
        if (!evidence.isEmpty()) {
            List<StepResult.Check> evidenceOrdered = new ArrayList<>(evidence);
            evidenceOrdered.sort(Comparator.comparing(c -> c.verdict() == Verdict.PASSED));
            result.table(new StepResult.Table("Required evidence on the candidate", List.of("evidence", "ok", "detail"),
                    evidenceOrdered.stream().map(c -> List.of(c.name(), c.verdict() == Verdict.PASSED ? "yes" : "no", c.detail())).toList()));
            result.checks(evidence);
        }
        return result.output("candidate-version", candidate.version())
                .output("baseline-version", champion == null ? "" : champion.version())
                .output("passed", String.valueOf(passed))
                .build();
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
