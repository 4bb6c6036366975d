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
        String python = null;
        if (job.isPython()) {
            if (job.python() != null) {
                python = job.python().contains("/") ? projectDir.resolve(job.python()).normalize().toString() : job.python();
            } else if (env.get("PYSPARK_PYTHON") != null) {
                python = env.get("PYSPARK_PYTHON");
            } else {
                python = venvPython(home);
            }
        }
        return new SparkHome(home, python);
    }

    private static boolean isSparkHome(Path home) {
        return Files.isRegularFile(home.resolve("bin/spark-submit"));
    }

    /** {@code <venv>/lib/python3.X/site-packages/pyspark} → {@code <venv>/bin/python}, if it exists. */
    static String venvPython(Path home) {
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
