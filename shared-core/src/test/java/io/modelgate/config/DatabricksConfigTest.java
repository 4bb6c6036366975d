package io.modelgate.config;

import io.modelgate.cli.CommandLineApp;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The databricks section of a job is checked when the file is read, with file, line and key. */
class DatabricksConfigTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no section        | backend: databricks                                                                 | modelgate.yaml:3: jobs.train: backend databricks needs a databricks: section (host or host_env, token_env, a cluster)
            no host           | backend: databricks, databricks: { token_env: DBX_TOKEN, existing_cluster_id: c1 }   | modelgate.yaml:3: jobs.train.databricks: set one of host or host_env: where the Databricks workspace is
            host not a URL    | backend: databricks, databricks: { host: adb.net, token_env: T, existing_cluster_id: c } | modelgate.yaml:3: jobs.train.databricks.host: expected a workspace URL starting with https://, got "adb.net"
            no token_env      | backend: databricks, databricks: { host: https://h, existing_cluster_id: c1 }         | modelgate.yaml:3: jobs.train.databricks: token_env is required: the environment variable that holds the access token
            two clusters      | backend: databricks, databricks: { host: https://h, token_env: T, existing_cluster_id: c, new_cluster: { spark_version: 15.4.x-scala2.12, node_type_id: n } } | modelgate.yaml:3: jobs.train.databricks: set one of existing_cluster_id or new_cluster: where the job runs
            no node type      | backend: databricks, databricks: { host: https://h, token_env: T, new_cluster: { spark_version: 15.4.x-scala2.12 } } | modelgate.yaml:3: jobs.train.databricks.new_cluster: spark_version and node_type_id are required
            two library kinds | backend: databricks, databricks: { host: https://h, token_env: T, existing_cluster_id: c, libraries: [ { jar: dbfs:/a.jar, pypi: x } ] } | modelgate.yaml:3: jobs.train.databricks.libraries: library 1: set exactly one of jar, whl, pypi or maven
            zero timeout      | timeout: 0s                                                                          | modelgate.yaml:3: jobs.train.timeout: must be between 1s and 7d, got 0s
            """)
    void refused(String name, String job, String expected) throws Exception {
        Files.writeString(dir.resolve("modelgate.yaml"), "project: p\njobs:\n  train: { app: jobs/train.py, " + job + " }\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new CommandLineApp(Map.of(), new PrintStream(new ByteArrayOutputStream()), new PrintStream(err), dir)
                .run("config", "validate");
        assertEquals(2, code);
        assertEquals("modelgate: error: " + expected + "\n", err.toString(StandardCharsets.UTF_8));
    }
}
