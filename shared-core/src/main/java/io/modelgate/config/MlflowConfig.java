package io.modelgate.config;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import java.time.Duration;

/** Where the MLflow tracking server and Model Registry are, and how to authenticate. */
public record MlflowConfig(
        @JsonPropertyDescription("URI of the MLflow tracking server, e.g. https://mlflow.example; default: the MLFLOW_TRACKING_URI environment variable")
        String trackingUri,
        @JsonPropertyDescription("Name of the environment variable that holds a bearer token")
        String tokenEnv,
        @JsonPropertyDescription("Name of the environment variable that holds the basic-auth user name")
        String usernameEnv,
        @JsonPropertyDescription("Name of the environment variable that holds the basic-auth password")
        String passwordEnv,
        @JsonPropertyDescription("Timeout of one request to MLflow, e.g. 30s")
        @DurationRange(min = "1s", max = "1h")
        Duration timeout) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    public MlflowConfig {
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    }

    void validate(ConfigCheck check, String path) {
        if ((usernameEnv == null) != (passwordEnv == null)) {
            throw check.fail(path, "username_env and password_env go together: set both or neither");
        }
        if (tokenEnv != null && usernameEnv != null) {
            throw check.fail(ConfigCheck.join(path, "token_env"), "choose one of token_env or username_env/password_env");
        }
    }
}
