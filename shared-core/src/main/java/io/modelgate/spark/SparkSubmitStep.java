package io.modelgate.spark;

import io.modelgate.config.Durations;
import io.modelgate.config.JobConfig;
import io.modelgate.step.Step;
import io.modelgate.step.StepContext;
import io.modelgate.fault.Fault;
import io.modelgate.step.StepResult;
import io.modelgate.step.Verdict;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * The {@code spark-submit} step: runs one job declared under {@code jobs:} to its end. A job
 * that fails is a failed gate (exit 1); a job stopped at its timeout or on termination is an
 * infrastructure error (exit 3), with what is known of it (id, URL, log tail) in the result.
 */
public final class SparkSubmitStep implements Step {

    /** How often a running job prints its elapsed time. */
    static final Duration HEARTBEAT = Duration.ofSeconds(30);

    @Override
    public StepResult run(StepContext ctx) {
        String name = ctx.params().string("job");
        JobConfig job = ctx.config().job(name);
        Duration timeout = ctx.params().has("timeout") ? ctx.params().duration("timeout") : job.timeout();
        List<String> args = JobArguments.substitute(name, job.args(), ctx.config(), ctx.spell("environment"), ctx.ci().commit(),
                LocalDate.now(ctx.clock().withZone(ZoneOffset.UTC)));
        JobLauncher launcher = launcher(ctx, name, job);
        String where = where(job, ctx.childEnv());
        ctx.console().line(name + ": launching " + job.app() + " on " + where + " (timeout " + Durations.format(timeout) + ")");
        JobOutcome outcome = launcher.run(new JobRequest(name, job, args, timeout));
        return result(ctx, name, job, where, outcome, launcher);
    }

    /** The launcher of the job's backend: a Spark Connect server when the job has one ({@link ConnectLauncher#remote}). */
    public static JobLauncher launcher(StepContext ctx, String name, JobConfig job) {
        Map<String, String> env = ctx.childEnv();
        String remote = job.backend() == JobConfig.Backend.SPARK_SUBMIT ? ConnectLauncher.remote(job, env) : null;
        if (remote != null) {
            return new ConnectLauncher(remote, job, ctx.config(), env, ctx.projectDir(), ctx.outputDir(), ctx.console(), ctx.clock(), HEARTBEAT);
        }
        return switch (job.backend()) {
            case SPARK_SUBMIT -> new SparkSubmitLauncher(name, job, ctx.config(), env, ctx.projectDir(),
                    ctx.outputDir(), ctx.console(), ctx.clock(), HEARTBEAT);
            case DATABRICKS -> DatabricksLauncher.connect(name, job, ctx.config(), ctx.env(), ctx.console(), ctx.clock(), HEARTBEAT);
        };
    }

    private static String where(JobConfig job, Map<String, String> env) {
        if (job.backend() == JobConfig.Backend.DATABRICKS) return "Databricks";
        String remote = ConnectLauncher.remote(job, env);
        if (remote != null) return "Spark Connect " + ConnectLauncher.server(remote);
        return (job.master() == null ? "local[*]" : job.master()) + ", " + job.deployMode().name().toLowerCase(java.util.Locale.ROOT) + " mode";
    }

    private static StepResult result(StepContext ctx, String name, JobConfig job, String where, JobOutcome outcome, JobLauncher launcher) {
        String duration = Durations.format(Duration.ofSeconds(outcome.duration().toSeconds()));
        String id = outcome.appId() == null ? "" : " (" + outcome.appId() + ")";
        StepResult.Builder result = switch (outcome.ending()) {
            case SUCCEEDED -> StepResult.builder(ctx.stepName(), Verdict.PASSED,
                    "job " + name + " " + outcome.state() + " in " + duration + id);
            case FAILED -> StepResult.builder(ctx.stepName(), Verdict.FAILED,
                    "job " + name + " failed after " + duration + id + ": " + outcome.detail());
            case TIMED_OUT, CANCELLED, ERROR -> StepResult.builder(ctx.stepName(), Verdict.ERROR,
                    "job " + name + " " + outcome.detail() + id)
                    .errorKind(Fault.Kind.INFRASTRUCTURE);
        };
        result.check("job " + name,
                outcome.ending() == JobOutcome.Ending.SUCCEEDED ? Verdict.PASSED
                        : outcome.ending() == JobOutcome.Ending.FAILED ? Verdict.FAILED : Verdict.ERROR,
                outcome.detail() == null ? outcome.state() : outcome.detail());
        result.table(new StepResult.Table("Job " + name, List.of("field", "value"), List.of(
                List.of("application", job.app()),
                List.of("runs on", where),
                List.of("id", nullToEmpty(outcome.appId())),
                List.of("final state", outcome.state()),
                List.of("duration", duration),
                List.of("run page", nullToEmpty(outcome.runUrl())))));
        result.output("app-id", nullToEmpty(outcome.appId()))
                .output("state", outcome.state())
                .output("duration", duration)
                .output("run-url", nullToEmpty(outcome.runUrl()));
        if (outcome.ending() != JobOutcome.Ending.SUCCEEDED) {
            result.log(String.join("\n", outcome.logTail()));
        }
        Path driverLog = launcher.driverLog(name);
        if (driverLog != null && Files.exists(driverLog)) {
            result.artifact(driverLog);
        }
        return result.build();
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }
}
