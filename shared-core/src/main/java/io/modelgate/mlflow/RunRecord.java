package io.modelgate.mlflow;

import java.util.Map;

/**
 * A tracking run as {@code runs/get} reports it: the latest value of each metric, its tags,
 * whether it was deleted, where its artifacts are (artifact_uri, e.g. mlflow-artifacts:/1/RUN/artifacts),
 * and the datasets it logged as inputs.
 */
public record RunRecord(String runId, String lifecycleStage, Map<String, Double> metrics, Map<String, String> tags, String artifactUri,
                        java.util.List<Dataset> datasets) {

    public RunRecord {
        metrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
        tags = Map.copyOf(tags);
        datasets = java.util.List.copyOf(datasets);
    }

    /** A dataset the run logged as an input (log-inputs): its name, digest and context tag (mlflow.data.context, e.g. training). */
    public record Dataset(String name, String digest, String context) {
    }

    public boolean deleted() {
        return "deleted".equals(lifecycleStage);
    }
}
