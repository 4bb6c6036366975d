package io.modelgate.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelgate.config.Durations;
import io.modelgate.config.JobConfig;
import io.modelgate.config.ResolvedConfig;
import io.modelgate.fault.Fault;
import io.modelgate.step.Console;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Runs a PySpark job against a Spark Connect server ({@code sc://host:port}): the job's Python
 * process is a thin client with no JVM of its own, so a job costs the seconds of its work instead
 * of a Spark start. Each launch gets its own session id, which names the job on the server and
 * lets a timeout or a CI abort interrupt what the job left running there after its process is
 * killed. Databricks Connect speaks the same protocol (docs/spark.md).
 */
public final class ConnectLauncher implements JobLauncher {

    /** PySpark's own variable: set, it sends the jobs of a local master to that Connect server. */
    public static final String SPARK_REMOTE = "SPARK_REMOTE";
    private static final int DEFAULT_PORT = 15002;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration INTERRUPT_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);
    /**
     * Settings of the server's own JVM and deployment, which a client session cannot change
     * (Spark rejects them with CANNOT_MODIFY_CONFIG): not sent, and said so once.
     */
    private static final List<String> SERVER_SETTINGS = List.of("spark.driver.", "spark.executor.", "spark.ui.", "spark.master",
            "spark.submit.", "spark.jars", "spark.yarn.", "spark.kubernetes.", "spark.dynamicAllocation.", "spark.sql.extensions",
            "spark.sql.catalog.spark_catalog", "spark.app.name");
    /**
     * Runs the job's file as {@code python app.py args} would, after opening the session with the
     * job's {@code conf:} (runtime settings); the job's own {@code getOrCreate()} gets this session.
     */
    private static final String BOOTSTRAP = """
            import json, os, runpy, sys
            conf = json.loads(os.environ.pop("MODELGATE_CONNECT_CONF", "{}"))
            if conf:
                from pyspark.sql import SparkSession
                SparkSession.builder.config(map=conf).getOrCreate()
            sys.argv = sys.argv[1:]
            sys.path.insert(0, os.path.dirname(os.path.abspath(sys.argv[0])))
            runpy.run_path(sys.argv[0], run_name="__main__")
            """;
    private static final String INTERRUPT = """
            import sys
            from pyspark.sql import SparkSession
            session = SparkSession.builder.remote(sys.argv[1]).getOrCreate()
            print("interrupted operations:", len(session.interruptAll()))
            session.stop()
            """;

    private final String remote;
    private final String python;
    private final ResolvedConfig config;
    private final Map<String, String> env;
    private final Path projectDir;
    private final Path logDir;
    private final Console console;
    private final Clock clock;
    private final Duration heartbeat;

    /**
     * @param remote the server, {@code sc://host:port} with optional {@code /;param=value} parameters
     * @param env    the job's environment (the step's, with the MLflow settings of its environment)
     */
    public ConnectLauncher(String remote, JobConfig job, ResolvedConfig config, Map<String, String> env,
                           Path projectDir, Path logDir, Console console, Clock clock, Duration heartbeat) {
        this.remote = remote;
        this.python = python(job, env, projectDir);
        this.config = config;
        this.env = Map.copyOf(env);
        this.projectDir = projectDir;
        this.logDir = logDir;
        this.console = console;
        this.clock = clock;
        this.heartbeat = heartbeat;
    }

    /**
     * The Connect server a job runs against: its master when that is {@code sc://...}; else, for a
     * PySpark job with a local master (or none), {@code SPARK_REMOTE} of the environment, as PySpark
     * itself does; null for classic submission. A cluster master is an explicit target, and a jar
     * cannot run over Connect: both keep classic submission.
     */
    public static String remote(JobConfig job, Map<String, String> env) {
        String master = job.master();
        if (master != null && master.startsWith("sc://")) return master;
        String variable = env.get(SPARK_REMOTE);
        boolean local = master == null || master.startsWith("local");
        return local && job.isPython() && variable != null && variable.startsWith("sc://") ? variable : null;
    }

    /** The server's address without its parameters, which may hold a token: what is ever printed. */
    public static String server(String remote) {
        int params = remote.indexOf("/;");
        String address = params < 0 ? remote : remote.substring(0, params);
        return address.endsWith("/") ? address.substring(0, address.length() - 1) : address;
    }

    @Override
    public Path driverLog(String jobName) {
        return logDir.resolve(jobName + "-driver.log");
    }

    @Override
    public JobOutcome run(JobRequest request) {
        String name = request.name();
        Path app = SparkSubmitLauncher.localApp(config, projectDir, name, request.job());
        checkReachable();
        String session = UUID.randomUUID().toString();
        String url = withSession(session);
        Map<String, String> conf = new TreeMap<>(request.job().conf());
        List<String> notSent = conf.keySet().stream().filter(ConnectLauncher::serverSetting).toList();
        conf.keySet().removeAll(notSent);
        if (!notSent.isEmpty()) {
            console.line(name + ": settings of the server's JVM, not sent over Spark Connect: " + String.join(", ", notSent));
        }
        List<String> command = new ArrayList<>(List.of(python, "-c", BOOTSTRAP, app.toString()));
        command.addAll(request.args());
        Path log = driverLog(name);
        ProcessBuilder builder = new ProcessBuilder(command).directory(projectDir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        builder.environment().putAll(request.job().env());
        builder.environment().put(SPARK_REMOTE, url);
        builder.environment().put("MODELGATE_CONNECT_CONF", json(conf));
        builder.environment().putIfAbsent("PYTHONUNBUFFERED", "1");
        try {
            Files.createDirectories(logDir);
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw Fault.infrastructure("cannot write the driver log " + log + ": " + e.getMessage(), e);
        }

        Instant start = clock.instant();
        DriverLog driverLog = new DriverLog(log, line -> console.line("  " + line));
        try (Termination termination = new Termination(console, name)) {
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                throw Fault.infrastructure("cannot start the job's Python " + python + ": " + e.getMessage(), e);
            }
            ProcessTree tree = new ProcessTree(process.toHandle());
            console.line(name + ": RUNNING on Spark Connect " + server(remote) + ", session " + session);
            Thread follower = new Thread(driverLog, "modelgate-driver-log-" + name);
            follower.setDaemon(true);
            follower.start();

            JobOutcome.Ending stoppedAs = follow(request, tree, termination, start);
            String detail = null;
            if (stoppedAs != null) {
                detail = stop(tree, stoppedAs, request.timeout(), start, url);
            }
            finishLog(driverLog, follower);
            termination.stopped();
            Duration duration = Duration.between(start, clock.instant());
            JobOutcome.Ending ending;
            String state;
            if (stoppedAs != null) {
                ending = stoppedAs;
                state = "KILLED";
            } else if (process.exitValue() == 0) {
                ending = JobOutcome.Ending.SUCCEEDED;
                state = "FINISHED";
            } else {
                ending = JobOutcome.Ending.FAILED;
                state = "FAILED";
                detail = "the job exited with code " + process.exitValue();
            }
            console.line(name + ": " + state + " session " + session + " after " + Durations.format(Duration.ofSeconds(duration.toSeconds())));
            return new JobOutcome(ending, state, session, null, duration, driverLog.tail(), detail);
        }
    }

    /** Waits for the job's process to end, the timeout or a termination request; returns why it must be stopped, or null. */
    private JobOutcome.Ending follow(JobRequest request, ProcessTree tree, Termination termination, Instant start) {
        Instant deadline = start.plus(request.timeout());
        Instant nextBeat = start.plus(heartbeat);
        while (tree.root().isAlive()) {
            Instant now = clock.instant();
            if (!now.isBefore(deadline)) return JobOutcome.Ending.TIMED_OUT;
            if (termination.requested()) return JobOutcome.Ending.CANCELLED;
            if (!now.isBefore(nextBeat)) {
                console.line(request.name() + ": RUNNING, " + Durations.format(Duration.ofSeconds(Duration.between(start, now).toSeconds()))
                        + " elapsed (timeout " + Durations.format(request.timeout()) + ")");
                nextBeat = now.plus(heartbeat);
            }
            try {
                tree.root().onExit().get(200, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // poll again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return JobOutcome.Ending.CANCELLED;
            } catch (ExecutionException e) {
                break;
            }
        }
        return null;
    }

    /**
     * Kills the client's process tree, then interrupts what its session still runs on the server:
     * the server does not notice a killed client until the session times out, and would go on
     * computing (and writing) for it.
     */
    private String stop(ProcessTree tree, JobOutcome.Ending why, Duration timeout, Instant start, String url) {
        String reason = why == JobOutcome.Ending.TIMED_OUT
                ? "timed out after " + Durations.format(timeout)
                : "cancelled on termination after " + Durations.format(Duration.ofSeconds(Duration.between(start, clock.instant()).toSeconds()));
        console.line("stopping the job: " + reason);
        List<ProcessHandle> survivors = tree.kill(KILL_WAIT);
        String interrupted = interrupt(url, logDir.resolve(tree.root().pid() + "-interrupt.log"));
        String processes = survivors.isEmpty() ? "" : "; processes still alive after SIGKILL: "
                + survivors.stream().map(p -> String.valueOf(p.pid())).collect(Collectors.joining(", "));
        return reason + "; the job was stopped" + processes + "; " + interrupted;
    }

    /** Interrupts every operation of the job's session on the server and releases the session. */
    private String interrupt(String url, Path output) {
        ProcessBuilder builder = new ProcessBuilder(python, "-c", INTERRUPT, url).redirectErrorStream(true)
                .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().putAll(env);
        builder.environment().remove(SPARK_REMOTE);
        try {
            Process process = builder.start();
            if (!process.waitFor(INTERRUPT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                new ProcessTree(process.toHandle()).kill(KILL_WAIT);
                return "the session could not be interrupted within " + Durations.format(INTERRUPT_TIMEOUT);
            }
            List<String> lines = Files.readAllLines(output);
            Files.deleteIfExists(output);
            if (process.exitValue() != 0) {
                return "interrupting the session failed: " + (lines.isEmpty() ? "exit " + process.exitValue() : lines.get(lines.size() - 1));
            }
            return "its session on the server was interrupted";
        } catch (IOException e) {
            return "interrupting the session failed: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupting the session was cut short";
        }
    }

    /** The URL with this launch's session id, so that the job and its interruption name the same session. */
    private String withSession(String session) {
        String base = remote.endsWith("/") ? remote.substring(0, remote.length() - 1) : remote;
        return base + (base.contains("/;") ? ";" : "/;") + "session_id=" + session;
    }

    /** A server that cannot be reached fails in seconds, before any process starts (exit 3). */
    private void checkReachable() {
        URI uri;
        try {
            uri = URI.create("http://" + server(remote).substring("sc://".length()));
        } catch (IllegalArgumentException e) {
            throw Fault.usage("not a Spark Connect address: " + server(remote));
        }
        if (uri.getHost() == null) throw Fault.usage("not a Spark Connect address: " + server(remote));
        int port = uri.getPort() > 0 ? uri.getPort() : DEFAULT_PORT;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), port), Durations.millis(CONNECT_TIMEOUT));
        } catch (IOException e) {
            throw Fault.infrastructure("cannot reach the Spark Connect server " + server(remote) + ": " + e.getMessage());
        }
    }

    private static boolean serverSetting(String key) {
        return SERVER_SETTINGS.stream().anyMatch(key::startsWith);
    }

    /** The job's python: its {@code python}, else PYSPARK_PYTHON, else the venv's next to SPARK_HOME, else python3 on PATH. */
    private static String python(JobConfig job, Map<String, String> env, Path projectDir) {
        if (job.python() != null) {
            return job.python().contains("/") ? projectDir.resolve(job.python()).normalize().toString() : job.python();
        }
        if (env.get("PYSPARK_PYTHON") != null) return env.get("PYSPARK_PYTHON");
        String home = env.get("SPARK_HOME");
        String venv = home == null || home.isBlank() ? null : SparkHome.venvPython(Path.of(home));
        return venv != null ? venv : "python3";
    }

    private static String json(Map<String, String> conf) {
        try {
            return new ObjectMapper().writeValueAsString(conf);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void finishLog(DriverLog driverLog, Thread follower) {
        try {
            driverLog.finish(follower);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
