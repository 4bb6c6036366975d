package io.modelgate.evaluation;

import io.modelgate.config.Durations;
import io.modelgate.config.EvaluationConfig;
import io.modelgate.step.StepResult;
import io.modelgate.step.Verdict;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * evaluate-model's result: the metrics of both models with the paired intervals of their
 * difference, each slice's groups worst first with a chart of the difference and its interval, the
 * fairness gaps, and where the time went.
 */
final class EvaluationReport {

    static final String STEP = "evaluate-model";

    private EvaluationReport() {
    }

    /** Who was evaluated on what: the model, both versions (baseline null for a first model), the tables read. */
    record Subject(String model, int candidateVersion, Integer baselineVersion, String evaluationSet, String scoredTable) {
    }

    record Timings(Duration scoring, Duration reading, Duration computing) {
    }

    static StepResult build(Subject subject, EvaluationConfig config, Estimates estimates, List<GroupRules.SliceOutcome> slices,
                            List<GroupRules.FairnessOutcome> fairness, Timings timings, boolean passed) {
        boolean baseline = subject.baselineVersion() != null;
        double level = config.confidence();
        String ci = Numbers.percent(level) + "% CI";
        String primary = config.metrics().get(0);
        Estimates.Estimate main = estimates.overall().metrics().get(primary);
        String versions = subject.model() + " v" + subject.candidateVersion() + (baseline ? " against champion v" + subject.baselineVersion() : " (first model, no champion)");
        String change = baseline
                ? primary + " " + Numbers.signed(main.delta()) + " " + Numbers.interval(main.deltaInterval(level), true) + " (" + judge(primary, main.deltaInterval(level)) + ")"
                : primary + " " + Numbers.format(main.candidate()) + " " + Numbers.interval(main.candidateInterval(level), false);
        long failedRules = slices.stream().mapToLong(GroupRules.SliceOutcome::failed).sum() + fairness.stream().filter(f -> !f.passed()).count();
        String headline = versions + " on " + subject.evaluationSet() + ", " + estimates.overall().rows() + " rows: " + change
                + (failedRules == 0 ? "" : "; " + failedRules + " slice or fairness rule" + (failedRules == 1 ? "" : "s") + " failed");
        StepResult.Builder result = StepResult.builder(STEP, passed ? Verdict.PASSED : Verdict.FAILED, headline);

        List<List<String>> rows = new ArrayList<>();
        for (String metric : config.metrics()) {
            Estimates.Estimate e = estimates.overall().metrics().get(metric);
            if (baseline) {
                rows.add(List.of(metric, Numbers.format(e.candidate()), Numbers.format(e.baseline()), Numbers.signed(e.delta()),
                        Numbers.interval(e.deltaInterval(level), true), judge(metric, e.deltaInterval(level))));
            } else {
                rows.add(List.of(metric, Numbers.format(e.candidate()), Numbers.interval(e.candidateInterval(level), false)));
            }
            result.check("metric " + metric, Verdict.PASSED, baseline
                    ? "candidate " + Numbers.format(e.candidate()) + ", champion " + Numbers.format(e.baseline()) + ", change " + Numbers.signed(e.delta())
                    + " " + ci + " " + Numbers.interval(e.deltaInterval(level), true)
                    : "candidate " + Numbers.format(e.candidate()) + " " + ci + " " + Numbers.interval(e.candidateInterval(level), false));
        }
        String resampling = estimates.resamples() + " paired Poisson bootstrap resamples, seed " + config.seed();
        result.table(new StepResult.Table((baseline ? "candidate v" + subject.candidateVersion() + " vs champion v" + subject.baselineVersion()
                : "candidate v" + subject.candidateVersion() + " (first model)") + " on " + subject.evaluationSet() + " — " + ci + " from " + resampling,
                baseline ? List.of("metric", "candidate", "champion", "change", "change " + ci, "beyond noise?")
                        : List.of("metric", "candidate", "candidate " + ci), rows));

        for (GroupRules.SliceOutcome slice : slices) {
            sliceTable(result, slice, config, baseline, level, main.candidate());
        }
        for (GroupRules.FairnessOutcome rule : fairness) {
            fairnessTable(result, rule, baseline);
        }
        result.table(new StepResult.Table("Where the time went", List.of("part", "time"), List.of(
                List.of("scoring job (both models, Spark)", Durations.format(round(timings.scoring()))),
                List.of("reading the scored table (Delta Kernel)", millis(timings.reading())),
                List.of("metrics, " + estimates.resamples() + " resamples, " + estimates.slices().size() + " groupings", millis(timings.computing())))));
        return result.output("candidate-version", String.valueOf(subject.candidateVersion()))
                .output("baseline-version", baseline ? String.valueOf(subject.baselineVersion()) : "")
                .output("rows", String.valueOf(estimates.overall().rows()))
                .output("passed", String.valueOf(passed))
                .output("run-id", "")
                .build();
    }

    /** Whether the interval of a change leaves 0 out, and on which side. */
    static String judge(String metric, Estimates.Interval interval) {
        if (interval == null || !interval.isDefined()) return "undefined";
        boolean higher = MetricSet.higherIsBetter(metric);
        if (interval.lower() > 0) return higher ? "better" : "worse";
        if (interval.upper() < 0) return higher ? "worse" : "better";
        return "within noise";
    }

    /** One slice: its groups worst first on the first metric, too-small groups last; the chart of that metric's change. */
    /** @param overall the first metric's value on all rows: a first model's chart draws its groups against it */
    private static void sliceTable(StepResult.Builder result, GroupRules.SliceOutcome slice, EvaluationConfig config, boolean baseline, double level,
                                   double overall) {
        String primary = config.metrics().get(0);
        List<String> shown = new ArrayList<>(List.of(primary));
        config.sliceMaxRegression().keySet().forEach(m -> {
            if (!shown.contains(m)) shown.add(m);
        });
        boolean higher = MetricSet.higherIsBetter(primary);
        Comparator<GroupRules.GroupOutcome> worstFirst = Comparator.comparing(GroupRules.GroupOutcome::tooSmall)
                .thenComparingDouble(g -> {
                    Estimates.Estimate e = g.group().metrics().get(primary);
                    double value = baseline ? e.delta() : e.candidate();
                    return Double.isNaN(value) ? Double.POSITIVE_INFINITY : higher ? value : -value;
                });
        List<GroupRules.GroupOutcome> ordered = new ArrayList<>(slice.groups());
        ordered.sort(worstFirst);
        List<String> columns = new ArrayList<>(List.of(slice.slice().name(), "rows"));
        for (String metric : shown) {
            columns.addAll(baseline ? List.of(metric + " candidate", "champion", "change", "change " + Numbers.percent(level) + "% CI")
                    : List.of(metric + " candidate", Numbers.percent(level) + "% CI"));
        }
        columns.add("ok");
        List<List<String>> rows = new ArrayList<>();
        List<StepResult.Chart.Point> points = new ArrayList<>();
        for (GroupRules.GroupOutcome g : ordered) {
            List<String> row = new ArrayList<>(List.of(g.group().name(), String.valueOf(g.group().rows())));
            for (String metric : shown) {
                Estimates.Estimate e = g.group().metrics().get(metric);
                if (baseline) {
                    row.addAll(List.of(Numbers.format(e.candidate()), Numbers.format(e.baseline()), Numbers.signed(e.delta()),
                            Numbers.interval(e.deltaInterval(level), true)));
                } else {
                    row.addAll(List.of(Numbers.format(e.candidate()), Numbers.interval(e.candidateInterval(level), false)));
                }
            }
            String verdict = g.tooSmall() ? "too small (under " + minRows(slice, config) + " rows), not judged"
                    : g.failures().isEmpty() ? "yes" : "no — " + String.join("; ", g.failures());
            row.add(verdict);
            rows.add(row);
            if (!g.tooSmall()) {
                result.check("slice " + slice.slice().name() + " = " + g.group().name(), g.failures().isEmpty() ? Verdict.PASSED : Verdict.FAILED,
                        g.failures().isEmpty() ? "within the slice rules" : String.join("; ", g.failures()));
                Estimates.Estimate e = g.group().metrics().get(primary);
                Estimates.Interval interval = baseline ? e.deltaInterval(level) : e.candidateInterval(level);
                double value = baseline ? e.delta() : e.candidate();
                if (Double.isFinite(value) && interval != null && interval.isDefined()) {
                    points.add(new StepResult.Chart.Point(g.group().name(), value, interval.lower(), interval.upper()));
                }
            }
        }
        result.table(new StepResult.Table("Slice " + slice.slice().name() + ", worst first by " + primary
                + (slice.failed() == 0 ? "" : " — " + slice.failed() + " group" + (slice.failed() == 1 ? "" : "s") + " failed"), columns, rows));
        if (!points.isEmpty()) {
            result.chart(new StepResult.Chart((baseline ? "Change of " + primary : primary + " of the candidate") + " by " + slice.slice().name()
                    + ", " + Numbers.percent(level) + "% CI", baseline ? "change of " + primary : primary,
                    baseline ? 0 : overall, points));
        }
    }

    private static int minRows(GroupRules.SliceOutcome slice, EvaluationConfig config) {
        return slice.slice().minRows() != null ? slice.slice().minRows() : config.minRows();
    }

    private static void fairnessTable(StepResult.Builder result, GroupRules.FairnessOutcome rule, boolean baseline) {
        String metric = rule.rule().metric();
        List<List<String>> rows = new ArrayList<>();
        for (Estimates.Group group : rule.groups()) {
            Estimates.Estimate e = group.metrics().get(metric);
            List<String> row = new ArrayList<>(List.of(group.name(), String.valueOf(group.rows()), Numbers.format(e.candidate())));
            if (baseline) row.add(Numbers.format(e.baseline()));
            row.add(group.rows() < rule.minRows() ? "too small, not counted" : "counted");
            rows.add(row);
        }
        List<String> columns = new ArrayList<>(List.of(rule.rule().by(), "rows", metric + " candidate"));
        if (baseline) columns.add(metric + " champion");
        columns.add("in the gap");
        result.table(new StepResult.Table("Fairness: " + metric + " across " + rule.rule().by() + " — " + (rule.passed() ? "ok: " : "failed: ")
                + rule.detail(), columns, rows));
        result.check("fairness " + metric + " across " + rule.rule().by(), rule.passed() ? Verdict.PASSED : Verdict.FAILED, rule.detail());
    }

    private static Duration round(Duration duration) {
        return Duration.ofSeconds(Math.max(0, Math.round(duration.toMillis() / 1000.0)));
    }

    private static String millis(Duration duration) {
        return String.format(java.util.Locale.ROOT, "%.2f s", duration.toNanos() / 1e9);
    }
}
