package io.modelgate.config;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Where and how a job runs on Databricks (Jobs API {@code runs/submit}): the workspace, the
 * token's variable, and either an existing cluster or a new job cluster.
 */
public record DatabricksConfig(
        @JsonPropertyDescription("Workspace URL, e.g. https://adb-123.azuredatabricks.net; or use host_env")
        String host,
        @JsonPropertyDescription("Name of the environment variable that holds the workspace URL (its value is masked in output like any *_env)")
        String hostEnv,
        @JsonPropertyDescription("Name of the environment variable that holds the personal access token; required")
        String tokenEnv,
        @JsonPropertyDescription("Id of a running all-purpose cluster to run on; or use new_cluster")
        String existingClusterId,
        @JsonPropertyDescription("A job cluster created for this run and terminated after it")
        NewCluster newCluster,
        @JsonPropertyDescription("Libraries installed on the cluster before the run (a jar application is added as a jar library)")
        List<Library> libraries,
        @JsonPropertyDescription("How often the run's state is polled, e.g. 10s")
        @DurationRange(min = "100ms", max = "10m")
        Duration pollInterval) {

    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(10);

    public DatabricksConfig {
        libraries = libraries == null ? List.of() : List.copyOf(libraries);
        pollInterval = pollInterval == null ? DEFAULT_POLL_INTERVAL : pollInterval;
    }

    /** A job cluster's specification, as the Jobs API's {@code new_cluster}. */
    public record NewCluster(
            @JsonPropertyDescription("Databricks runtime version, e.g. 15.4.x-scala2.12; required")
            String sparkVersion,
            @JsonPropertyDescription("Node type, e.g. Standard_DS3_v2; required")
            String nodeTypeId,
            @JsonPropertyDescription("Number of workers (default 1)")
            Integer numWorkers,
            @JsonPropertyDescription("Spark configuration of the cluster")
            Map<String, String> sparkConf) {

        public NewCluster {
            numWorkers = numWorkers == null ? 1 : numWorkers;
            sparkConf = sparkConf == null ? Map.of() : Map.copyOf(sparkConf);
        }
    }

    /** One library: exactly one of jar, whl, pypi or maven. */
    public record Library(
            @JsonPropertyDescription("URI of a jar, e.g. dbfs:/libs/features.jar")
            String jar,
            @JsonPropertyDescription("URI of a Python wheel")
            String whl,
            @JsonPropertyDescription("A PyPI requirement, e.g. scikit-learn==1.5.2")
            String pypi,
            @JsonPropertyDescription("Maven coordinates, e.g. io.delta:delta-spark_2.13:3.2.0")
            String maven) {

        int kinds() {
            int kinds = 0;
            for (String value : new String[] {jar, whl, pypi, maven}) {
                if (value != null && !value.isBlank()) kinds++;
            }
            return kinds;
        }
    }

    void validate(ConfigCheck check, String path) {
        if ((host == null) == (hostEnv == null)) {
            throw check.fail(path, "set one of host or host_env: where the Databricks workspace is");
        }
        if (host != null && !host.startsWith("https://") && !host.startsWith("http://")) {
            throw check.fail(ConfigCheck.join(path, "host"), "expected a workspace URL starting with https://, got \"" + host + "\"");
        }
        if (tokenEnv == null || tokenEnv.isBlank()) {
            throw check.fail(path, "token_env is required: the environment variable that holds the access token");
        }
        if ((existingClusterId == null) == (newCluster == null)) {
            throw check.fail(path, "set one of existing_cluster_id or new_cluster: where the job runs");
        }
        if (newCluster != null) {
            String cluster = ConfigCheck.join(path, "new_cluster");
            if (newCluster.sparkVersion() == null || newCluster.nodeTypeId() == null) {
                throw check.fail(cluster, "spark_version and node_type_id are required");
            }
            if (newCluster.numWorkers() < 0) {
                throw check.fail(ConfigCheck.join(cluster, "num_workers"), "expected 0 or more workers, got " + newCluster.numWorkers());
            }
        }
        for (int i = 0; i < libraries.size(); i++) {
            Library library = libraries.get(i);
            if (library == null || library.kinds() != 1) {
                throw check.fail(ConfigCheck.join(path, "libraries"), "library " + (i + 1) + ": set exactly one of jar, whl, pypi or maven");
            }
        }
    }
}
