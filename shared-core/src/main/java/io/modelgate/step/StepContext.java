package io.modelgate.step;

import io.modelgate.ci.CiContext;
import io.modelgate.config.MlflowConfig;
import io.modelgate.config.ResolvedConfig;

import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * What a step runs with: its checked parameters, the configuration resolved for the
 * environment, the process environment (where secrets come from), the output directory,
 * the CI facts (branch, commit, actor, run URL), a console that masks secrets, a clock, and the
 * front end that ran it (so that a message names a parameter as the user wrote it: {@link #spell}).
 */
public record StepContext(
        StepParams params,
        ResolvedConfig config,
        Map<String, String> env,
        Path projectDir,
        Path outputDir,
        CiContext ci,
        Console console,
        Clock clock,
        FrontEnd frontEnd) {

    public String stepName() {
        return params.definition().name();
    }

    /** A parameter's name as the user's front end writes it: {@code --lock-timeout}, {@code lock-timeout} or {@code lockTimeout}. */
    public String spell(String param) {
        return frontEnd.spell(param);
    }

    /**
     * What the project's own processes (integration tests, Spark jobs) run with: the process
     * environment plus the chosen environment's name and MLflow settings, as MLflow's clients read
     * them, so that a job run for staging logs to staging's tracking server.
     */
    public Map<String, String> childEnv() {
        Map<String, String> childEnv = new HashMap<>(env);
        if (config.environment() != null) childEnv.put("MODELGATE_ENVIRONMENT", config.environment());
        MlflowConfig mlflow = config.config().mlflow();
        if (mlflow != null) {
            if (mlflow.trackingUri() != null) childEnv.put("MLFLOW_TRACKING_URI", mlflow.trackingUri());
            export(childEnv, "mlflow.token_env", mlflow.tokenEnv(), "MLFLOW_TRACKING_TOKEN");
            export(childEnv, "mlflow.username_env", mlflow.usernameEnv(), "MLFLOW_TRACKING_USERNAME");
            export(childEnv, "mlflow.password_env", mlflow.passwordEnv(), "MLFLOW_TRACKING_PASSWORD");
        }
        return childEnv;
    }

    private void export(Map<String, String> childEnv, String keyPath, String variable, String as) {
        if (variable == null) return;
        String value = env.get(variable);
        if (value == null || value.isEmpty()) {
            console.line("warning: " + variable + " is not set; " + stepName() + " runs its commands without " + as);
        } else {
            config.requireMaskable(keyPath, variable, value);
            childEnv.put(as, value);
        }
    }
}
