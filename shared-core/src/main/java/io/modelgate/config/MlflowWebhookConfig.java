package io.modelgate.config;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import java.util.List;

/** One webhook in MLflow's registry, as {@code webhooks sync} creates or updates it (matched by name). */
public record MlflowWebhookConfig(
        @JsonPropertyDescription("Name of the webhook in MLflow; sync finds it by this name")
        String name,
        @JsonPropertyDescription("Events it sends, e.g. model_version.created, model_version_alias.created, model_version_tag.set")
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
        List<String> events,
        @JsonPropertyDescription("URL of the receiver, e.g. https://cd.example/webhooks/mlflow")
        String url,
        @JsonPropertyDescription("Name of the environment variable that holds the signing secret")
        String secretEnv,
        @JsonPropertyDescription("Description shown in MLflow")
        String description) {

    public MlflowWebhookConfig {
        events = events == null ? List.of() : List.copyOf(events);
    }

    void validate(ConfigCheck check, String path) {
        if (name == null || name.isBlank()) throw check.fail(path, "name is required: the webhook's name in MLflow");
        if (url == null || !(url.startsWith("https://") || url.startsWith("http://"))) {
            throw check.fail(ConfigCheck.join(path, "url"), "url is required: the receiver's http(s) URL");
        }
        if (events.isEmpty()) throw check.fail(path, "events is required: e.g. [model_version.created]");
        WebhooksConfig.checkEvents(events, check, ConfigCheck.join(path, "events"));
        if (secretEnv == null) {
            throw check.fail(path, "secret_env is required: MLflow signs every delivery with it, and the receiver refuses unsigned ones");
        }
    }
}
