package io.modelgate.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A Spark job of the ML pipeline (featurization, training, inference, monitoring). */
public record JobConfig(
        @JsonPropertyDescription("The application: a Python file, or a jar (with main_class)")
        String app,
        @JsonPropertyDescription("Main class of a jar application")
        String mainClass,
        @JsonPropertyDescription("Spark master, e.g. local[2], spark://host:7077, yarn, k8s://..., or a Spark Connect server sc://host:15002 (a PySpark job then runs as a client, with no JVM of its own)")
        String master,
        @JsonPropertyDescription("client (default) or cluster")
        DeployMode deployMode,
        @JsonPropertyDescription("Application arguments; ${env}, ${commit} and ${run_date} are substituted")
        List<String> args,
        @JsonPropertyDescription("Spark configuration properties")
        Map<String, String> conf,
        @JsonPropertyDescription("Maven coordinates of packages for --packages")
        List<String> packages,
        @JsonPropertyDescription("Extra jars for --jars")
        List<String> jars,
        @JsonPropertyDescription("Extra environment variables of the job")
        Map<String, String> env,
        @JsonPropertyDescription("Time limit of the job, e.g. 30m")
        @DurationRange(min = "1s", max = "7d")
        Duration timeout,
        @JsonPropertyDescription("spark-submit (default) or databricks")
        Backend backend,
        @JsonPropertyDescription("SPARK_HOME to use instead of the environment's (relative to the project)")
        String sparkHome,
        @JsonPropertyDescription("Python interpreter of a PySpark application (PYSPARK_PYTHON); default the python next to a pip-installed pyspark")
        String python,
        @JsonPropertyDescription("Databricks workspace and cluster, for backend: databricks")
        DatabricksConfig databricks) {

    public enum Backend {
        @JsonProperty("spark-submit") SPARK_SUBMIT,
        @JsonProperty("databricks") DATABRICKS
    }

    public enum DeployMode {
        @JsonProperty("client") CLIENT,
        @JsonProperty("cluster") CLUSTER
    }

    public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(1);

    public JobConfig {
        args = args == null ? List.of() : List.copyOf(args);
        conf = conf == null ? Map.of() : Map.copyOf(conf);
        packages = packages == null ? List.of() : List.copyOf(packages);
        jars = jars == null ? List.of() : List.copyOf(jars);
        env = env == null ? Map.of() : Map.copyOf(env);
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        backend = backend == null ? Backend.SPARK_SUBMIT : backend;
        deployMode = deployMode == null ? DeployMode.CLIENT : deployMode;
    }

    /** True for a Python application (a .py file), false for a jar. */
    public boolean isPython() {
        return app != null && app.endsWith(".py");
    }

    void validate(ConfigCheck check, String path) {
        if (app == null || app.isBlank()) {
            throw check.fail(path, "app is required: the Python file or jar to run");
        }
        validateSettings(check, path);
    }

    /** The checks of everything but the application, which evaluate-model's own scoring job brings. */
    void validateSettings(ConfigCheck check, String path) {
        if (backend == Backend.DATABRICKS) {
            if (databricks == null) {
                throw check.fail(path, "backend databricks needs a databricks: section (host or host_env, token_env, a cluster)");
            }
            databricks.validate(check, ConfigCheck.join(path, "databricks"));
            if (!isPython() && mainClass == null) {
                throw check.fail(path, "main_class is required for a jar application on Databricks");
            }
        } else if (master != null && master.startsWith("local") && deployMode == DeployMode.CLUSTER) {
            throw check.fail(ConfigCheck.join(path, "deploy_mode"), "cluster deploy mode needs a cluster master, not " + master);
        } else if (master != null && master.startsWith("sc://")) {
            if (deployMode == DeployMode.CLUSTER) {
                throw check.fail(ConfigCheck.join(path, "deploy_mode"), "a Spark Connect job runs as a client of its server: no cluster deploy mode");
            }
            if (app != null && !isPython()) {
                throw check.fail(ConfigCheck.join(path, "app"), "only a PySpark application (a .py file) runs over Spark Connect, not " + app);
            }
            if (master.contains("token=")) {
                throw check.fail(ConfigCheck.join(path, "master"),
                        "a token in modelgate.yaml: put it in the SPARK_CONNECT_AUTHENTICATE_TOKEN environment variable (a CI secret) instead");
            }
            if (!packages.isEmpty() || !jars.isEmpty()) {
                throw check.fail(path, "packages and jars belong to the Spark Connect server, not to a job that runs as its client");
            }
        }
    }
}
