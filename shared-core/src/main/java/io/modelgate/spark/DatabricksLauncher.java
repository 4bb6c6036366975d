package io.modelgate.spark;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.core.DatabricksException;
import com.databricks.sdk.service.compute.ClusterSpec;
import com.databricks.sdk.service.compute.Library;
import com.databricks.sdk.service.compute.MavenLibrary;
import com.databricks.sdk.service.compute.PythonPyPiLibrary;
import com.databricks.sdk.service.jobs.CancelRun;
import com.databricks.sdk.service.jobs.GetRunRequest;
import com.databricks.sdk.service.jobs.Run;
import com.databricks.sdk.service.jobs.RunLifeCycleState;
import com.databricks.sdk.service.jobs.RunResultState;
import com.databricks.sdk.service.jobs.RunState;
import com.databricks.sdk.service.jobs.SparkJarTask;
import com.databricks.sdk.service.jobs.SparkPythonTask;
import com.databricks.sdk.service.jobs.SubmitRun;
import com.databricks.sdk.service.jobs.SubmitTask;
import io.modelgate.config.DatabricksConfig;
import io.modelgate.config.Durations;
import io.modelgate.config.JobConfig;
import io.modelgate.config.ResolvedConfig;
import io.modelgate.step.Console;
import io.modelgate.fault.Fault;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Runs a job on Databricks through the Jobs API: {@code runs/submit} (a one-time run of a
 * spark_python_task or spark_jar_task on an existing or a new job cluster, with libraries),
 * {@code runs/get} polled to a terminal state, and {@code runs/cancel} at the timeout or on
 * termination. Only the result state SUCCESS passes: TERMINATED alone says the run ended, not
 * that it succeeded.
 *
 * <p>Retries: the SDK (0.141.0) retries 429, 501 and 503 itself, honouring Retry-After; the
 * other 5xx (500, 502, 504) are retried here, on every call: reads and cancels are idempotent,
 * and a submit carries one idempotency token across its attempts, so it never starts two runs.
 */
public final class DatabricksLauncher implements JobLauncher {

    private static final Set<Integer> RETRY_CODES = Set.of(500, 502, 504);
    private static final int ATTEMPTS = 3;
    /** How long a cancelled run gets to reach a terminal state before modelgate stops waiting. */
    private static final Duration CANCEL_WAIT = Duration.ofMinutes(2);

    private final WorkspaceClient workspace;
    private final String host;
    private final DatabricksConfig databricks;
    private final Console console;
    private final Clock clock;
    private final Duration heartbeat;

    private DatabricksLauncher(WorkspaceClient workspace, String host, DatabricksConfig databricks,
                               Console console, Clock clock, Duration heartbeat) {
        this.workspace = workspace;
        this.host = host;
        this.databricks = databricks;
        this.console = console;
        this.clock = clock;
        this.heartbeat = heartbeat;
    }

    /** Reads the workspace URL and the token from the variables the job names; a missing one is a usage error naming it. */
    public static DatabricksLauncher connect(String name, JobConfig job, ResolvedConfig config, Map<String, String> env,
                                             Console console, Clock clock, Duration heartbeat) {
        DatabricksConfig databricks = job.databricks();
        String key = "jobs." + name + ".databricks";
        String host = databricks.host() != null ? databricks.host()
                : config.secret(key + ".host_env", databricks.hostEnv(), env);
        String token = config.secret(key + ".token_env", databricks.tokenEnv(), env);
        com.databricks.sdk.core.DatabricksConfig sdk = new com.databricks.sdk.core.DatabricksConfig()
                .setHost(host)
                .setToken(token)
                .setAuthType("pat");
        return new DatabricksLauncher(new WorkspaceClient(sdk), host, databricks, console, clock, heartbeat);
    }

    @Override
    public JobOutcome run(JobRequest request) {
        Instant start = clock.instant();
        SubmitRun submit = submitRun(request);
        long runId = call("submit the run", () -> workspace.jobs().submit(submit).getResponse().getRunId());
        try (Termination termination = new Termination(console, request.name())) {
            Instant deadline = start.plus(request.timeout());
            Instant nextBeat = start.plus(heartbeat);
            String lastState = null;
            Run run;
            while (true) {
                run = call("read run " + runId, () -> workspace.jobs().getRun(new GetRunRequest().setRunId(runId)));
                RunState state = run.getState();
                String shown = state == null || state.getLifeCycleState() == null ? "UNKNOWN" : state.getLifeCycleState().name();
                if (!shown.equals(lastState) && !isTerminal(state)) {
                    console.line(request.name() + ": " + shown + " run " + runId + (lastState == null && run.getRunPageUrl() != null ? " " + run.getRunPageUrl() : ""));
                    lastState = shown;
                }
                if (isTerminal(state)) {
                    break;
                }
                Instant now = clock.instant();
                JobOutcome.Ending stop = !now.isBefore(deadline) ? JobOutcome.Ending.TIMED_OUT
                        : termination.requested() ? JobOutcome.Ending.CANCELLED : null;
                if (stop != null) {
                    String reason = stop == JobOutcome.Ending.TIMED_OUT
                            ? "timed out after " + Durations.format(request.timeout())
                            : "cancelled on termination after " + Durations.format(Duration.ofSeconds(Duration.between(start, now).toSeconds()));
                    Run cancelled = cancel(request.name(), runId, reason);
                    termination.stopped();
                    return outcome(stop, cancelled, runId, start, reason + "; the run was cancelled");
                }
                if (!now.isBefore(nextBeat)) {
                    console.line(request.name() + ": " + shown + ", " + Durations.format(Duration.ofSeconds(Duration.between(start, now).toSeconds()))
                            + " elapsed (timeout " + Durations.format(request.timeout()) + ")");
                    nextBeat = now.plus(heartbeat);
                }
                sleep(databricks.pollInterval());
            }
            termination.stopped();
            return finished(request.name(), run, runId, start);
        }
    }

    private JobOutcome finished(String name, Run run, long runId, Instant start) {
        RunState state = run.getState();
        RunResultState result = state.getResultState();
        String message = state.getStateMessage() == null || state.getStateMessage().isBlank() ? "" : ": " + state.getStateMessage();
        JobOutcome.Ending ending;
        String detail;
        if (state.getLifeCycleState() != RunLifeCycleState.TERMINATED) {
            ending = JobOutcome.Ending.ERROR;
            detail = "Databricks ended the run " + state.getLifeCycleState() + message;
        } else if (result == RunResultState.SUCCESS) {
            ending = JobOutcome.Ending.SUCCEEDED;
            detail = null;
        } else if (result == RunResultState.TIMEDOUT) {
            ending = JobOutcome.Ending.TIMED_OUT;
            detail = "timed out on Databricks" + message;
        } else if (result == RunResultState.CANCELED) {
            ending = JobOutcome.Ending.CANCELLED;
            detail = "was cancelled on Databricks" + message;
        } else {
            ending = JobOutcome.Ending.FAILED;
            detail = result == null ? "the run terminated without a result state" + message : "the run ended " + result + message;
        }
        JobOutcome outcome = outcome(ending, run, runId, start, detail);
        console.line(name + ": " + outcome.state() + " run " + runId + " after " + Durations.format(Duration.ofSeconds(outcome.duration().toSeconds())));
        return outcome;
    }

    private JobOutcome outcome(JobOutcome.Ending ending, Run run, long runId, Instant start, String detail) {
        RunState state = run.getState();
        String shown = state == null ? "UNKNOWN"
                : state.getResultState() != null ? state.getResultState().name()
                : state.getLifeCycleState() != null ? state.getLifeCycleState().name() : "UNKNOWN";
        List<String> message = state == null || state.getStateMessage() == null || state.getStateMessage().isBlank()
                ? List.of() : List.of(state.getStateMessage());
        return new JobOutcome(ending, shown, String.valueOf(runId), run.getRunPageUrl(),
                Duration.between(start, clock.instant()), message, detail);
    }

    /** runs/cancel, then polls until the run is terminal (bounded); returns the last state seen. */
    private Run cancel(String name, long runId, String reason) {
        console.line(name + ": cancelling run " + runId + ": " + reason);
        call("cancel run " + runId, () -> workspace.jobs().cancelRun(new CancelRun().setRunId(runId)));
        Instant giveUp = clock.instant().plus(CANCEL_WAIT);
        Run run;
        do {
            run = call("read run " + runId, () -> workspace.jobs().getRun(new GetRunRequest().setRunId(runId)));
            if (isTerminal(run.getState())) {
                break;
            }
            sleep(databricks.pollInterval());
        } while (clock.instant().isBefore(giveUp));
        return run;
    }

    private SubmitRun submitRun(JobRequest request) {
        JobConfig job = request.job();
        SubmitTask task = new SubmitTask().setTaskKey(taskKey(request.name()));
        List<Library> libraries = new ArrayList<>();
        if (job.isPython()) {
            task.setSparkPythonTask(new SparkPythonTask().setPythonFile(job.app()).setParameters(request.args()));
        } else {
            task.setSparkJarTask(new SparkJarTask().setMainClassName(job.mainClass()).setParameters(request.args()));
            libraries.add(new Library().setJar(job.app()));
        }
        for (DatabricksConfig.Library library : databricks.libraries()) {
            Library sdk = new Library();
            if (library.jar() != null) sdk.setJar(library.jar());
            if (library.whl() != null) sdk.setWhl(library.whl());
            if (library.pypi() != null) sdk.setPypi(new PythonPyPiLibrary().setPackage(library.pypi()));
            if (library.maven() != null) sdk.setMaven(new MavenLibrary().setCoordinates(library.maven()));
            libraries.add(sdk);
        }
        if (!libraries.isEmpty()) task.setLibraries(libraries);
        if (databricks.existingClusterId() != null) {
            task.setExistingClusterId(databricks.existingClusterId());
        } else {
            DatabricksConfig.NewCluster cluster = databricks.newCluster();
            Map<String, String> conf = new HashMap<>(cluster.sparkConf());
            conf.putAll(job.conf());
            ClusterSpec spec = new ClusterSpec().setSparkVersion(cluster.sparkVersion()).setNodeTypeId(cluster.nodeTypeId())
                    .setNumWorkers((long) cluster.numWorkers());
            if (!conf.isEmpty()) spec.setSparkConf(conf);
            task.setNewCluster(spec);
        }
        return new SubmitRun().setRunName(request.name()).setIdempotencyToken(UUID.randomUUID().toString()).setTasks(List.of(task));
    }

    /** A task key allows letters, digits, - and _ only. */
    private static String taskKey(String name) {
        return name.replaceAll("[^A-Za-z0-9_-]", "_");
    }

    private static boolean isTerminal(RunState state) {
        if (state == null || state.getLifeCycleState() == null) return false;
        return switch (state.getLifeCycleState()) {
            case TERMINATED, SKIPPED, INTERNAL_ERROR -> true;
            default -> false;
        };
    }

    /** An API call, retried on 500/502/504; what fails is an infrastructure error (exit 3) naming the workspace. */
    private <T> T call(String what, Supplier<T> call) {
        try {
            for (int attempt = 1; ; attempt++) {
                try {
                    return call.get();
                } catch (DatabricksError e) {
                    if (attempt >= ATTEMPTS || !RETRY_CODES.contains(e.getStatusCode())) {
                        throw e;
                    }
                    sleep(Duration.ofSeconds(attempt));
                }
            }
        } catch (DatabricksError e) {
            String why = e.getStatusCode() == 401 || e.getStatusCode() == 403 ? "Databricks refused the token" : "Databricks answered";
            throw Fault.infrastructure("cannot " + what + " on " + host + ": " + why + " HTTP " + e.getStatusCode() + ": " + firstLine(e.getMessage()), e);
        } catch (DatabricksException e) {
            throw Fault.infrastructure("cannot " + what + " on " + host + ": " + firstLine(e.getMessage()), e);
        }
    }

    private static String firstLine(String text) {
        return text == null ? "" : text.lines().findFirst().orElse("");
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Fault.infrastructure("interrupted while following the Databricks run");
        }
    }
}
