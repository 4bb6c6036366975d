package io.modelgate.config;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import java.util.List;

/**
 * A route: which registry events it takes (event, model glob, alias, tag) and the one target it
 * starts. Values of a target may use the placeholders {model}, {version}, {alias}, {event},
 * {delivery_id}, {tag_key}, {tag_value} and {environment}.
 */
public record WebhookRouteConfig(
        @JsonPropertyDescription("Name of the route, shown by `webhooks list` and `webhooks runs`")
        String name,
        @JsonPropertyDescription("Events it takes; default: every event")
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
        List<String> events,
        @JsonPropertyDescription("Glob of the registered model's name, e.g. fraud-*")
        String model,
        @JsonPropertyDescription("Only events about this alias (model_version_alias.*)")
        String alias,
        @JsonPropertyDescription("Only events that set or delete this tag key (model_version_tag.*)")
        String tagKey,
        @JsonPropertyDescription("Only events that set tag_key to this value")
        String tagValue,
        @JsonPropertyDescription("Target: a repository_dispatch or workflow_dispatch on GitHub")
        GitHubDispatchConfig github,
        @JsonPropertyDescription("Target: buildWithParameters of a Jenkins job")
        JenkinsJobConfig jenkins,
        @JsonPropertyDescription("Target: ModelGate's own steps, run in order for the event's version; one run at a time per model")
        List<StepCallConfig> steps) {

    public WebhookRouteConfig {
        events = events == null ? List.of() : List.copyOf(events);
        model = model == null ? "*" : model;
        steps = steps == null ? null : List.copyOf(steps);
    }

    void validate(ConfigCheck check, String at) {
        if (name == null || name.isBlank()) throw check.fail(at, "name is required");
        WebhooksConfig.checkEvents(events, check, ConfigCheck.join(at, "events"));
        if (tagValue != null && tagKey == null) throw check.fail(ConfigCheck.join(at, "tag_value"), "tag_value needs tag_key");
        int targets = (github == null ? 0 : 1) + (jenkins == null ? 0 : 1) + (steps == null ? 0 : 1);
        if (targets != 1) throw check.fail(at, "route \"" + name + "\" needs exactly one target: github, jenkins or steps");
        if (github != null) github.validate(check, ConfigCheck.join(at, "github"));
        if (jenkins != null) jenkins.validate(check, ConfigCheck.join(at, "jenkins"));
        if (steps != null) {
            if (steps.isEmpty()) throw check.fail(ConfigCheck.join(at, "steps"), "expected at least one step");
            for (int i = 0; i < steps.size(); i++) {
                if (steps.get(i) == null || steps.get(i).step() == null) {
                    throw check.fail(ConfigCheck.join(at, "steps") + "[" + i + "]", "step is required: a catalogue step, e.g. validate-model");
                }
            }
        }
    }
}
