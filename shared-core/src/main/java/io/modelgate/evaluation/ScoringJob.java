package io.modelgate.evaluation;

import io.modelgate.config.Durations;
import io.modelgate.config.EvaluationConfig;
import io.modelgate.config.JobConfig;
import io.modelgate.fault.Fault;
import io.modelgate.spark.JobArguments;
import io.modelgate.spark.JobLauncher;
import io.modelgate.spark.JobOutcome;
import io.modelgate.spark.JobRequest;
import io.modelgate.spark.SparkSubmitStep;
import io.modelgate.step.StepContext;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores the evaluation set with both models in one Spark job: the suite's own PySpark script
 * ({@code modelgate_score.py}, shipped in the jar and written next to the reports), or the project's
 * job named by {@code evaluation.scoring_job}, launched through the same launchers as spark-submit
 * (local, standalone, YARN, Kubernetes; Databricks for a project's job). A project's job learns what
 * to score from environment variables (MODELGATE_EVALUATION_TABLE, _VERSION, MODELGATE_SCORED_TABLE,
 * MODELGATE_CANDIDATE_URI, MODELGATE_BASELINE_URI, MODELGATE_SCORED_METADATA).
 *
 * <p>A failed job is read from its driver log: the line {@code modelgate-score: candidate-failed: ...}
 * makes it the candidate's failure (exit 1), {@code champion-failed} or anything else an
 * infrastructure error (exit 3): no verdict can be given.
 */
final class ScoringJob {

    static final String SCRIPT = "modelgate_score.py";
    static final String NAME = "evaluate-model";
    private static final String CANDIDATE_FAILED = "modelgate-score: candidate-failed: ";
    private static final String CHAMPION_FAILED = "modelgate-score: champion-failed: ";

    /**
     * @param table      the evaluation table's path or URI
     * @param version    the version read (pinned, or the latest at the start)
     * @param scored     where the scored table goes
     * @param candidate  the candidate's model URI (models:/name/version)
     * @param baseline   the champion's, null for a first model
     * @param metadata   JSON for the commit's userMetadata
     */
    record Request(String table, long version, String scored, String candidate, String baseline, String metadata) {
    }

    private ScoringJob() {
    }

    /** Runs the job to its end; returns how long it took. */
    static Duration run(StepContext ctx, EvaluationConfig config, Request request, String candidateName, String championName) {
        String name;
        JobConfig job;
        List<String> args;
        StepContext jobCtx = ctx;
        if (config.scoringJob() != null) {
            name = config.scoringJob();
            job = ctx.config().job(name);
            args = JobArguments.substitute(name, job.args(), ctx.config(), ctx.spell("environment"), ctx.ci().commit(), LocalDate.now(ctx.clock().withZone(ZoneOffset.UTC)));
            Map<String, String> env = new HashMap<>(ctx.env());
            env.put("MODELGATE_EVALUATION_TABLE", request.table());
            env.put("MODELGATE_EVALUATION_VERSION", String.valueOf(request.version()));
            env.put("MODELGATE_SCORED_TABLE", request.scored());
            env.put("MODELGATE_CANDIDATE_URI", request.candidate());
            if (request.baseline() != null) env.put("MODELGATE_BASELINE_URI", request.baseline());
            env.put("MODELGATE_SCORED_METADATA", request.metadata());
            jobCtx = new StepContext(ctx.params(), ctx.config(), env, ctx.projectDir(), ctx.outputDir(), ctx.ci(), ctx.console(), ctx.clock(), ctx.frontEnd());
        } else {
            name = NAME;
            job = suiteJob(config.spark(), script(ctx.outputDir()));
            args = arguments(config, request);
        }
        JobLauncher launcher = SparkSubmitStep.launcher(jobCtx, name, job);
        ctx.console().line(name + ": scoring " + request.table() + " version " + request.version() + " with " + request.candidate()
                + (request.baseline() == null ? "" : " and " + request.baseline()) + " (timeout " + Durations.format(job.timeout()) + ")");
        return verdict(name, launcher.run(new JobRequest(name, job, args, job.timeout())), candidateName, championName);
    }

    /**
     * How the job ended, as the evaluation takes it: its duration when it succeeded; the candidate's
     * failure (exit 1) when its driver said so; else no verdict is possible (exit 3).
     */
    static Duration verdict(String name, JobOutcome outcome, String candidateName, String championName) {
        switch (outcome.ending()) {
            case SUCCEEDED -> {
                return outcome.duration();
            }
            case FAILED -> {
                for (String line : outcome.logTail()) {
                    int at = line.indexOf(CANDIDATE_FAILED);
                    if (at >= 0) throw new CandidateCannotScore(candidateName + " cannot score the evaluation set: " + line.substring(at + CANDIDATE_FAILED.length()));
                }
                for (String line : outcome.logTail()) {
                    int at = line.indexOf(CHAMPION_FAILED);
                    if (at >= 0) {
                        throw Fault.infrastructure(championName + " cannot score the evaluation set: " + line.substring(at + CHAMPION_FAILED.length())
                                + "; no verdict is possible without the champion's scores");
                    }
                }
                throw Fault.infrastructure("the scoring job " + name + " failed: " + outcome.detail() + lastLine(outcome));
            }
            default -> throw Fault.infrastructure("the scoring job " + name + " " + outcome.detail());
        }
    }

    private static String lastLine(JobOutcome outcome) {
        for (int i = outcome.logTail().size() - 1; i >= 0; i--) {
            String line = outcome.logTail().get(i).strip();
            if (line.matches("^[A-Za-z_.]*(Error|Exception)\\b.*")) return "; " + line;
        }
        return "";
    }

    /** The suite's job: the script, with the Spark settings of evaluation.spark. */
    private static JobConfig suiteJob(JobConfig spark, Path script) {
        if (spark == null) {
            return new JobConfig(script.toString(), null, null, null, null, null, null, null, null, null, null, null, null, null);
        }
        return new JobConfig(spark.app() != null ? spark.app() : script.toString(), null, spark.master(), spark.deployMode(), null, spark.conf(),
                spark.packages(), spark.jars(), spark.env(), spark.timeout(), spark.backend(), spark.sparkHome(), spark.python(), spark.databricks());
    }

    private static List<String> arguments(EvaluationConfig config, Request request) {
        List<String> args = new ArrayList<>(List.of("--table", request.table(), "--version", String.valueOf(request.version()),
                "--output", request.scored(), "--task", config.task().name().toLowerCase(java.util.Locale.ROOT), "--label", config.label()));
        List<String> carried = new ArrayList<>();
        if (config.key() != null) carried.add(config.key());
        if (config.weight() != null) carried.add(config.weight());
        for (String column : ScoredTable.sliceColumns(config)) if (!carried.contains(column)) carried.add(column);
        for (String column : carried) args.addAll(List.of("--carry", column));
        args.addAll(List.of("--candidate", request.candidate()));
        if (request.baseline() != null) args.addAll(List.of("--baseline", request.baseline()));
        if (ScoredTable.probabilities(config)) {
            try {
                args.addAll(List.of("--classes", new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(config.classes())));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        args.addAll(List.of("--metadata", request.metadata()));
        return args;
    }

    /** Writes the shipped script into the output directory, where spark-submit can read it. */
    private static Path script(Path outputDir) {
        Path script = outputDir.resolve(SCRIPT);
        try (InputStream in = ScoringJob.class.getResourceAsStream(SCRIPT)) {
            if (in == null) throw new IllegalStateException("the jar lacks " + SCRIPT);
            Files.createDirectories(outputDir);
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw Fault.infrastructure("cannot write the scoring script to " + script + ": " + e.getMessage(), e);
        }
        return script;
    }
}
