package io.modelgate.spark;

import io.modelgate.config.Durations;
import io.modelgate.config.JobConfig;
import io.modelgate.config.ResolvedConfig;
import io.modelgate.step.Console;
import io.modelgate.fault.Fault;
import org.apache.spark.launcher.SparkAppHandle;
import org.apache.spark.launcher.SparkLauncher;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Launches a job with {@link SparkLauncher#startApplication}: {@code local[*]}, {@code spark://}
 * standalone, {@code yarn} or {@code k8s://}, client or cluster deploy mode. The handle reports
 * the application's state; the driver's output goes to a file that {@link DriverLog} follows.
 * The end of the spark-submit process is the end of the job: Spark reports FINISHED before a
 * failing driver exits, and the handle turns it into FAILED only once the exit code is known.
 */
public final class SparkSubmitLauncher implements JobLauncher {

    /** How long a stopped application gets to end by itself before its process tree is killed. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    private static final Object LAUNCHING = new Object();

    private final SparkHome spark;
    private final ResolvedConfig config;
    private final Map<String, String> env;
    private final Path projectDir;
    private final Path logDir;
    private final Console console;
    private final Clock clock;
    private final Duration heartbeat;

    /**
     * @param logDir    where the driver's output file ({@code <job>-driver.log}) is written
     * @param heartbeat how often a running job prints its elapsed time
     */
    public SparkSubmitLauncher(String jobName, JobConfig job, ResolvedConfig config, Map<String, String> env,
                               Path projectDir, Path logDir, Console console, Clock clock, Duration heartbeat) {
        this.spark = SparkHome.resolve(jobName, job, config, env, projectDir);
        this.config = config;
        this.env = Map.copyOf(env);
        this.projectDir = projectDir;
        this.logDir = logDir;
        this.console = console;
        this.clock = clock;
        this.heartbeat = heartbeat;
    }

    @Override
    public Path driverLog(String jobName) {
        return JobProcess.driverLog(logDir, jobName);
    }

    @Override
    public JobOutcome run(JobRequest request) {
        JobConfig job = request.job();
        String app = localApp(request.name(), job);
        String master = job.master() == null ? "local[*]" : job.master();
        String remote = ConnectLauncher.sparkRemote(env, job);
        if (job.isPython() && remote != null) {
            // PySpark's driver would connect to that server instead of the Spark this launch starts,
            // and spark-submit's launcher cannot take a variable out of the child's environment.
            throw Fault.usage("SPARK_REMOTE is set, so PySpark would run job " + request.name() + " (master " + master
                    + ") on the Spark Connect server " + ConnectLauncher.server(remote)
                    + " instead: unset SPARK_REMOTE for this step, or give the job master sc://...");
        }
        checkReachable(master);
        Path log = driverLog(request.name());
        SparkLauncher launcher = new SparkLauncher(childEnv(job))
                .setSparkHome(spark.home().toString())
                .setAppResource(app)
                .setAppName(request.name())
                .setMaster(master)
                .setDeployMode(job.deployMode().name().toLowerCase(java.util.Locale.ROOT))
                .directory(projectDir.toFile())
                .redirectError()
                .redirectOutput(log.toFile());
        if (job.mainClass() != null) launcher.setMainClass(job.mainClass());
        job.conf().forEach(launcher::setConf);
        job.jars().forEach(jar -> launcher.addJar(localOrRemote(jar)));
        if (!job.packages().isEmpty()) launcher.addSparkArg("--packages", String.join(",", job.packages()));
        launcher.addAppArgs(request.args().toArray(String[]::new));
        JobProcess.prepareLog(logDir, log);

        Instant start = clock.instant();
        DriverLog driverLog = new DriverLog(log, line -> console.line("  " + line));
        StateReporter reporter = new StateReporter(request.name(), driverLog);
        try (Termination termination = new Termination(console, request.name())) {
            SparkAppHandle handle;
            ProcessTree tree;
            // The handle does not expose its process: it is the child this JVM did not have before
            // (its command line cannot tell: right after the fork it may still be the JDK's spawn
            // helper). Launches in one JVM take turns here so that the difference is one process.
            synchronized (LAUNCHING) {
                Set<Long> before = childPids();
                try {
                    handle = launcher.startApplication(reporter);
                } catch (IOException e) {
                    throw Fault.infrastructure("cannot start spark-submit from " + spark.home() + ": " + e.getMessage(), e);
                }
                tree = new ProcessTree(ProcessHandle.current().children()
                        .filter(p -> !before.contains(p.pid()))
                        .findFirst()
                        .orElseThrow(() -> Fault.infrastructure("spark-submit did not start")));
            }
            Thread follower = new Thread(driverLog, "modelgate-driver-log-" + request.name());
            follower.setDaemon(true);
            follower.start();

            JobOutcome.Ending stoppedAs = JobProcess.follow(request, tree, termination, start, clock, heartbeat, console,
                    () -> handle.getState().name());
            String detail = null;
            if (stoppedAs != null) {
                detail = stop(handle, tree, stoppedAs, request.timeout(), start);
            } else {
                awaitFinalState(handle);
            }
            JobProcess.finishLog(driverLog, follower);
            termination.stopped();
            Duration duration = Duration.between(start, clock.instant());
            String state = stoppedAs != null ? "KILLED" : handle.getState().name();
            JobOutcome.Ending ending = stoppedAs != null ? stoppedAs
                    : handle.getState() == SparkAppHandle.State.FINISHED ? JobOutcome.Ending.SUCCEEDED : JobOutcome.Ending.FAILED;
            if (ending == JobOutcome.Ending.FAILED) {
                detail = handle.getState() == SparkAppHandle.State.LOST
                        ? "the application ended without reporting its state to the launcher"
                        : "the application ended " + state;
            }
            console.line(request.name() + ": " + state + (handle.getAppId() == null ? "" : " " + handle.getAppId())
                    + " after " + Durations.format(JobProcess.seconds(duration)));
            return new JobOutcome(ending, state, handle.getAppId(), driverLog.uiUrl(), duration, driverLog.tail(), detail);
        }
    }

    /** Stops the application through the handle, then kills whatever of its process tree is left. */
    private String stop(SparkAppHandle handle, ProcessTree tree, JobOutcome.Ending why, Duration timeout, Instant start) {
        String reason = JobProcess.stopReason(why, timeout, start, clock);
        console.line(handle.getAppId() == null ? "stopping the job: " + reason : "stopping " + handle.getAppId() + ": " + reason);
        try {
            handle.stop();
            tree.root().onExit().get(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (IllegalStateException | ExecutionException | TimeoutException e) {
            // Not connected, or slow to stop: the process tree is killed below.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<ProcessHandle> survivors = tree.kill(STOP_GRACE);
        handle.kill();
        if (!survivors.isEmpty()) {
            return reason + "; processes still alive after SIGKILL: "
                    + survivors.stream().map(p -> String.valueOf(p.pid())).collect(Collectors.joining(", "));
        }
        return reason + "; the job was stopped";
    }

    /** The handle learns the exit code just after the process ends (FINISHED then FAILED for a failing driver). */
    private static void awaitFinalState(SparkAppHandle handle) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!handle.getState().isFinal() && System.nanoTime() < deadline) {
            sleep(50);
        }
        sleep(300); // the monitor thread's FINISHED → FAILED override follows the process's exit
    }

    private Map<String, String> childEnv(JobConfig job) {
        // The step's environment, not only this JVM's: run in-process (tests, a front end that
        // adds variables), the job must still see e.g. MLFLOW_TRACKING_URI. SparkLauncher adds
        // these over the JVM's own environment.
        Map<String, String> childEnv = new HashMap<>(env);
        childEnv.putAll(job.env());
        childEnv.put("SPARK_HOME", spark.home().toString());
        if (spark.python() != null) {
            // The resolved python (the job's, else PYSPARK_PYTHON, else the venv's) wins over the
            // inherited variables; only the job's own env may say otherwise.
            childEnv.put("PYSPARK_PYTHON", job.env().getOrDefault("PYSPARK_PYTHON", spark.python()));
            childEnv.put("PYSPARK_DRIVER_PYTHON", job.env().getOrDefault("PYSPARK_DRIVER_PYTHON", spark.python()));
        }
        if (job.isPython()) {
            // The driver's prints reach the log as they happen, not in blocks at exit.
            childEnv.putIfAbsent("PYTHONUNBUFFERED", "1");
        }
        return childEnv;
    }

    /** A local application must exist; a URI (hdfs:, s3a:, local: ...) is left to Spark. */
    private String localApp(String name, JobConfig job) {
        return hasScheme(job.app()) ? job.app() : localApp(config, projectDir, name, job).toString();
    }

    /** The job's application file on this machine, which must exist. */
    static Path localApp(ResolvedConfig config, Path projectDir, String name, JobConfig job) {
        Path path = projectDir.resolve(job.app()).normalize();
        if (!Files.isRegularFile(path)) {
            throw config.errorAt("jobs." + name + ".app", "application file " + job.app() + " does not exist (looked in " + projectDir + ")");
        }
        return path;
    }

    private String localOrRemote(String jar) {
        return hasScheme(jar) ? jar : projectDir.resolve(jar).normalize().toString();
    }

    private static boolean hasScheme(String location) {
        int colon = location.indexOf(':');
        return colon > 1 && location.substring(0, colon).matches("[a-zA-Z][a-zA-Z0-9+.-]*");
    }

    /** A standalone or Kubernetes master that cannot be reached fails in seconds, not after Spark's minute of retries. */
    private static void checkReachable(String master) {
        List<String> endpoints;
        if (master.startsWith("spark://")) {
            endpoints = List.of(master.substring("spark://".length()).split(","));
        } else if (master.startsWith("k8s://")) {
            URI uri = URI.create(master.substring("k8s://".length()));
            int port = uri.getPort() > 0 ? uri.getPort() : "http".equals(uri.getScheme()) ? 80 : 443;
            endpoints = List.of(uri.getHost() + ":" + port);
        } else {
            return;
        }
        Fault last = null;
        for (String endpoint : endpoints) {
            int colon = endpoint.lastIndexOf(':');
            String host = colon < 0 ? endpoint : endpoint.substring(0, colon);
            int port = colon < 0 ? 7077 : Integer.parseInt(endpoint.substring(colon + 1).replaceAll("/.*", ""));
            try {
                JobProcess.probe(host, port, "Spark master " + master);
                return;
            } catch (Fault e) {
                last = e;
            }
        }
        throw last;
    }

    private static Set<Long> childPids() {
        return ProcessHandle.current().children().map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One console line per state change, with the application id (once known) and the UI's address. */
    private final class StateReporter implements SparkAppHandle.Listener {
        private final String name;
        private final DriverLog driverLog;
        private volatile boolean idShown;

        StateReporter(String name, DriverLog driverLog) {
            this.name = name;
            this.driverLog = driverLog;
        }

        @Override
        public void stateChanged(SparkAppHandle handle) {
            SparkAppHandle.State state = handle.getState();
            if (state == SparkAppHandle.State.UNKNOWN || state.isFinal()) {
                return; // the final state is known only once the process has exited: run() prints it
            }
            report(handle);
        }

        @Override
        public void infoChanged(SparkAppHandle handle) {
            // The id may arrive after the state it belongs to: say it once it is known.
            if (!idShown && handle.getAppId() != null && !handle.getState().isFinal()) {
                report(handle);
            }
        }

        private void report(SparkAppHandle handle) {
            StringBuilder line = new StringBuilder(name).append(": ").append(handle.getState());
            if (handle.getAppId() != null) {
                line.append(" ").append(handle.getAppId());
                idShown = true;
            }
            if (driverLog.uiUrl() != null) line.append(" ").append(driverLog.uiUrl());
            console.line(line.toString());
        }
    }
}
