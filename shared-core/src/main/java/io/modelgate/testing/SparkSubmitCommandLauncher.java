package io.modelgate.testing;

import io.modelgate.config.Durations;
import io.modelgate.config.JobConfig;
import io.modelgate.step.StepContext;
import io.modelgate.step.StepError;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a job with the {@code spark-submit} command through the process runner, so it gets the
 * same live output, timeout and process-tree kill as test commands. The spark-submit step
 * replaces it with SparkLauncher and cluster modes; Databricks jobs need that step.
 */
public final class SparkSubmitCommandLauncher implements PipelineJobLauncher {

    private final ProcessRunner runner;

    public SparkSubmitCommandLauncher(ProcessRunner runner) {
        this.runner = runner;
    }

    @Override
    public JobRun launch(String name, JobConfig job, StepContext context) {
        if (job.backend() == JobConfig.Backend.DATABRICKS) {
            throw StepError.usage("jobs." + name + ": backend databricks is launched by the spark-submit step, which this version of modelgate does not have yet");
        }
        Map<String, String> env = new HashMap<>(context.env());
        env.putAll(job.env());
        String sparkSubmit = sparkSubmit(name, job, env);
        List<String> argv = command(sparkSubmit, job, context);
        String script = String.join(" ", argv.stream().map(SparkSubmitCommandLauncher::quote).toList());
        context.console().line("$ " + script);
        ProcessRunner.Outcome outcome = runner.run(new ProcessRunner.Command(script, context.projectDir(), env, job.timeout()), context.console()::line);
        String detail = outcome.timedOut() ? "timed out after " + Durations.format(job.timeout()) + "; the process tree was killed"
                : "exit " + outcome.exitCode();
        return new JobRun(name, !outcome.timedOut() && outcome.exitCode() == 0, detail, outcome.duration(), outcome.tail());
    }

    /** The spark-submit command line of a job, arguments substituted. */
    static List<String> command(String sparkSubmit, JobConfig job, StepContext context) {
        List<String> argv = new ArrayList<>(List.of(sparkSubmit));
        if (job.master() != null) argv.addAll(List.of("--master", job.master()));
        argv.addAll(List.of("--deploy-mode", job.deployMode().name().toLowerCase()));
        if (job.mainClass() != null) argv.addAll(List.of("--class", job.mainClass()));
        job.conf().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> argv.addAll(List.of("--conf", e.getKey() + "=" + e.getValue())));
        if (!job.packages().isEmpty()) argv.addAll(List.of("--packages", String.join(",", job.packages())));
        if (!job.jars().isEmpty()) argv.addAll(List.of("--jars", String.join(",", job.jars())));
        argv.add(job.app());
        String environment = context.config().environment() == null ? "" : context.config().environment();
        String commit = context.ci().commit() == null ? "" : context.ci().commit();
        String runDate = context.clock().instant().atZone(ZoneOffset.UTC).toLocalDate().toString();
        for (String arg : job.args()) {
            argv.add(arg.replace("${env}", environment).replace("${commit}", commit).replace("${run_date}", runDate));
        }
        return argv;
    }

    /** The job's spark_home, else SPARK_HOME, else PATH; exit 3 naming every place looked in. */
    static String sparkSubmit(String name, JobConfig job, Map<String, String> env) {
        List<String> looked = new ArrayList<>();
        for (String home : new String[] {job.sparkHome(), env.get("SPARK_HOME")}) {
            if (home != null && !home.isBlank()) {
                Path candidate = Path.of(home, "bin", "spark-submit");
                if (Files.isExecutable(candidate)) return candidate.toString();
                looked.add(candidate.toString());
            }
        }
        for (String dir : env.getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "spark-submit"))) return Path.of(dir, "spark-submit").toString();
        }
        looked.add("PATH=" + env.getOrDefault("PATH", ""));
        throw StepError.infrastructure("job " + name + ": spark-submit not found (looked in " + String.join(", ", looked)
                + "); set jobs." + name + ".spark_home or SPARK_HOME, or put spark-submit on the PATH");
    }

    static String quote(String word) {
        return word.matches("[A-Za-z0-9_./:=,@%+\\-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
    }
}
