package io.modelgate.spark;

/**
 * Runs one configured job to a final state: through spark-submit ({@link SparkSubmitLauncher}), a
 * Spark Connect server ({@link ConnectLauncher}) or the Databricks Jobs API
 * ({@link DatabricksLauncher}). It reports progress on the console
 * as it goes, stops the job at its timeout or when the JVM is asked to terminate (SIGTERM),
 * and leaves no process or run behind. The integration-tests step launches pipeline jobs
 * through it too.
 */
public interface JobLauncher {

    /** Runs the job; returns how it ended. Throws a Fault when it cannot be started at all. */
    JobOutcome run(JobRequest request);

    /** The file the job's driver output goes to (kept as an artifact of the step), or null when the backend keeps it. */
    default java.nio.file.Path driverLog(String jobName) {
        return null;
    }
}
