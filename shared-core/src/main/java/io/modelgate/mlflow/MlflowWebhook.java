package io.modelgate.mlflow;

import java.util.List;

/**
 * A webhook of MLflow's registry as its REST API reports it (the secret is never returned).
 *
 * @param events as {@code entity.action}, e.g. {@code model_version.created}
 * @param status ACTIVE or DISABLED
 */
public record MlflowWebhook(String id, String name, String url, List<String> events, String description, String status) {

    public MlflowWebhook {
        events = List.copyOf(events);
        description = description == null ? "" : description;
    }

    /** What MLflow's test delivery got from the receiver (POST webhooks/{id}/test). */
    public record TestResult(boolean success, int responseStatus, String responseBody, String errorMessage) {
    }
}
