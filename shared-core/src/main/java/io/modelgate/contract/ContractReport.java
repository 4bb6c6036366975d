package io.modelgate.contract;

import io.modelgate.config.ContractConfig;
import io.modelgate.delta.DeltaTable;
import io.modelgate.mlflow.ModelVersion;
import io.modelgate.registry.CheckModelRecord;
import io.modelgate.step.StepResult;
import io.modelgate.step.Verdict;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import static io.modelgate.contract.Latency.ms;

/**
 * What check-model found, gathered as the checks run, and the result a reviewer reads: one check
 * per part of the contract (JUnit cases), the signature changes, the feature table's columns, and
 * the measures against their budgets, the champion's beside them when it was measured.
 */
final class ContractReport {

    /** The evidence tag's word for a signature that could not be compared: a first model, or a champion without one. */
    static final String NO_BASELINE = "no-baseline";

    private final String model;
    private final ModelVersion candidate;
    private final Optional<ModelVersion> champion;
    private final ContractConfig contract;
    private final List<StepResult.Check> checks = new ArrayList<>();
    private final List<StepResult.Table> tables = new ArrayList<>();
    private final List<StepResult.Annotation> annotations = new ArrayList<>();
    private final StringBuilder log = new StringBuilder();
    private String signatureTag;
    private int sampledRows;
    private Scoring scoring;
    private Scoring championScoring;
    private ScoringServer.Outcome served;

    ContractReport(String model, ModelVersion candidate, Optional<ModelVersion> champion, ContractConfig contract) {
        this.model = model;
        this.candidate = candidate;
        this.champion = champion;
        this.contract = contract;
    }

    /** @param championSignature null when there is no champion, empty when the champion has no signature */
    void signature(Optional<ModelSignature> signature, Optional<ModelSignature> championSignature) {
        String v = "v" + candidate.version();
        if (signature.isEmpty()) {
            signatureTag = "none";
            checks.add(new StepResult.Check("signature", contract.requireSignature() ? Verdict.FAILED : Verdict.SKIPPED,
                    v + " was logged without a signature" + (contract.requireSignature() ? " (contract.require_signature)"
                            : ": its compatibility with the champion and the feature table cannot be checked")));
            return;
        }
        if (championSignature == null || championSignature.isEmpty()) {
            signatureTag = NO_BASELINE;
            checks.add(new StepResult.Check("signature", Verdict.PASSED, championSignature == null ? "first model: no champion signature to compare with"
                    : "the champion v" + champion.orElseThrow().version() + " has no signature: nothing to compare with"));
            return;
        }
        List<SignatureComparison.Difference> differences = new ArrayList<>(SignatureComparison.compare(championSignature.get(), signature.get()));
        differences.sort(Comparator.comparing(d -> !d.breaking()));
        List<SignatureComparison.Difference> breaking = differences.stream().filter(SignatureComparison.Difference::breaking).toList();
        String against = "champion v" + champion.orElseThrow().version();
        if (!differences.isEmpty()) {
            tables.add(new StepResult.Table("Signature of " + v + " against " + against, List.of("part", "name", "champion", "candidate", "change", "breaking"),
                    differences.stream().map(d -> List.of(d.part(), d.name(), d.champion(), d.candidate(), d.change(), d.breaking() ? "yes" : "no")).toList()));
        }
        if (breaking.isEmpty()) {
            signatureTag = "compatible";
            checks.add(new StepResult.Check("signature", Verdict.PASSED, differences.isEmpty() ? "identical to the " + against + "'s"
                    : "compatible with the " + against + "'s: " + describe(differences)));
        } else if (contract.allowBreaking()) {
            signatureTag = "breaking-allowed";
            String detail = breaking.size() + " breaking change" + (breaking.size() == 1 ? "" : "s") + " against the " + against
                    + ", allowed by contract.allow_breaking: " + describe(breaking);
            checks.add(new StepResult.Check("signature", Verdict.PASSED, detail));
            annotations.add(new StepResult.Annotation(StepResult.Annotation.Level.WARNING, null, null, "check-model: breaking signature", detail));
        } else {
            signatureTag = "breaking";
            checks.add(new StepResult.Check("signature", Verdict.FAILED, breaking.size() + " breaking change" + (breaking.size() == 1 ? "" : "s")
                    + " against the " + against + ": " + describe(breaking) + " (contract.allow_breaking lets them pass)"));
        }
    }

    private static String describe(List<SignatureComparison.Difference> differences) {
        return String.join("; ", differences.stream().map(d -> d.part() + (d.name().isEmpty() ? "" : " " + d.name()) + " " + d.change()).toList());
    }

    void featureTable(DeltaTable table, List<FeatureTable.ColumnCheck> columns) {
        tables.add(new StepResult.Table("Feature table " + table.describe() + " against the signature's inputs",
                List.of("column", "table", "signature", "ok"), columns.stream().map(c -> List.of(c.column(), c.tableType() == null ? "—" : c.tableType(),
                        c.signatureType(), (c.ok() ? "yes" : "no") + (c.detail().isEmpty() ? "" : " — " + c.detail()))).toList()));
        List<FeatureTable.ColumnCheck> bad = columns.stream().filter(c -> !c.ok()).toList();
        checks.add(new StepResult.Check("feature table " + table.name(), bad.isEmpty() ? Verdict.PASSED : Verdict.FAILED, bad.isEmpty()
                ? "the signature's " + columns.size() + " input columns against " + table.describe()
                        + ": every required one there, each one there of a type the signature accepts"
                : table.describe() + ": " + String.join("; ", bad.stream().map(c -> c.column() + " " + c.detail()).toList())));
    }

    void featureTableUnchecked(DeltaTable table, String why) {
        checks.add(new StepResult.Check("feature table " + table.name(), Verdict.SKIPPED, table.describe() + ": " + why));
    }

    void sampled(int rows) {
        sampledRows = rows;
    }

    int sampledRows() {
        return sampledRows;
    }

    void scoring(Scoring scoring) {
        this.scoring = scoring;
        Optional<Scoring.Failure> failure = scoring.failure();
        if (failure.isPresent()) {
            log.append(failure.get().message()).append('\n');
        }
        if (failure.isPresent() && failure.get().stage().equals("load")) {
            checks.add(new StepResult.Check("loads", Verdict.FAILED, "mlflow.pyfunc.load_model failed: " + failure.get().message()));
            return;
        }
        if (scoring.loadSeconds().isPresent()) {
            checks.add(new StepResult.Check("loads", Verdict.PASSED, "mlflow.pyfunc.load_model in " + ms(scoring.loadSeconds().get())
                    + " s (MLflow " + scoring.mlflowVersion() + ")"));
        }
        if (failure.isPresent()) {
            checks.add(new StepResult.Check("scores", Verdict.FAILED, failure.get().stage() + ": " + failure.get().message()));
            return;
        }
        String example = scoring.exampleRows().map(n -> "the input example (" + n + " rows)").orElse("no input example");
        String rows = sampledRows > 0 ? " and " + scoring.rows() + " rows of " + contract.featureTable() : "";
        checks.add(new StepResult.Check("scores", Verdict.PASSED, example + rows
                + ": one prediction per row, none NaN or infinite, of the signature's output type"));
    }

    void served(ScoringServer.Outcome outcome) {
        this.served = outcome;
        if (!outcome.up()) {
            checks.add(new StepResult.Check("serves", Verdict.FAILED, outcome.failures().get(0)
                    + (outcome.logTail().isBlank() ? "; it logged nothing" : "; its log ends:\n" + outcome.logTail())));
            log.append("scoring server log (last lines):\n").append(outcome.logTail()).append('\n');
        } else if (outcome.failed() > 0) {
            checks.add(new StepResult.Check("serves", Verdict.FAILED, outcome.failed() + " of " + contract.requests()
                    + " requests to /invocations failed: " + String.join("; ", outcome.failures())));
        } else {
            checks.add(new StepResult.Check("serves", Verdict.PASSED, contract.requests()
                    + " requests to mlflow models serve answered, each equal to the in-process prediction"));
        }
    }

    void championScoring(Scoring scoring) {
        this.championScoring = scoring;
    }

    /** The online latency: over HTTP when the server ran, else a one-row predict in process. */
    private Optional<Latency> online() {
        if (served != null) return served.latency();
        return scoring == null ? Optional.empty() : scoring.singleRow();
    }

    StepResult build() {
        budgets();
        measures();
        List<StepResult.Check> failed = checks.stream().filter(c -> c.verdict() == Verdict.FAILED).toList();
        String versions = model + " v" + candidate.version() + champion.map(c -> " against champion v" + c.version()).orElse(" (first model)");
        String headline = failed.isEmpty()
                ? "passed: " + versions + ": " + summary()
                : "failed " + failed.size() + " of " + checks.size() + " checks: " + versions + ": " + failed.get(0).name() + ": "
                        + failed.get(0).detail().lines().findFirst().orElse("");
        StepResult.Builder result = StepResult.builder(CheckModelStep.STEP, failed.isEmpty() ? Verdict.PASSED : Verdict.FAILED, headline)
                .checks(checks).log(log.toString());
        result.table(new StepResult.Table("Checks of " + model + " v" + candidate.version(), List.of("check", "verdict", "detail"),
                checks.stream().map(c -> List.of(c.name(), c.verdict().name(), c.detail().lines().findFirst().orElse(""))).toList()));
        tables.forEach(result::table);
        annotations.forEach(result::annotation);
        return result.output("candidate-version", String.valueOf(candidate.version()))
                .output("baseline-version", champion.map(c -> String.valueOf(c.version())).orElse(""))
                .output("passed", String.valueOf(failed.isEmpty()))
                .output("signature", signatureTag)
                .output("p95-ms", measure(Scoring::batch))
                .output("online-p95-ms", online().map(l -> ms(l.p95())).orElse(""))
                .output("size-mb", scoring == null ? "" : scoring.sizeMb().map(Latency::ms).orElse(""))
                .build();
    }

    CheckModelRecord record(String status, String commit, String time, String runUrl) {
        return new CheckModelRecord(status, signatureTag, measure(Scoring::batch), served == null ? "" : online().map(l -> ms(l.p95())).orElse(""),
                scoring == null ? "" : scoring.sizeMb().map(Latency::ms).orElse(""),
                scoring == null ? "" : scoring.memoryMb().map(Latency::ms).orElse(""),
                scoring == null ? "" : scoring.loadSeconds().map(Latency::ms).orElse(""),
                champion.map(c -> String.valueOf(c.version())).orElse(""), commit, time, runUrl);
    }

    private String measure(Function<Scoring, Optional<Latency>> latency) {
        return scoring == null ? "" : latency.apply(scoring).map(l -> ms(l.p95())).orElse("");
    }

    private String summary() {
        List<String> parts = new ArrayList<>();
        parts.add("signature " + signatureTag);
        if (scoring != null) {
            scoring.loadSeconds().ifPresent(s -> parts.add("loads in " + ms(s) + " s"));
            scoring.batch().ifPresent(l -> parts.add("batch p95 " + ms(l.p95()) + " ms"));
            online().ifPresent(l -> parts.add((served != null ? "served" : "single-row") + " p95 " + ms(l.p95()) + " ms"));
            scoring.sizeMb().ifPresent(s -> parts.add(ms(s) + " MiB"));
        }
        return String.join(", ", parts);
    }

    private void budgets() {
        ContractConfig.Budgets budgets = contract.budgets();
        if (budgets.maxLoadSeconds() != null) {
            limit("max_load_seconds", scoring == null ? Optional.empty() : scoring.loadSeconds(), budgets.maxLoadSeconds(), "s", "load time");
        }
        if (budgets.maxP95Ms() != null && budgets.maxP95Ms().batch() != null) {
            limit("max_p95_ms.batch", latencyOf(Scoring::batch).map(Latency::p95), budgets.maxP95Ms().batch(), "ms", "batch p95");
        }
        if (budgets.maxP95Ms() != null && budgets.maxP95Ms().online() != null) {
            limit("max_p95_ms.online", online().map(Latency::p95), budgets.maxP95Ms().online(), "ms",
                    (served != null ? "served" : "single-row") + " p95");
        }
        if (budgets.maxModelMb() != null) {
            limit("max_model_mb", scoring == null ? Optional.empty() : scoring.sizeMb(), budgets.maxModelMb(), "MiB", "model size");
        }
        if (budgets.maxMemoryMb() != null) {
            limit("max_memory_mb", scoring == null ? Optional.empty() : scoring.memoryMb(), budgets.maxMemoryMb(), "MiB", "peak memory");
        }
        if (budgets.maxP95Ratio() != null) ratio(budgets.maxP95Ratio());
    }

    private Optional<Latency> latencyOf(Function<Scoring, Optional<Latency>> which) {
        return scoring == null ? Optional.empty() : which.apply(scoring);
    }

    private void limit(String key, Optional<Double> value, double budget, String unit, String what) {
        String name = "budget " + key;
        if (value.isEmpty()) {
            checks.add(new StepResult.Check(name, Verdict.SKIPPED, what + " not measured: the model did not get that far"));
            return;
        }
        boolean ok = value.get() <= budget;
        checks.add(new StepResult.Check(name, ok ? Verdict.PASSED : Verdict.FAILED,
                what + " " + ms(value.get()) + " " + unit + (ok ? " within " : " over ") + "the budget of " + ms(budget) + " " + unit));
    }

    private void ratio(double most) {
        String name = "budget max_p95_ratio";
        if (champion.isEmpty()) {
            checks.add(new StepResult.Check(name, Verdict.SKIPPED, "first model: no champion to compare with"));
            return;
        }
        if (scoring == null || scoring.failure().isPresent()) {
            checks.add(new StepResult.Check(name, Verdict.SKIPPED, "not measured: the candidate did not score"));
            return;
        }
        String championV = "champion v" + champion.get().version();
        if (championScoring.failure().isPresent()) {
            checks.add(new StepResult.Check(name, Verdict.FAILED, "the " + championV + " could not be measured, so the ratio cannot be judged: "
                    + championScoring.failure().get().message().lines().findFirst().orElse("")));
            return;
        }
        List<String> over = new ArrayList<>();
        List<String> within = new ArrayList<>();
        for (String which : List.of("batch", "single-row")) {
            Function<Scoring, Optional<Latency>> latency = which.equals("batch") ? Scoring::batch : Scoring::singleRow;
            Optional<Latency> mine = latency.apply(scoring);
            Optional<Latency> theirs = latency.apply(championScoring);
            if (mine.isEmpty() || theirs.isEmpty()) continue;
            double ratio = mine.get().p95() / theirs.get().p95();
            String text = which + " p95 " + ms(mine.get().p95()) + " ms = " + ms(ratio) + " × the " + championV + "'s " + ms(theirs.get().p95()) + " ms";
            (ratio <= most ? within : over).add(text);
        }
        checks.add(new StepResult.Check(name, over.isEmpty() ? Verdict.PASSED : Verdict.FAILED, String.join("; ", over.isEmpty() ? within : over)
                + (over.isEmpty() ? ", within " : ", over ") + ms(most) + " ×"));
    }

    private void measures() {
        if (scoring == null || scoring.loadSeconds().isEmpty()) return;
        boolean withChampion = championScoring != null && championScoring.failure().isEmpty();
        List<List<String>> rows = new ArrayList<>();
        rows.add(row("load time, s", scoring.loadSeconds().map(Latency::ms), withChampion ? championScoring.loadSeconds().map(Latency::ms) : null));
        rows.add(row("model size, MiB", scoring.sizeMb().map(Latency::ms), withChampion ? championScoring.sizeMb().map(Latency::ms) : null));
        rows.add(row("peak memory, MiB", scoring.memoryMb().map(Latency::ms), withChampion ? championScoring.memoryMb().map(Latency::ms) : null));
        rows.add(row("batch of " + contract.batchSize() + ", ms", scoring.batch().map(Latency::toString),
                withChampion ? championScoring.batch().map(Latency::toString) : null));
        rows.add(row("single row, ms", scoring.singleRow().map(Latency::toString), withChampion ? championScoring.singleRow().map(Latency::toString) : null));
        if (served != null) rows.add(row("served, one row per request, ms", served.latency().map(Latency::toString), null));
        tables.add(new StepResult.Table("Measures of " + model + " v" + candidate.version()
                + (withChampion ? " and the champion v" + champion.orElseThrow().version() + ", same rows, same run" : ""),
                List.of("measure", "candidate", "champion"), rows));
    }

    private static List<String> row(String measure, Optional<String> candidate, Optional<String> champion) {
        return List.of(measure, candidate.orElse("—"), champion == null ? "—" : champion.orElse("—"));
    }
}
