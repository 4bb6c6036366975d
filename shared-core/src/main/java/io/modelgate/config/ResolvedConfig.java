package io.modelgate.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelgate.secret.SecretMasker;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The configuration in force for one run: the general section with the chosen environment's
 * section merged over it. {@code environment} is null when the file declares no environments.
 */
public record ResolvedConfig(String environment, ProjectConfig config, ConfigFile file) {

    /**
     * The value of the secret variable named at {@code keyPath} (e.g. {@code mlflow.token_env}),
     * or a usage error naming file, line, key and variable when it is unset or too short to mask.
     */
    public String secret(String keyPath, String variable, Map<String, String> env) {
        String value = env.get(variable);
        if (value == null || value.isEmpty()) {
            throw errorAt(keyPath, "environment variable " + variable + " is not set");
        }
        requireMaskable(keyPath, variable, value);
        return value;
    }

    /**
     * Refuses a secret shorter than {@link SecretMasker#MIN_LENGTH}: it could not be masked
     * without mangling the log. A basic-auth user name is exempt (it is masked when long enough).
     */
    public void requireMaskable(String keyPath, String variable, String value) {
        if (value.length() < SecretMasker.MIN_LENGTH && !keyPath.endsWith("username_env")) {
            throw errorAt(keyPath, "environment variable " + variable + " holds " + value.length() + " character"
                    + (value.length() == 1 ? "" : "s") + ": too short to mask safely (a secret needs at least " + SecretMasker.MIN_LENGTH + ")");
        }
    }

    /**
     * A usage error placed at {@code keyPath} (e.g. {@code jobs.train.app}), as {@link #place} says.
     * Every configuration fault found after loading goes through here.
     */
    public ConfigError errorAt(String keyPath, String message) {
        return new ConfigError(place(keyPath) + ": " + message);
    }

    /**
     * Where {@code keyPath} is written, as {@code file:line: key}: in the chosen environment's
     * section if the key is written there, else in the general section.
     */
    public String place(String keyPath) {
        String overridden = environment == null ? null : "environments." + environment + "." + keyPath;
        boolean inEnvironment = overridden != null && file.lineOf(overridden) != null;
        String where = inEnvironment ? overridden : keyPath;
        return ConfigError.place(file.displayName(), file.lineOf(where), where);
    }

    /** The model's settings (empty when declared without any), or a usage error naming the models the file declares. */
    public ModelConfig model(String name) {
        ModelConfig model = declared("models", "model", name, config.models());
        return model == null ? new ModelConfig(null, null, null, null, null, null) : model;
    }

    /** The job's settings, or a usage error naming the jobs the file declares. */
    public JobConfig job(String name) {
        return declared("jobs", "job", name, config.jobs());
    }

    /** The table's settings, or a usage error naming the tables the file declares. */
    public TableConfig table(String name) {
        return declared("tables", "table", name, config.tables());
    }

    private <T> T declared(String section, String noun, String name, Map<String, T> entries) {
        if (!entries.containsKey(name)) {
            throw new ConfigError(noun + " \"" + name + "\" is not declared under " + section + ": in " + file.displayName()
                    + (entries.isEmpty() ? "" : " (declared: " + String.join(", ", entries.keySet()) + ")"));
        }
        return entries.get(name);
    }

    /** Secret variables in force for this environment, by the key path that names them. */
    public Map<String, String> secretVariables() {
        JsonNode tree = ConfigMapper.get().valueToTree(config);
        ((com.fasterxml.jackson.databind.node.ObjectNode) tree).remove("environments");
        Map<String, String> byVariable = new LinkedHashMap<>();
        ConfigFile.collectSecretVariables(tree, "", byVariable);
        return byVariable;
    }

    /** Fails on the first secret variable of this environment that is not set. */
    public void requireSecretsSet(Map<String, String> env) {
        secretVariables().forEach((variable, keyPath) -> secret(keyPath, variable, env));
    }
}
