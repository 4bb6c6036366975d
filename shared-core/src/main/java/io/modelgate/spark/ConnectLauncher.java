package io.modelgate.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelgate.config.Durations;
import io.modelgate.config.JobConfig;
import io.modelgate.config.ResolvedConfig;
import io.modelgate.fault.Fault;
import io.modelgate.step.Console;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
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
    /**
     * How long the session's interruption may take: well inside the 30 s a SIGTERM's shutdown hook
     * waits (Termination), since PySpark's client retries an unavailable server for minutes.
     */
    private static final Duration INTERRUPT_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);
    /**
     * Settings of the server's JVM and deployment, which a client session cannot change: not sent,
     * and said so once. (Other static settings PySpark sends and the server ignores.)
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
    /** Interrupts the session SPARK_REMOTE names (the URL stays out of the command line: it may hold a token). */
    private static final String INTERRUPT = """
            from pyspark.sql import SparkSession
            session = SparkSession.builder.getOrCreate()
            print("interrupted operations:", len(session.interruptAll()), flush=True)
            session.stop()
            """;

    private final String remote;
    private final JobConfig job;
    private final ResolvedConfig config;
    private final Map<String, String> env;
    private final Path projectDir;
    private final Path logDir;
    private final Console console;
    private final Clock clock;
    private final Duration heartbeat;

    /**
     * @param remote the server, {@code sc://host:port} with optional {@code /;param=value} parameters
     * @param env    the step's environment for the job (with the MLflow settings of its environment)
     */
    public ConnectLauncher(String remote, JobConfig job, ResolvedConfig config, Map<String, String> env,
                           Path projectDir, Path logDir, Console console, Clock clock, Duration heartbeat) {
        this.remote = remote;
        this.job = job;
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
     * PySpark job with a local master (or none), {@code SPARK_REMOTE} of its environment (the job's
     * {@code env} over the step's), as PySpark itself does; null for classic submission. A cluster
     * master is an explicit target, and a jar cannot run over Connect: both keep classic submission.
     */
    public static String remote(JobConfig job, Map<String, String> env) {
        String master = job.master();
        if (master != null && master.startsWith("sc://")) return master;
        String variable = sparkRemote(env, job);
        boolean local = master == null || master.startsWith("local");
        return local && job.isPython() && variable != null && variable.startsWith("sc://") ? variable : null;
    }

    /** SPARK_REMOTE as the job's process would see it: its {@code env} over the step's; null when unset. */
    static String sparkRemote(Map<String, String> env, JobConfig job) {
        return job.env().getOrDefault(SPARK_REMOTE, env.get(SPARK_REMOTE));
    }

    /** The server's address without its parameters, which may hold a token: what is ever printed. */
    public static String server(String remote) {
        int params = remote.indexOf(';');
        String address = params < 0 ? remote : remote.substring(0, params);
        return address.endsWith("/") ? address.substring(0, address.length() - 1) : address;
    }

    @Override
    public Path driverLog(String jobName) {
        return JobProcess.driverLog(logDir, jobName);
    }

    @Override
    public JobOutcome run(JobRequest request) {
        String name = request.name();
        Path app = SparkSubmitLauncher.localApp(config, projectDir, name, request.job());
        String python = python();
        checkReachable();
        String session = UUID.randomUUID().toString();
        Map<String, String> conf = new TreeMap<>(request.job().conf());
        List<String> notSent = new ArrayList<>(conf.keySet().stream().filter(ConnectLauncher::serverSetting).toList());
        conf.keySet().removeAll(notSent);
        if (!request.job().jars().isEmpty()) notSent.add("jars");
        if (!request.job().packages().isEmpty()) notSent.add("packages");
        if (!notSent.isEmpty()) {
            console.line(name + ": settings of the server, not sent over Spark Connect: " + String.join(", ", notSent));
        }
        List<String> command = new ArrayList<>(List.of(python, "-c", BOOTSTRAP, app.toString()));
        command.addAll(request.args());
        Path log = driverLog(name);
        ProcessBuilder builder = new ProcessBuilder(command).directory(projectDir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(sessionEnv(session));
        builder.environment().put("MODELGATE_CONNECT_CONF", json(conf));
        JobProcess.prepareLog(logDir, log);

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

            JobOutcome.Ending stoppedAs = JobProcess.follow(request, tree, termination, start, clock, heartbeat, console, () -> "RUNNING");
            String detail = null;
            if (stoppedAs != null) {
                detail = stop(tree, stoppedAs, request.timeout(), start, session, python);
            }
            JobProcess.finishLog(driverLog, follower);
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
            console.line(name + ": " + state + " session " + session + " after " + Durations.format(JobProcess.seconds(duration)));
            return new JobOutcome(ending, state, session, null, duration, driverLog.tail(), detail);
        }
    }

    /**
     * The environment of the job's process and of its interruption, alike (PySpark names the
     * session's user from it): the step's, the job's {@code env}, and SPARK_REMOTE with the session.
     */
    private Map<String, String> sessionEnv(String session) {
        Map<String, String> childEnv = new HashMap<>(env);
        childEnv.putAll(job.env());
        // A token parameter moves to the variable PySpark also reads it from: the URL, which the
        // client prints in some of its errors, then carries none.
        List<String> params = new ArrayList<>();
        int at = remote.indexOf(';');
        if (at >= 0) {
            for (String param : remote.substring(at + 1).split(";")) {
                if (param.startsWith("token=")) {
                    childEnv.put("SPARK_CONNECT_AUTHENTICATE_TOKEN", param.substring("token=".length()));
                } else if (!param.isBlank()) {
                    params.add(param);
                }
            }
        }
        params.add("session_id=" + session);
        childEnv.put(SPARK_REMOTE, server(remote) + "/;" + String.join(";", params));
        childEnv.putIfAbsent("PYTHONUNBUFFERED", "1");
        return childEnv;
    }

    /**
     * Kills the client's process tree, then interrupts what its session still runs on the server:
     * the server does not notice a killed client until the session times out, and would go on
     * computing (and writing) for it.
     */
    private String stop(ProcessTree tree, JobOutcome.Ending why, Duration timeout, Instant start, String session, String python) {
        String reason = JobProcess.stopReason(why, timeout, start, clock);
        console.line("stopping the job: " + reason);
        List<ProcessHandle> survivors = tree.kill(KILL_WAIT);
        String processes = survivors.isEmpty() ? "" : "; processes still alive after SIGKILL: "
                + survivors.stream().map(p -> String.valueOf(p.pid())).collect(Collectors.joining(", "));
        return reason + "; the job was stopped" + processes + "; " + interrupt(session, python);
    }

    /** Interrupts every operation of the job's session on the server and releases the session. */
    private String interrupt(String session, String python) {
        Process process = null;
        try {
            ProcessBuilder builder = new ProcessBuilder(python, "-c", INTERRUPT).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().putAll(sessionEnv(session));
            process = builder.start();
            Process running = process;
            // Read on its own thread: a hung client must not block past the deadline.
            java.util.concurrent.CompletableFuture<List<String>> output = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(running.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().toList();
                } catch (IOException e) {
                    return List.of();
                }
            });
            if (!process.waitFor(INTERRUPT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                return "its session on the server could not be interrupted within " + Durations.format(INTERRUPT_TIMEOUT);
            }
            List<String> lines = output.get(KILL_WAIT.toSeconds(), TimeUnit.SECONDS);
            String counted = lines.stream().filter(l -> l.startsWith("interrupted operations: ")).findFirst().orElse(null);
            if (process.exitValue() != 0 || counted == null) {
                return "interrupting its session on the server failed: "
                        + (lines.isEmpty() ? "exit " + process.exitValue() : lines.get(lines.size() - 1));
            }
            String count = counted.substring("interrupted operations: ".length()).strip();
            return "its session on the server was interrupted (" + count + " running operation" + (count.equals("1") ? ")" : "s)");
        } catch (IOException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return "interrupting its session on the server failed: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupting its session on the server was cut short";
        } finally {
            if (process != null && process.isAlive()) new ProcessTree(process.toHandle()).kill(KILL_WAIT);
        }
    }

    private void checkReachable() {
        URI uri;
        try {
            uri = URI.create("http://" + server(remote).substring("sc://".length()));
        } catch (IllegalArgumentException e) {
            throw Fault.usage("not a Spark Connect address: " + server(remote));
        }
        if (uri.getHost() == null) throw Fault.usage("not a Spark Connect address: " + server(remote));
        JobProcess.probe(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : DEFAULT_PORT, "Spark Connect server " + server(remote));
    }

    private static boolean serverSetting(String key) {
        return SERVER_SETTINGS.stream().anyMatch(key::startsWith);
    }

    /** The job's python as classic submission would choose it (SparkHome), else python3 on the PATH. */
    private String python() {
        String python = SparkHome.python(job, env, projectDir, SparkHome.declaredHome(job, env, projectDir));
        return python != null ? python : "python3";
    }

    private static String json(Map<String, String> conf) {
        try {
            return new ObjectMapper().writeValueAsString(conf);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
