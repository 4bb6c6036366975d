package io.modelgate.spark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real Spark of the tests: the pinned pyspark package of the Python test bed
 * (scripts/setup-python.sh) as SPARK_HOME, its python, and the Delta jars resolved by Maven
 * (scripts/spark-jars.sh), so that no Spark session downloads anything at test time.
 */
record SparkTestBed(Path venv, Path sparkHome, Path python, List<String> deltaJars) {

    static SparkTestBed get() {
        Path root = repositoryRoot();
        Path venv = Path.of(script(root.resolve("scripts/setup-python.sh")));
        Path sparkHome = venv.resolve("lib/python3.11/site-packages/pyspark");
        if (!Files.isRegularFile(sparkHome.resolve("bin/spark-submit"))) {
            throw new IllegalStateException("no spark-submit in " + sparkHome);
        }
        List<String> jars = List.of(script(root.resolve("scripts/spark-jars.sh")).split(","));
        return new SparkTestBed(venv, sparkHome, venv.resolve("bin/python"), jars);
    }

    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("scripts"))) {
            dir = dir.getParent();
        }
        if (dir == null) throw new IllegalStateException("cannot find the repository's scripts/ folder");
        return dir;
    }

    private static String script(Path script) {
        try {
            Process process = new ProcessBuilder("bash", script.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!process.waitFor(20, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException(script + " failed with exit " + process.exitValue());
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
