package io.modelgate.validation;

import java.util.Map;

/**
 * A model version in a comparison — the candidate or the champion — with the metrics of the
 * run they were read from.
 *
 * @param version the registry version
 * @param runId   the run whose metrics were read
 * @param link    a link to the version in the MLflow UI, null when unknown
 * @param metrics the run's logged metrics
 */
public record Contender(String version, String runId, String link, Map<String, Double> metrics) {

    public Contender {
        metrics = Map.copyOf(metrics);
    }
}
