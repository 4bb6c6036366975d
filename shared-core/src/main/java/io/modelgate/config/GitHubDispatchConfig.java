package io.modelgate.config;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import java.util.Map;

/** A GitHub target: repository_dispatch (event_type) or workflow_dispatch (workflow, ref, inputs). */
public record GitHubDispatchConfig(
        @JsonPropertyDescription("Repository, owner/name")
        String repository,
        @JsonPropertyDescription("repository_dispatch: the event type the workflow listens for; client_payload carries model, version, alias, event, delivery_id")
        String eventType,
        @JsonPropertyDescription("workflow_dispatch: the workflow's file name or id")
        String workflow,
        @JsonPropertyDescription("workflow_dispatch: the branch or tag to run the workflow on")
        String ref,
        @JsonPropertyDescription("workflow_dispatch inputs (placeholders allowed); default: model, version, delivery_id")
        Map<String, String> inputs,
        @JsonPropertyDescription("Name of the environment variable that holds the token (contents: write for repository_dispatch, actions: write for workflow_dispatch)")
        String tokenEnv,
        @JsonPropertyDescription("REST API base, for GitHub Enterprise Server")
        String apiUrl) {

    public GitHubDispatchConfig {
        ref = ref == null ? "main" : ref;
        apiUrl = apiUrl == null ? "https://api.github.com" : apiUrl;
        inputs = inputs == null ? null : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(inputs));
    }

    void validate(ConfigCheck check, String at) {
        if (repository == null || !repository.matches("[^/\\s]+/[^/\\s]+")) {
            throw check.fail(ConfigCheck.join(at, "repository"), "repository is required: owner/name");
        }
        if ((eventType == null) == (workflow == null)) {
            throw check.fail(at, "choose one of event_type (repository_dispatch) or workflow (workflow_dispatch)");
        }
        if (tokenEnv == null) throw check.fail(at, "token_env is required: the variable that holds the GitHub token");
    }
}
