package io.modelgate.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import java.time.Duration;

/** What check-model holds a candidate version to before it may move: its contract with clients, data and budgets. */
public record ContractConfig(
        @JsonPropertyDescription("A version without a signature fails; without this, the report says so and skips the signature checks")
        Boolean requireSignature,
        @JsonPropertyDescription("Let a signature change that breaks the champion's clients pass, with a warning and the evidence tag "
                + "modelgate.check_model.signature=breaking-allowed")
        Boolean allowBreaking,
        @JsonPropertyDescription("Name of the Delta table under tables: the model is fed from: its required input columns must exist with a "
                + "type the signature accepts, and rows sampled from it are scored")
        String featureTable,
        @JsonPropertyDescription("Rows sampled from the feature table and scored")
        Integer sampleRows,
        @JsonPropertyDescription("Rows per batch in the batch latency measure")
        Integer batchSize,
        @JsonPropertyDescription("model: a virtualenv built from the version's logged python_env.yaml and requirements.txt, cached "
                + "under $MODELGATE_CACHE (default ~/.cache/modelgate)/model-envs by their hash; local: the interpreter named by python, "
                + "which must have MLflow and the model's libraries")
        Env env,
        @JsonPropertyDescription("The Python interpreter: with env: local the one that scores (default python3); with env: model the one "
                + "the virtualenv is created from (default python<major.minor> of python_env.yaml, else python3)")
        String python,
        @JsonPropertyDescription("Time limit of building the model's environment")
        Duration envTimeout,
        @JsonPropertyDescription("Time limit of loading and scoring the model")
        Duration timeout,
        @JsonPropertyDescription("Also start the MLflow scoring server (mlflow models serve) on loopback and post the rows to /invocations "
                + "as a serving client would")
        Boolean serve,
        @JsonPropertyDescription("Single-row requests posted to the scoring server")
        Integer requests,
        @JsonPropertyDescription("How long the scoring server may take to answer /ping")
        Duration serveTimeout,
        @JsonPropertyDescription("Limits the candidate must stay within")
        Budgets budgets) {

    public static final int DEFAULT_SAMPLE_ROWS = 100;
    public static final int DEFAULT_BATCH_SIZE = 32;
    public static final int DEFAULT_REQUESTS = 100;

    public enum Env {
        @JsonProperty("model") MODEL,
        @JsonProperty("local") LOCAL
    }

    /** Each budget is optional; a ratio compares with the champion measured in the same run. */
    public record Budgets(
            @JsonPropertyDescription("Longest mlflow.pyfunc.load_model time, in seconds (imports included)")
            Double maxLoadSeconds,
            @JsonPropertyDescription("Highest p95 latency in milliseconds")
            LatencyBudget maxP95Ms,
            @JsonPropertyDescription("Largest total size of the model's artifacts, in MiB, from MLflow's artifact listing")
            Double maxModelMb,
            @JsonPropertyDescription("Highest peak resident memory of the scoring process, in MiB")
            Double maxMemoryMb,
            @JsonPropertyDescription("Highest ratio of the candidate's p95 latency (batch and single-row, in process) to the champion's, "
                    + "both measured in this run on the same rows, e.g. 1.2")
            Double maxP95Ratio) {
    }

    public record LatencyBudget(
            @JsonPropertyDescription("p95 of predict on a batch of batch_size rows, in process")
            Double batch,
            @JsonPropertyDescription("p95 of a one-row request: posted to the scoring server with serve: true, else predict on one row in process")
            Double online) {
    }

    public ContractConfig {
        requireSignature = requireSignature != null && requireSignature;
        allowBreaking = allowBreaking != null && allowBreaking;
        sampleRows = sampleRows == null ? DEFAULT_SAMPLE_ROWS : sampleRows;
        batchSize = batchSize == null ? DEFAULT_BATCH_SIZE : batchSize;
        env = env == null ? Env.MODEL : env;
        envTimeout = envTimeout == null ? Duration.ofMinutes(20) : envTimeout;
        timeout = timeout == null ? Duration.ofMinutes(10) : timeout;
        serve = serve != null && serve;
        requests = requests == null ? DEFAULT_REQUESTS : requests;
        serveTimeout = serveTimeout == null ? Duration.ofMinutes(2) : serveTimeout;
        budgets = budgets == null ? new Budgets(null, null, null, null, null) : budgets;
    }

    /** The contract of a model whose configuration has no contract section: every check, no budget. */
    public static ContractConfig defaults() {
        return new ContractConfig(null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    void validate(ConfigCheck check, String path) {
        range(check, path + ".sample_rows", sampleRows, 1, 100_000);
        range(check, path + ".batch_size", batchSize, 1, 100_000);
        range(check, path + ".requests", requests, 1, 100_000);
        positive(check, path + ".budgets.max_load_seconds", budgets.maxLoadSeconds());
        positive(check, path + ".budgets.max_model_mb", budgets.maxModelMb());
        positive(check, path + ".budgets.max_memory_mb", budgets.maxMemoryMb());
        positive(check, path + ".budgets.max_p95_ratio", budgets.maxP95Ratio());
        if (budgets.maxP95Ms() != null) {
            if (budgets.maxP95Ms().batch() == null && budgets.maxP95Ms().online() == null) {
                throw check.fail(path + ".budgets.max_p95_ms", "no budget: set batch, online or both");
            }
            positive(check, path + ".budgets.max_p95_ms.batch", budgets.maxP95Ms().batch());
            positive(check, path + ".budgets.max_p95_ms.online", budgets.maxP95Ms().online());
        }
        if (python != null && python.isBlank()) {
            throw check.fail(path + ".python", "an empty interpreter: name a python executable or leave the key out");
        }
    }

    private static void range(ConfigCheck check, String path, int value, int min, int max) {
        if (value < min || value > max) throw check.fail(path, "must be between " + min + " and " + max + ", got " + value);
    }

    private static void positive(ConfigCheck check, String path, Double value) {
        if (value != null && !(value > 0)) throw check.fail(path, "must be above 0, got " + value);
    }
}
