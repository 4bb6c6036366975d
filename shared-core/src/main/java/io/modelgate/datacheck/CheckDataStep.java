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

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The check-data step: reads one snapshot of a declared table (latest, --version or --timestamp)
 * and judges its checks on what an engine observed in one streaming pass; checks that compare
 * with a reference have it observed first. The result is one table of checks (observed value,
 * rule, verdict), tables of the worst groups and of the windows when the table has them, and one
 * JUnit case per check.
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
        String path = DeltaTable.resolve(context.projectDir(), table.path());
        DeltaTable current = DeltaTable.open(engine, name, path, version == null ? null : version.longValue(),
                timestamp == null ? null : DeltaTable.instant(context.spell("timestamp"), timestamp));

        TableConfig.Reference ref = table.effectiveReference();
        String refKey = "tables." + name + (table.reference() != null ? ".reference" : ".drift.reference");
        DeltaTable reference = null;
        String referenceName = null;
        if (ref != null && ref.window() == null) {
            String referencePath = ref.path() == null ? path : DeltaTable.resolve(context.projectDir(), ref.path());
            Long referenceVersion = ref.version();
            if (ref.previous()) {
                if (current.version() == 0) {
                    throw Fault.usage("table " + current.describe() + ": " + refKey + ".previous: version 0 has no previous version");
                }
                referenceVersion = current.version() - 1;
            }
            reference = DeltaTable.open(engine, name + " reference", referencePath, referenceVersion,
                    ref.timestamp() == null ? null : DeltaTable.instant(refKey + ".timestamp", ref.timestamp()));
            referenceName = (ref.path() == null ? "" : referencePath + " ") + "version " + reference.version();
        } else if (ref != null) {
            referenceName = "window";
        }
        DataChecks checks = DataChecks.bind(name, table, current, context.config(), context.clock(), referenceName, ref != null && ref.window() != null);
        if (checks.checks().isEmpty()) {
            throw context.config().errorAt("tables." + name, "no checks declared (schema, row_count, completeness, unique_keys, ranges, allowed_values, statistics, categories, freshness, drift)");
        }
        KernelEngine kernel = new KernelEngine(KernelEngine.defaultThreads(), DistinctKeys.IN_MEMORY_KEYS, table.maxGroups());
        ScanProgress progress = new ScanProgress(context.console(), context.env());
        String where = current.describe() + (table.partitionFilter().isEmpty() ? "" : " where " + table.partitionFilter());

        Observations referenceObservations = null;
        String referenceWindow = null;
        List<Measure> referenceMeasures = checks.checks().stream().flatMap(b -> b.check().referenceMeasures().stream()).toList();
        if (ref != null && !referenceMeasures.isEmpty()) {
            if (ref.window() != null) {
                // The reference is a window of the table read: its measures are grouped by window, one group picked.
                List<Measure> measures = new ArrayList<>(referenceMeasures);
                measures.add(new Measure.Rows(checks.by()));
                referenceObservations = progress.run("reference of " + where, p -> kernel.observe(current, checks.filter(), measures, p));
                referenceWindow = Windows.key(table.windows().column(), ref.window(), referenceObservations.groups(new Measure.Rows(checks.by())));
                checks.referToWindow(referenceWindow);
            } else {
                // The partition filter applies to the reference too when it is this table at another version.
                Optional<Predicate> filter = ref.path() == null ? checks.filter() : Optional.empty();
                DeltaTable side = reference;
                referenceObservations = progress.run("reference " + side.describe(), p -> kernel.observe(side, filter, referenceMeasures, p));
            }
        }
        Observations referenceSeen = referenceObservations;
        List<Measure> measures = new ArrayList<>();
        for (DataChecks.Bound bound : checks.checks()) measures.addAll(bound.check().measures(referenceSeen));
        if (!checks.by().isEmpty()) measures.add(new Measure.Rows(checks.by()));
        Observations observations = progress.run(where, p -> kernel.observe(current, checks.filter(), measures, p));

        Judgement judged = new Judgement(table, checks, observations, referenceObservations, where).judge(referenceWindow);
        List<DataCheck.Outcome> outcomes = judged.outcomes;
        long failed = outcomes.stream().filter(DataCheck.Outcome::failed).count();
        String headline = failed == 0
                ? "table " + where + ": " + (outcomes.size() == 1 ? "its 1 check passed" : "all " + outcomes.size() + " checks passed")
                : "table " + where + ": " + failed + " of " + outcomes.size() + (outcomes.size() == 1 ? " check failed" : " checks failed");
        StepResult.Builder result = StepResult.builder(context.stepName(), failed == 0 ? Verdict.PASSED : Verdict.FAILED, headline);
        List<List<String>> rows = new ArrayList<>();
        for (DataCheck.Outcome outcome : outcomes) {
            String verdict = outcome.passed() ? "ok" : outcome.gates() ? "FAILED" : "drifted (counted in the share)";
            rows.add(List.of(outcome.name(), outcome.observed(), outcome.rule(), verdict));
            result.check(outcome.name(), outcome.failed() ? Verdict.FAILED : Verdict.PASSED,
                    outcome.observed() + " (rule: " + outcome.rule() + ")");
        }
        result.table(new StepResult.Table("Checks of " + where, List.of("check", "observed", "rule", "verdict"), rows));
        judged.tables.forEach(result::table);
        return result.output("table-version", Long.toString(current.version()))
                .output("failed", Long.toString(failed))
                .build();
    }
}
