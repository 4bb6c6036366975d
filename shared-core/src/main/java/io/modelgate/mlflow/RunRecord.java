package io.modelgate.mlflow;

import java.util.Map;

/**
 * A tracking run as {@code runs/get} reports it: the latest value of each metric, its tags,
 * whether it was deleted, and where its artifacts are (artifact_uri, e.g. mlflow-artifacts:/1/RUN/artifacts).
 */
public record RunRecord(String runId, String lifecycleStage, Map<String, Double> metrics, Map<String, String> tags, String artifactUri) {

    public RunRecord {
        metrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
        tags = Map.copyOf(tags);
    }

    public boolean deleted() {
        return "deleted".equals(lifecycleStage);
    }
}
