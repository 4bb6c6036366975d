package io.modelgate.step;


import io.modelgate.step.Param.Type;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one catalogue of steps, metadata only. The command line's subcommands, the actions' inputs,
 * the Jenkins steps' arguments and the step reference in docs follow from these definitions; the
 * implementations are wired to these names above the capabilities ({@code invocation.Steps}), so
 * the step model depends on no capability.
 */
public final class StepCatalogue {

    /** Where the user docs (the docs/ folder) are published; help texts and generated files end with it. */
    public static final String DOCS = "https://modelgate.io/docs/";

    private static final String MLFLOW_SECRETS_TOKEN = "mlflow.token_env";
    private static final String MLFLOW_SECRETS_USER = "mlflow.username_env";
    private static final String MLFLOW_SECRETS_PASSWORD = "mlflow.password_env";
    private static final List<String> MLFLOW_SECRETS = List.of(MLFLOW_SECRETS_TOKEN, MLFLOW_SECRETS_USER, MLFLOW_SECRETS_PASSWORD);

    private static final List<Param> TEST_PARAMS = List.of(
            Param.optional("shard", Type.STRING, null, "Run only shard K of N of the test files, written K/N"),
            Param.number("retries", Type.INTEGER, "0", "0", "10", "Re-run failing tests up to N times (pytest: only the failed ones); tests that pass on a re-run are reported as flaky"),
            Param.flag("fail-on-empty", "Fail when no test report is found, instead of passing"),
            Param.number("timeout", Type.DURATION, null, "1s", "7d", "Time limit of each command, overriding the configuration"));

    private static final List<Param> INTEGRATION_PARAMS = java.util.stream.Stream.concat(TEST_PARAMS.stream(), java.util.stream.Stream.of(
            Param.number("lock-timeout", Type.DURATION, "30m", "0s", "1d", "How long to wait for another run on the same environment to finish"))).toList();

    /** Jenkins: the library passes the submitter of the pipeline's input step (submitterParameter); GitHub reads its reviews itself. */
    private static final Param APPROVED_BY = Param.optional("approved-by", Type.STRING, null,
            "Jenkins: who approved the move, the submitter of the input step before it (for require_approval)");

    private static final Param LOCK_TIMEOUT = Param.number("lock-timeout", Type.DURATION, "60s", "0s", "1h",
            "How long to wait while another promotion of the same model holds its lock");

    /** The JVM options of a step that computes for seconds or minutes (a table scan, bootstrap resamples): none, so C2 compiles its hot loops. */
    private static final List<String> COMPUTE = List.of();

    private static final Map<String, String> TEST_OUTPUTS = outputs(
            "total", "Number of test cases",
            "failed", "Number of failed test cases",
            "skipped", "Number of skipped test cases",
            "flaky", "Number of test cases that passed only on a re-run");

    private static final List<StepDefinition> STEPS = List.of(
            new StepDefinition("unit-tests",
                    "Run the project's unit test command(s) without service credentials and collect their JUnit XML",
                    TEST_PARAMS, TEST_OUTPUTS, List.of()),
            new StepDefinition("integration-tests",
                    "Launch the pipeline jobs on small data, then run the integration test command(s); one run at a time per environment",
                    INTEGRATION_PARAMS, TEST_OUTPUTS, MLFLOW_SECRETS),
            new StepDefinition("spark-submit",
                    "Launch a configured Spark job (spark-submit or Databricks), follow it to the end, enforce its timeout, cancel it on abort",
                    List.of(
                            Param.required("job", Type.STRING, "Name of the job under jobs: in modelgate.yaml"),
                            Param.number("timeout", Type.DURATION, null, "1s", "7d", "Time limit, overriding the job's")),
                    outputs("app-id", "Spark application id, or Databricks run id",
                            "state", "Final state of the job",
                            "duration", "Wall time of the job, e.g. 1m12s",
                            "run-url", "URL of the Spark UI or the Databricks run page"),
                    java.util.stream.Stream.concat(MLFLOW_SECRETS.stream(), java.util.stream.Stream.of("jobs.*.databricks.token_env", "jobs.*.databricks.host_env")).toList()),
            new StepDefinition("validate-model",
                    "Compare a candidate model version with the champion under the declared thresholds",
                    List.of(
                            Param.required("model", Type.STRING, "Name of the model under models: in modelgate.yaml"),
                            Param.optional("candidate", Type.STRING, null, "Candidate version: a number, latest, run:<id>, alias:<name> or stage:<name>; default the newest version without a validation record"),
                            Param.optional("baseline", Type.STRING, null, "Baseline version selector; default the champion alias or Production stage"),
                            Param.optional("metrics-run", Type.STRING, null, "Run id of a separate evaluation run to read the candidate's metrics from"),
                            Param.optional("promote-on-pass", Type.STRING, null, "Stage or alias to promote the candidate to when it passes")),
                    outputs("candidate-version", "The version judged",
                            "baseline-version", "The champion it was compared with, empty for a first model",
                            "passed", "true when the candidate passed",
                            "promoted", "The stage or alias the candidate was promoted to (promote-on-pass), empty otherwise",
                            "report-artifacts", "With validation.log_report: the artifact URI the report was logged to, empty when not logged"),
                    MLFLOW_SECRETS),
            new StepDefinition("check-model",
                    "Check a candidate version's contract before it moves: signature against the champion, the feature table, "
                            + "loading and scoring it in its own Python environment, serving, budgets",
                    List.of(
                            Param.required("model", Type.STRING, "Name of the model under models: in modelgate.yaml"),
                            Param.optional("candidate", Type.STRING, null, "Candidate version: a number, latest, run:<id>, alias:<name> or stage:<name>; default the newest version without a check-model record"),
                            Param.optional("baseline", Type.STRING, null, "Baseline version selector; default the champion alias or Production stage")),
                    outputs("candidate-version", "The version checked",
                            "baseline-version", "The champion it was compared with, empty for a first model",
                            "passed", "true when the candidate passed",
                            "signature", "compatible, breaking, breaking-allowed, no-baseline or none",
                            "p95-ms", "p95 latency of a batch, in milliseconds",
                            "online-p95-ms", "p95 latency of a one-row request (served with contract.serve), in milliseconds",
                            "size-mb", "Total size of the model's artifacts, in MiB"),
                    MLFLOW_SECRETS),
            new StepDefinition("evaluate-model",
                    "Score the candidate and the champion with one job on the model's frozen evaluation set; metrics, paired bootstrap "
                            + "confidence intervals, slices and fairness, recorded as an MLflow evaluation run",
                    List.of(
                            Param.required("model", Type.STRING, "Name of the model under models: in modelgate.yaml (it declares evaluation:)"),
                            Param.optional("candidate", Type.STRING, null, "Candidate version: a number, latest, run:<id>, alias:<name> or stage:<name>; default the newest version without a validation record"),
                            Param.optional("baseline", Type.STRING, null, "Baseline version selector; default the champion alias or Production stage")),
                    outputs("candidate-version", "The version evaluated",
                            "baseline-version", "The champion it was compared with, empty for a first model",
                            "rows", "Rows of the evaluation set",
                            "passed", "true when the slice and fairness rules passed",
                            "run-id", "The MLflow evaluation run"),
                    java.util.stream.Stream.concat(MLFLOW_SECRETS.stream(), java.util.stream.Stream.of("jobs.*.databricks.token_env", "jobs.*.databricks.host_env")).toList(),
                    COMPUTE),
            new StepDefinition("promote-model",
                    "Move a model version to a stage or alias under the environment's policy, with audit",
                    List.of(
                            Param.required("model", Type.STRING, "Name of the model under models: in modelgate.yaml"),
                            Param.required("version", Type.STRING, "Version: a number, latest, run:<id>, alias:<name> or stage:<name>"),
                            Param.required("to", Type.STRING, "Target stage (Staging, Production, Archived) or alias (e.g. champion)"),
                            Param.flag("dry-run", "Print what would change and change nothing"),
                            APPROVED_BY,
                            LOCK_TIMEOUT),
                    outputs("version", "The version promoted",
                            "previous-version", "The version that held the target before, empty if none",
                            "target", "The stage or alias",
                            "rest-calls", "Number of REST calls made to MLflow"),
                    MLFLOW_SECRETS),
            new StepDefinition("rollback-model",
                    "Restore the previous champion or Production version",
                    List.of(
                            Param.required("model", Type.STRING, "Name of the model under models: in modelgate.yaml"),
                            Param.optional("to", Type.STRING, null, "Version to restore (a number, alias:<name>, ...); default the previous champion"),
                            Param.flag("dry-run", "Print what would change and change nothing"),
                            APPROVED_BY,
                            LOCK_TIMEOUT),
                    outputs("version", "The version restored",
                            "previous-version", "The version that was replaced",
                            "target", "The champion alias or the Production stage",
                            "rest-calls", "Number of REST calls made to MLflow"),
                    MLFLOW_SECRETS),
            new StepDefinition("verify-registry",
                    "Check that each governed model's aliases or stages hold the version last moved by ModelGate (the audit table) with the evidence its rule requires; --restore moves a violated target back",
                    List.of(
                            Param.optional("model", Type.STRING, null, "Only this model (a name under models:, or its registered name); default every model with a rule for the environment"),
                            Param.flag("restore", "Move each target moved outside ModelGate back to its last audited holder, through promote-model's path (policy, lock, audit)"),
                            APPROVED_BY,
                            LOCK_TIMEOUT),
                    outputs("violations", "Number of violations found",
                            "restored", "Number of targets moved back by --restore",
                            "rest-calls", "Number of REST calls made to MLflow"),
                    MLFLOW_SECRETS),
            new StepDefinition("check-data",
                    "Run the schema, quality and drift checks declared for a Delta table",
                    List.of(
                            Param.required("table", Type.STRING, "Name of the table under tables: in modelgate.yaml"),
                            Param.number("version", Type.INTEGER, null, "0", String.valueOf(Integer.MAX_VALUE), "Table version to read (time travel); default the latest"),
                            Param.optional("timestamp", Type.STRING, null, "Read the table as of this ISO-8601 timestamp")),
                    outputs("table-version", "The table version that was read",
                            "failed", "Number of failed checks"),
                    List.of(), COMPUTE));

    private StepCatalogue() {
    }

    /** Outputs in the order written, so that generated files and docs list them the same way every time. */
    private static Map<String, String> outputs(String... namesAndDocs) {
        Map<String, String> outputs = new java.util.LinkedHashMap<>();
        for (int i = 0; i < namesAndDocs.length; i += 2) {
            outputs.put(namesAndDocs[i], namesAndDocs[i + 1]);
        }
        return outputs;
    }

    public static List<StepDefinition> steps() {
        return STEPS;
    }

    public static Optional<StepDefinition> find(String name) {
        return STEPS.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
