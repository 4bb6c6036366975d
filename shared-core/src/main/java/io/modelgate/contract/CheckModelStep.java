package io.modelgate.contract;

import io.delta.kernel.defaults.engine.DefaultEngine;
import io.modelgate.audit.AuditRecord;
import io.modelgate.audit.AuditSinks;
import io.modelgate.config.ContractConfig;
import io.modelgate.config.ModelConfig;
import io.modelgate.config.TableConfig;
import io.modelgate.delta.DeltaTable;
import io.modelgate.fault.Fault;
import io.modelgate.mlflow.MlflowRestClient;
import io.modelgate.mlflow.ModelRegistry;
import io.modelgate.mlflow.ModelVersion;
import io.modelgate.mlflow.RegisteredModel;
import io.modelgate.registry.CheckModelRecord;
import io.modelgate.registry.Contenders;
import io.modelgate.registry.RegistryStep;
import io.modelgate.registry.VersionSelector;
import io.modelgate.step.Step;
import io.modelgate.step.StepContext;
import io.modelgate.step.StepResult;
import io.modelgate.step.Verdict;
import io.modelgate.teststage.ProcessRunner;
import io.modelgate.teststage.ShellProcessRunner;
import io.modelgate.teststage.TestStage;
import org.apache.hadoop.conf.Configuration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@code check-model} step: the candidate version's contract, before it may move. Its
 * signature against the champion's, the feature table it will be fed from, loading and scoring it
 * for real in its own Python environment, optionally MLflow's scoring server posted to as a client
 * would, and the budgets. The verdict is recorded on the version ({@link CheckModelRecord}, which
 * promote-model's require_check_model reads) and in the audit trail.
 */
public final class CheckModelStep implements Step {

    public static final String STEP = "check-model";

    private final Function<StepContext, ModelRegistry> registries;
    private final ProcessRunner runner;

    public CheckModelStep() {
        this(ctx -> MlflowRestClient.from(ctx.config(), ctx.env()), new ShellProcessRunner());
    }

    CheckModelStep(Function<StepContext, ModelRegistry> registries, ProcessRunner runner) {
        this.registries = registries;
        this.runner = runner;
    }

    @Override
    public StepResult run(StepContext ctx) {
        String key = ctx.params().string("model");
        ModelConfig config = ctx.config().model(key);
        ContractConfig contract = config.contract();
        Optional<VersionSelector> candidateSelector = VersionSelector.param(ctx, "candidate");
        Optional<VersionSelector> baselineSelector = VersionSelector.param(ctx, "baseline");
        String name = RegistryStep.registeredName(key, config);
        ModelRegistry registry = registries.apply(ctx);
        RegisteredModel state = registry.model(name);
        Contenders contenders = Contenders.choose(registry, state, config.registry(), candidateSelector, baselineSelector,
                v -> CheckModelRecord.of(v).isPresent(), "check-model", ctx.spell("candidate"), "checked");
        ModelVersion candidate = contenders.candidate();
        Optional<ModelVersion> champion = contenders.champion();
        if (contenders.candidateIsChampion()) {
            return StepResult.builder(STEP, Verdict.SKIPPED, name + " v" + candidate.version()
                            + " is the champion already: check-model checks a candidate before it moves")
                    .output("candidate-version", String.valueOf(candidate.version()))
                    .output("baseline-version", String.valueOf(candidate.version())).output("passed", "false").build();
        }

        ContractReport report = new ContractReport(name, candidate, champion, contract);
        Optional<ModelSignature> signature = signature(registry, candidate);
        report.signature(signature, champion.isPresent() ? champion.flatMap(v -> signature(registry, v)) : null);
        Path work = workDir();
        try {
            Path rows = contract.featureTable() == null ? null : featureTable(ctx, contract, signature, report, work);
            ModelEnvironment environments = new ModelEnvironment(runner, TestStage.withoutSecrets(ctx, List.of()), ctx.console()::line);
            Path cache = ModelEnvironment.cacheRoot(ctx.env());
            String described = name + " v" + candidate.version();
            Path python = environments.python(contract, described, file -> registry.modelFile(candidate, file), cache, work);
            ctx.console().line("scoring " + described + " with " + python + (rows == null ? " on its input example" : " on " + report.sampledRows() + " rows"));
            Scoring scoring = Scoring.run(runner, python, uri(name, candidate), work, rows, contract.batchSize(), contract.serve(),
                    ctx.childEnv(), contract.timeout());
            report.scoring(scoring);
            if (contract.serve() && scoring.failure().isEmpty()) {
                ctx.console().line("serving " + described + " with mlflow models serve");
                ScoringServer.Outcome served = ScoringServer.check(runner, scoring.executable(), scoring.scripts(), scoring.modelDir(),
                        TestStage.withoutSecrets(ctx, List.of()), scoring.servingPayloads(), scoring.servingAnswers(), contract.requests(), contract.serveTimeout());
                ctx.console().line("stopped the scoring server on 127.0.0.1:" + served.port());
                report.served(served);
            }
            if (contract.budgets().maxP95Ratio() != null && champion.isPresent() && scoring.failure().isEmpty()) {
                ModelVersion baseline = champion.get();
                String championDescribed = name + " v" + baseline.version();
                ctx.console().line("scoring the champion " + championDescribed + " on the same rows, for max_p95_ratio");
                Path championPython = environments.python(contract, championDescribed, file -> registry.modelFile(baseline, file), cache, work);
                report.championScoring(Scoring.run(runner, championPython, uri(name, baseline), work, rows, contract.batchSize(), false,
                        ctx.childEnv(), contract.timeout()));
            }
        } finally {
            ModelEnvironment.deleteTree(work);
        }
        StepResult result = report.build();
        record(ctx, registry, name, candidate, champion, report, result);
        return result;
    }

    /** Records the verdict on the candidate (the status tag last) and in the audit trail. */
    private static void record(StepContext ctx, ModelRegistry registry, String name, ModelVersion candidate, Optional<ModelVersion> champion,
                               ContractReport report, StepResult result) {
        boolean passed = result.verdict() == Verdict.PASSED;
        CheckModelRecord record = report.record(passed ? CheckModelRecord.PASSED : CheckModelRecord.FAILED, ctx.ci().commit(),
                ctx.clock().instant().toString(), ctx.ci().runUrl());
        record.tags().forEach((tag, value) -> registry.setVersionTag(name, candidate.version(), tag, value));
        AuditSinks.forRun(ctx).append(new AuditRecord(ctx.clock().instant().toString(), "check-model", record.status(), name,
                candidate.version(), null, champion.map(ModelVersion::version).orElse(null), ctx.config().environment(), ctx.ci().actor(),
                ctx.ci().branch(), ctx.ci().commit(), ctx.ci().runUrl(), registry.location(), result.headline()));
        ctx.console().line("recorded check-model " + record.status() + " on " + name + " v" + candidate.version());
    }

    private static String uri(String name, ModelVersion version) {
        return "models:/" + name + "/" + version.version();
    }

    private static Optional<ModelSignature> signature(ModelRegistry registry, ModelVersion version) {
        Optional<String> mlmodel = registry.modelFile(version, "MLmodel");
        if (mlmodel.isEmpty()) {
            throw Fault.usage("model " + version.model() + " version " + version.version() + " has no MLmodel file at " + version.source()
                    + ": it is not an MLflow model");
        }
        try {
            return ModelSignature.fromMlmodel(mlmodel.get());
        } catch (IllegalArgumentException e) {
            throw Fault.usage("model " + version.model() + " version " + version.version() + ": " + e.getMessage());
        }
    }

    /** Checks the table's columns against the signature and writes the sampled rows; returns their file, or null when none can be fed. */
    private static Path featureTable(StepContext ctx, ContractConfig contract, Optional<ModelSignature> signature, ContractReport report, Path work) {
        String tableName = contract.featureTable();
        TableConfig config = ctx.config().table(tableName);
        DeltaTable table = DeltaTable.open(DefaultEngine.create(new Configuration()), tableName,
                DeltaTable.resolve(ctx.projectDir(), config.path()), null, null);
        List<String> columns;
        if (signature.isEmpty() || signature.get().inputs() == null) {
            report.featureTableUnchecked(table, "the model has no input signature: its columns are not checked; every column is scored");
            columns = table.schema().fieldNames().stream().filter(c -> SchemaEnforcement.ofDelta(table.schema().get(c).getDataType()).isPresent()).toList();
        } else if (signature.get().inputs().tensors() || !signature.get().inputs().named()) {
            report.featureTableUnchecked(table, "the signature's inputs are " + (signature.get().inputs().tensors() ? "tensors" : "unnamed columns")
                    + ": table columns cannot be matched to them; only the input example is scored");
            return null;
        } else {
            List<FeatureTable.ColumnCheck> checks = FeatureTable.check(table, signature.get().inputs());
            report.featureTable(table, checks);
            columns = checks.stream().filter(c -> c.tableType() != null)
                    .filter(c -> SchemaEnforcement.ofDelta(table.schema().get(c.column()).getDataType()).isPresent())
                    .map(FeatureTable.ColumnCheck::column).toList();
            if (checks.stream().anyMatch(c -> !c.ok())) return null;
        }
        if (columns.isEmpty()) return null;
        Path rows = work.resolve("rows.json");
        report.sampled(FeatureTable.sample(table, columns, contract.sampleRows(), rows));
        return report.sampledRows() == 0 ? null : rows;
    }

    private static Path workDir() {
        try {
            return Files.createTempDirectory("modelgate-check-model-");
        } catch (IOException e) {
            throw Fault.infrastructure("cannot create a temporary folder: " + e.getMessage(), e);
        }
    }
}
