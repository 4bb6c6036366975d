package io.modelgate.step;

import io.modelgate.fault.Fault;
import io.modelgate.secret.SecretMasker;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The one result every step returns. Renderers turn it into console text, JSON, Markdown and
 * JUnit XML; front ends turn it into their platform's conventions.
 *
 * @param step        the catalogue name of the step
 * @param verdict     PASSED, FAILED, ERROR or SKIPPED
 * @param errorKind   for ERROR only: usage (exit 2) or infrastructure (exit 3)
 * @param headline    one line a reviewer reads first
 * @param tables      evidence, e.g. metric, candidate, champion, change, rule, ok
 * @param checks      one entry per check; JUnit XML has one test case per check
 * @param annotations messages tied to a file and line
 * @param outputs     values later steps may use (GitHub outputs, Jenkins env)
 * @param artifacts   files the step wrote
 * @param log         trimmed output of what the step ran, kept for reports
 * @param charts      intervals to draw, e.g. a metric's change with its confidence interval per slice group
 */
public record StepResult(
        String step,
        Verdict verdict,
        Fault.Kind errorKind,
        String headline,
        List<Table> tables,
        List<Check> checks,
        List<Annotation> annotations,
        Map<String, String> outputs,
        List<Path> artifacts,
        String log,
        List<Chart> charts) {

    public StepResult {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(headline, "headline");
        if ((verdict == Verdict.ERROR) != (errorKind != null)) {
            throw new IllegalArgumentException("an error kind goes with the ERROR verdict, and only with it");
        }
        tables = List.copyOf(tables);
        checks = List.copyOf(checks);
        annotations = List.copyOf(annotations);
        outputs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
        artifacts = List.copyOf(artifacts);
        log = log == null ? "" : log;
        charts = charts == null ? List.of() : List.copyOf(charts);
    }

    /** 0 passed or skipped, 1 the gate failed, 2 usage or configuration error, 3 infrastructure error. */
    public int exitCode() {
        return switch (verdict) {
            case PASSED, SKIPPED -> 0;
            case FAILED -> 1;
            case ERROR -> errorKind.exitCode;
        };
    }

    /**
     * A fault as a result, its message on one line: a line break in it (a value the user passed,
     * echoed) would otherwise start a console line that a CI runner reads as a workflow command.
     */
    public static StepResult error(String step, Fault error) {
        return builder(step, Verdict.ERROR, String.valueOf(error.getMessage()).replaceAll("\\R", "\\\\n")).errorKind(error.kind()).build();
    }

    public static Builder builder(String step, Verdict verdict, String headline) {
        return new Builder(step, verdict, headline);
    }

    /** A builder holding everything this result holds, to derive a result with more. */
    public Builder toBuilder() {
        Builder builder = builder(step, verdict, headline).errorKind(errorKind).checks(checks).log(log);
        tables.forEach(builder::table);
        annotations.forEach(builder::annotation);
        outputs.forEach(builder::output);
        artifacts.forEach(builder::artifact);
        charts.forEach(builder::chart);
        return builder;
    }

    /** Returns a copy with more artifacts (the report files written after the step ran). */
    public StepResult withArtifacts(List<Path> more) {
        List<Path> all = new ArrayList<>(artifacts);
        all.addAll(more);
        return new StepResult(step, verdict, errorKind, headline, tables, checks, annotations, outputs, all, log, charts);
    }

    /**
     * The same result with every secret value replaced in every text it holds, before any
     * renderer escapes it: an escaped form ({@code &lt;}, {@code \|}, {@code \t}) would no longer
     * match the secret. Renderers' output is masked again as a second net.
     */
    public StepResult masked(SecretMasker masker) {
        List<Table> maskedTables = tables.stream().map(t -> new Table(masker.mask(t.title()),
                t.columns().stream().map(masker::mask).toList(),
                t.rows().stream().map(row -> row.stream().map(masker::mask).toList()).toList())).toList();
        List<Check> maskedChecks = checks.stream().map(c -> new Check(masker.mask(c.name()), c.verdict(), masker.mask(c.detail()))).toList();
        List<Annotation> maskedAnnotations = annotations.stream().map(a -> a.masked(masker)).toList();
        Map<String, String> maskedOutputs = new LinkedHashMap<>();
        outputs.forEach((key, value) -> maskedOutputs.put(key, masker.mask(value)));
        List<Path> maskedArtifacts = artifacts.stream().map(p -> {
            String masked = masker.mask(p.toString());
            return masked.equals(p.toString()) ? p : Path.of(masked);
        }).toList();
        List<Chart> maskedCharts = charts.stream().map(c -> new Chart(masker.mask(c.title()), masker.mask(c.axis()), c.reference(),
                c.points().stream().map(p -> new Chart.Point(masker.mask(p.label()), p.value(), p.lower(), p.upper())).toList())).toList();
        return new StepResult(masker.mask(step), verdict, errorKind, masker.mask(headline), maskedTables, maskedChecks,
                maskedAnnotations, maskedOutputs, maskedArtifacts, masker.mask(log), maskedCharts);
    }

    /** A table of evidence: a title, column names and rows of cells. */
    public record Table(String title, List<String> columns, List<List<String>> rows) {
        public Table {
            columns = List.copyOf(columns);
            rows = rows.stream().map(List::copyOf).toList();
        }
    }

    /**
     * Values with intervals to draw, one point per label (e.g. the change of a metric with its
     * confidence interval, per slice group); {@code reference} is drawn as a line (e.g. 0: no change).
     */
    public record Chart(String title, String axis, double reference, List<Point> points) {
        public Chart {
            points = List.copyOf(points);
        }

        public record Point(String label, double value, double lower, double upper) {
        }
    }

    /** One check of a step: it becomes one JUnit test case. */
    public record Check(String name, Verdict verdict, String detail) {
    }

    /** A message tied to a place in the user's files. File and line may be null. */
    public record Annotation(Level level, String file, Integer line, String title, String message) {
        public enum Level { ERROR, WARNING, NOTICE }

        public Annotation masked(SecretMasker masker) {
            return new Annotation(level, masker.mask(file), line, masker.mask(title), masker.mask(message));
        }
    }

    public static final class Builder {
        private final String step;
        private final Verdict verdict;
        private final String headline;
        private Fault.Kind errorKind;
        private final List<Table> tables = new ArrayList<>();
        private final List<Check> checks = new ArrayList<>();
        private final List<Annotation> annotations = new ArrayList<>();
        private final Map<String, String> outputs = new LinkedHashMap<>();
        private final List<Path> artifacts = new ArrayList<>();
        private final List<Chart> charts = new ArrayList<>();
        private String log = "";

        private Builder(String step, Verdict verdict, String headline) {
            this.step = step;
            this.verdict = verdict;
            this.headline = headline;
        }

        public Builder errorKind(Fault.Kind kind) {
            this.errorKind = kind;
            return this;
        }

        public Builder table(Table table) {
            tables.add(table);
            return this;
        }

        public Builder check(String name, Verdict verdict, String detail) {
            checks.add(new Check(name, verdict, detail));
            return this;
        }

        public Builder checks(List<Check> more) {
            checks.addAll(more);
            return this;
        }

        public Builder annotation(Annotation annotation) {
            annotations.add(annotation);
            return this;
        }

        public Builder output(String key, String value) {
            outputs.put(key, value);
            return this;
        }

        public Builder artifact(Path path) {
            artifacts.add(path);
            return this;
        }

        public Builder chart(Chart chart) {
            charts.add(chart);
            return this;
        }

        public Builder log(String text) {
            this.log = text;
            return this;
        }

        public StepResult build() {
            return new StepResult(step, verdict, errorKind, headline, tables, checks, annotations, outputs, artifacts, log, charts);
        }
    }
}
