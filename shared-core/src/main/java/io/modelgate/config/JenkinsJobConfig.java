package io.modelgate.config;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import java.time.Duration;
import java.util.Map;

/** A Jenkins target: buildWithParameters on a job, with a user's API token. */
public record JenkinsJobConfig(
        @JsonPropertyDescription("URL of the job, e.g. https://jenkins.example/job/fraud-detection/job/deploy/")
        String jobUrl,
        @JsonPropertyDescription("Name of the environment variable that holds the Jenkins user")
        String userEnv,
        @JsonPropertyDescription("Name of the environment variable that holds the user's API token")
        String tokenEnv,
        @JsonPropertyDescription("Build parameters (placeholders allowed); default: MODEL_NAME, MODEL_VERSION, MODEL_ALIAS, MLFLOW_EVENT, MLFLOW_DELIVERY_ID")
        Map<String, String> parameters,
        @JsonPropertyDescription("How long the queued build is followed until it starts, for its URL in the log")
        Duration queueTimeout) {

    public JenkinsJobConfig {
        parameters = parameters == null ? null : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameters));
        queueTimeout = queueTimeout == null ? Duration.ofMinutes(2) : queueTimeout;
    }

    void validate(ConfigCheck check, String at) {
        if (jobUrl == null || !(jobUrl.startsWith("https://") || jobUrl.startsWith("http://"))) {
            throw check.fail(ConfigCheck.join(at, "job_url"), "job_url is required: the job's http(s) URL");
        }
        if (userEnv == null || tokenEnv == null) {
            throw check.fail(at, "user_env and token_env are required: the variables that hold the Jenkins user and API token");
        }
    }
}
