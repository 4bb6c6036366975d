package io.modelgate.mlflow;

import java.util.Map;

/**
 * The MLflow tracking calls that record an evaluation as a run: an experiment found or created by
 * name, a run created, its metrics, parameters and tags logged in batches, the evaluation set logged
 * as the run's dataset input, and the run ended. Failures are {@link io.modelgate.fault.Fault}s as
 * for {@link ModelRegistry}.
 */
public interface TrackingRuns {

    /** The id of the experiment of that name, created when it does not exist yet. */
    String experimentId(String name);

    /** Creates a running run and returns its id. */
    String createRun(String experimentId, String runName, long startMillis, Map<String, String> tags);

    /** Logs metrics, parameters and tags, in as many batches as MLflow's limits take. */
    void log(String runId, Map<String, Double> metrics, Map<String, String> params, Map<String, String> tags, long timeMillis);

    /** Logs a dataset as an input of the run, with its context (e.g. evaluation). */
    void logInput(String runId, DatasetInput dataset);

    /** Ends the run: FINISHED or FAILED. */
    void endRun(String runId, boolean finished, long endMillis);

    /**
     * A dataset as MLflow's log-inputs records it.
     *
     * @param source     the source's JSON, e.g. {"path": ..., "delta_table_version": 3} for a Delta table
     * @param sourceType e.g. delta
     * @param profile    JSON, e.g. {"num_rows": 6000}
     * @param context    the mlflow.data.context tag, e.g. evaluation
     */
    record DatasetInput(String name, String digest, String sourceType, String source, String schema, String profile, String context) {
    }
}
