package io.modelgate.spark;

import io.modelgate.config.JobConfig;
import io.modelgate.config.ResolvedConfig;
import io.modelgate.fault.Fault;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The Spark installation a job runs with: {@code spark_home} of the job, else the SPARK_HOME
 * variable; and, for a PySpark application, the Python interpreter: {@code python} of the job,
 * else PYSPARK_PYTHON, else the venv's python when Spark is the pip-installed pyspark package
 * ({@code <venv>/lib/python3.X/site-packages/pyspark}).
 */
record SparkHome(Path home, String python) {

    static SparkHome resolve(String name, JobConfig job, ResolvedConfig config, Map<String, String> env, Path projectDir) {
        String key = "jobs." + name + ".spark_home";
        Path home;
        if (job.sparkHome() != null) {
            home = projectDir.resolve(job.sparkHome()).normalize();
            if (!isSparkHome(home)) {
                throw config.errorAt(key, home + " is not a Spark installation (no bin/spark-submit there)");
            }
        } else {
            String variable = env.get("SPARK_HOME");
            if (variable == null || variable.isBlank()) {
                throw config.errorAt("jobs." + name, "SPARK_HOME is not set: set the SPARK_HOME environment variable or spark_home of the job");
            }
            home = Path.of(variable);
            if (!isSparkHome(home)) {
                throw Fault.usage("SPARK_HOME=" + home + " is not a Spark installation (no bin/spark-submit there)");
            }
        }
        return new SparkHome(home, job.isPython() ? python(job, env, projectDir, home) : null);
    }

    /**
     * A PySpark job's interpreter: {@code python} of the job, else PYSPARK_PYTHON, else the venv's
     * python when {@code home} (may be null) is a pip-installed pyspark; null when none of these.
     */
    static String python(JobConfig job, Map<String, String> env, Path projectDir, Path home) {
        if (job.python() != null) {
            return job.python().contains("/") ? projectDir.resolve(job.python()).normalize().toString() : job.python();
        }
        if (env.get("PYSPARK_PYTHON") != null) return env.get("PYSPARK_PYTHON");
        return home == null ? null : venvPython(home);
    }

    /** The Spark installation a job names ({@code spark_home}, else SPARK_HOME), unchecked; null when neither is set. */
    static Path declaredHome(JobConfig job, Map<String, String> env, Path projectDir) {
        if (job.sparkHome() != null) return projectDir.resolve(job.sparkHome()).normalize();
        String variable = env.get("SPARK_HOME");
        return variable == null || variable.isBlank() ? null : Path.of(variable);
    }

    private static boolean isSparkHome(Path home) {
        return Files.isRegularFile(home.resolve("bin/spark-submit"));
    }

    /** {@code <venv>/lib/python3.X/site-packages/pyspark} → {@code <venv>/bin/python}, if it exists. */
    private static String venvPython(Path home) {
        Path sitePackages = home.getParent();
        if (sitePackages == null || !sitePackages.getFileName().toString().equals("site-packages")) {
            return null;
        }
        Path lib = sitePackages.getParent() == null ? null : sitePackages.getParent().getParent();
        if (lib == null || lib.getParent() == null) {
            return null;
        }
        Path python = lib.getParent().resolve("bin/python");
        return Files.isExecutable(python) ? python.toString() : null;
    }
}
