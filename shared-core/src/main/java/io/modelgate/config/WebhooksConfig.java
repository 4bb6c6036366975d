package io.modelgate.config;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Continuous deployment from MLflow Model Registry webhooks: the webhooks {@code webhooks sync}
 * declares in MLflow, the receiver {@code webhooks serve} runs, and the routes that turn a
 * registry event into a GitHub dispatch, a Jenkins build or a run of ModelGate's own steps.
 */
public record WebhooksConfig(
        @JsonPropertyDescription("Webhooks to create or update in MLflow's registry with `modelgate webhooks sync`")
        List<MlflowWebhookConfig> mlflow,
        @JsonPropertyDescription("The receiver `modelgate webhooks serve` runs")
        WebhookReceiverConfig receiver,
        @JsonPropertyDescription("What each registry event starts; every matching route gets the event")
        List<WebhookRouteConfig> routes) {

    public WebhooksConfig {
        mlflow = mlflow == null ? List.of() : List.copyOf(mlflow);
        receiver = receiver == null ? new WebhookReceiverConfig(null, null, null, null, null, null, null, null, null, null, null) : receiver;
        routes = routes == null ? List.of() : List.copyOf(routes);
    }

    void validate(ConfigCheck check, String path) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < mlflow.size(); i++) {
            String at = path + ".mlflow[" + i + "]";
            if (mlflow.get(i) == null) throw check.fail(at, "an empty webhook: it needs name, url, events and secret_env");
            mlflow.get(i).validate(check, at);
            if (!names.add(mlflow.get(i).name())) throw check.fail(at + ".name", "webhook \"" + mlflow.get(i).name() + "\" is declared twice");
        }
        receiver.validate(check, path + ".receiver");
        Set<String> routeNames = new HashSet<>();
        for (int i = 0; i < routes.size(); i++) {
            String at = path + ".routes[" + i + "]";
            if (routes.get(i) == null) throw check.fail(at, "an empty route: it needs a name and one target (github, jenkins or steps)");
            routes.get(i).validate(check, at);
            if (!routeNames.add(routes.get(i).name())) throw check.fail(at + ".name", "route \"" + routes.get(i).name() + "\" is declared twice");
        }
    }

    /** The registry events MLflow 3.17 sends (mlflow/entities/webhook.py, WebhookEventStr). */
    static final List<String> EVENTS = List.of(
            "registered_model.created", "model_version.created", "model_version_tag.set", "model_version_tag.deleted",
            "model_version_alias.created", "model_version_alias.deleted", "prompt.created", "prompt_version.created",
            "prompt_tag.set", "prompt_tag.deleted", "prompt_version_tag.set", "prompt_version_tag.deleted",
            "prompt_alias.created", "prompt_alias.deleted", "budget_policy.exceeded");

    static void checkEvents(List<String> events, ConfigCheck check, String path) {
        for (int i = 0; i < events.size(); i++) {
            if (!EVENTS.contains(events.get(i))) {
                throw check.fail(path + "[" + i + "]", "unknown MLflow event \"" + events.get(i) + "\" (expected one of: " + String.join(", ", EVENTS) + ")");
            }
        }
    }
}
