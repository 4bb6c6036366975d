package io.modelgate.datacheck;

import io.modelgate.delta.DeltaTable;

import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.expressions.Predicate;
import io.modelgate.config.TableConfig;
import io.modelgate.step.Step;
import io.modelgate.step.StepContext;
import io.modelgate.fault.Fault;
import io.modelgate.step.StepResult;
import io.modelgate.step.Verdict;
import org.apache.hadoop.conf.Configuration;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The check-data step: reads one snapshot of a declared table (latest, --version or --timestamp)
 * and runs its checks in one streaming pass; drift checks read their reference first. The result
 * is one table of checks (observed value, rule, verdict) and one JUnit case per check.
 */
public final class CheckDataStep implements Step {

    @Override
    public StepResult run(StepContext context) {
        String name = context.params().string("table");
        TableConfig table = context.config().table(name);
        Integer version = context.params().integer("version");
        String timestamp = context.params().string("timestamp");
        if (version != null && timestamp != null) {
            throw Fault.usage("step check-data: give " + context.spell("version") + " or " + context.spell("timestamp") + ", not both");
        }
        Engine engine = DefaultEngine.create(new Configuration());
        String path = resolve(context.projectDir(), table.path());
        DeltaTable current = DeltaTable.open(engine, name, path, version == null ? null : version.longValue(),
                timestamp == null ? null : instant(context.spell("timestamp"), timestamp));

        DeltaTable reference = null;
        String referenceName = null;
        if (table.drift() != null) {
            TableConfig.DriftReference ref = table.drift().reference();
            String referencePath = ref.path() == null ? path : resolve(context.projectDir(), ref.path());
            reference = DeltaTable.open(engine, name + " reference", referencePath, ref.version(),
                    ref.timestamp() == null ? null : instant("tables." + name + ".drift.reference.timestamp", ref.timestamp()));
            referenceName = (ref.path() == null ? "" : referencePath + " ") + "version " + reference.version();
        }
        DataChecks checks = DataChecks.bind(name, table, current, context.config(), context.clock(), referenceName);
        if (checks.checks().isEmpty()) {
            throw context.config().errorAt("tables." + name, "no checks declared (schema, row_count, completeness, unique_keys, ranges, allowed_values, freshness, drift)");
        }
        List<DataCheck.Outcome> outcomes = new ArrayList<>();
        try {
            if (reference != null) {
                // The partition filter applies to the reference too when it is this table at another version.
                Optional<Predicate> referenceFilter = table.drift().reference().path() == null ? checks.filter() : Optional.empty();
                reference.scan(checks.driftColumns(), referenceFilter, rows -> checks.drift().forEach(c -> c.acceptReference(rows)));
            }
            List<String> columns = checks.columns();
            if (!columns.isEmpty()) {
                current.scan(columns, checks.filter(), rows -> checks.checks().forEach(c -> c.accept(rows)));
            }
            for (DataCheck check : checks.checks()) outcomes.addAll(check.finish());
        } finally {
            checks.checks().forEach(DataCheck::close);
        }
        long failed = outcomes.stream().filter(o -> !o.passed()).count();
        String where = current.describe() + (table.partitionFilter().isEmpty() ? "" : " where " + table.partitionFilter());
        String headline = failed == 0
                ? "table " + where + ": " + (outcomes.size() == 1 ? "its 1 check passed" : "all " + outcomes.size() + " checks passed")
                : "table " + where + ": " + failed + " of " + outcomes.size() + (outcomes.size() == 1 ? " check failed" : " checks failed");
        StepResult.Builder result = StepResult.builder(context.stepName(), failed == 0 ? Verdict.PASSED : Verdict.FAILED, headline);
        List<List<String>> rows = new ArrayList<>();
        for (DataCheck.Outcome outcome : outcomes) {
            rows.add(List.of(outcome.name(), outcome.observed(), outcome.rule(), outcome.passed() ? "ok" : "FAILED"));
            result.check(outcome.name(), outcome.passed() ? Verdict.PASSED : Verdict.FAILED,
                    outcome.observed() + " (rule: " + outcome.rule() + ")");
        }
        return result.table(new StepResult.Table("Checks of " + where, List.of("check", "observed", "rule", "verdict"), rows))
                .output("table-version", Long.toString(current.version()))
                .output("failed", Long.toString(failed))
                .build();
    }

    /** A path relative to the project, an absolute path, or a URI with a scheme (s3a://, abfss://, file:/...). */
    static String resolve(Path projectDir, String path) {
        return DeltaTable.location(projectDir, path);
    }

    /** ISO-8601 instant, offset date-time, or a date (midnight UTC). */
    static Instant instant(String where, String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e2) {
                try {
                    return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
                } catch (DateTimeParseException e3) {
                    throw Fault.usage(where + ": expected an ISO-8601 timestamp like 2026-01-31T12:00:00Z or a date, got \"" + text + "\"");
                }
            }
        }
    }
}
