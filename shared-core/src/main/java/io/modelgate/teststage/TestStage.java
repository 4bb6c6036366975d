package io.modelgate.teststage;

import io.modelgate.config.ConfigError;
import io.modelgate.config.ConfigFile;
import io.modelgate.config.Durations;
import io.modelgate.config.JobConfig;
import io.modelgate.config.ProjectConfig;
import io.modelgate.config.TestStageConfig;
import io.modelgate.secret.SecretMasker;
import io.modelgate.spark.JobArguments;
import io.modelgate.spark.JobLauncher;
import io.modelgate.spark.JobOutcome;
import io.modelgate.spark.JobRequest;
import io.modelgate.spark.SparkSubmitStep;
import io.modelgate.step.Step;
import io.modelgate.step.StepContext;
import io.modelgate.fault.Fault;
import io.modelgate.step.StepResult;
import io.modelgate.step.Verdict;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code unit-tests} and {@code integration-tests} steps: run the stage's commands, read
 * the JUnit XML they wrote, re-run failures when asked, and return one result.
 *
 * <p>Unit tests run with every secret variable removed from their environment. Integration
 * tests first take the environment's lock, launch the pipeline jobs through the spark-submit
 * step's launchers (spark-submit or Databricks), then run with the environment's MLflow
 * settings exported.
 */
public final class TestStage implements Step {

    public enum Kind {
        UNIT("unit", "unit-tests"), INTEGRATION("integration", "integration-tests");

        final String key;
        final String step;

        Kind(String key, String step) {
            this.key = key;
            this.step = step;
        }
    }

    /** Reports older than the attempt by more than this are left from an earlier run (file systems round mtimes). */
    private static final Duration STALE_SLACK = Duration.ofSeconds(2);
    static final Pattern PYTEST = Pattern.compile("(?<![\\w.-])((?:[\\w./-]*/)?(?:pytest|py\\.test))(?=\\s|$)");
    private static final Pattern NOT_FOUND = Pattern.compile("(?m)^\\S*?: (?:line \\d+: |\\d+: )?(.+?): (?:command )?not found\\s*$");
    private static final Pattern NO_SUCH_FILE = Pattern.compile("(?m)^\\S*?: (?:line \\d+: |\\d+: )?(.+?): No such file or directory\\s*$");
    /** Python's own message when {@code python -m X} finds no module X: the runner is not installed. */
    private static final Pattern NO_MODULE = Pattern.compile("(?m)^\\S*python[\\d.]*: No module named (\\S+)\\s*$");

    /** Names under which runners and clouds hand out credentials. */
    private static final Pattern CREDENTIAL_NAME = Pattern.compile(
            "(?i).*(TOKEN|SECRET|PASSWORD|PASSWD|PASSPHRASE|CREDENTIAL|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|AUTH_?KEY).*");

    private final Kind kind;
    private final ProcessRunner runner;

    public TestStage(Kind kind, ProcessRunner runner) {
        this.kind = kind;
        this.runner = runner;
    }

    public static TestStage unitTests() {
        return new TestStage(Kind.UNIT, new ShellProcessRunner());
    }

    public static TestStage integrationTests() {
        return new TestStage(Kind.INTEGRATION, new ShellProcessRunner());
    }

    @Override
    public StepResult run(StepContext context) {
        String key = "tests." + kind.key;
        ProjectConfig project = context.config().config();
        TestStageConfig stage = project.tests() == null ? null
                : kind == Kind.UNIT ? project.tests().unit() : project.tests().integration();
        ConfigFile file = context.config().file();
        if (stage == null) {
            throw new ConfigError(file.displayName() + ": " + key + " is not configured: add tests: " + kind.key
                    + ": { command: \"...\", reports: \"build/*.xml\" } to run the " + kind.step + " step");
        }
        int retries = context.params().integer("retries");
        Path workingDir = context.projectDir().resolve(stage.workingDir() == null ? "." : stage.workingDir()).normalize();
        if (!Files.isDirectory(workingDir)) {
            throw context.config().errorAt(key + ".working_dir", "the directory " + workingDir + " does not exist");
        }
        Duration timeout = context.params().has("timeout") ? context.params().duration("timeout") : stage.timeout();
        Map<String, String> env = kind == Kind.UNIT ? withoutSecrets(context, stage.allowCredentials()) : context.childEnv();
        env.putAll(stage.env());

        List<String> files = List.of();
        String shardText = context.params().string("shard");
        Shard shard = shardText == null ? null : Shard.parse(shardText, context.spell("shard"));
        if (shard != null || stage.command().stream().anyMatch(c -> c.contains("{files}"))) {
            if (stage.files().isEmpty()) {
                throw context.config().errorAt(key, (shard != null ? context.spell("shard") : "{files} in the command")
                        + " needs " + key + ".files: glob(s) of the test files, e.g. files: \"tests/**/test_*.py\"");
            }
            List<String> all = FileGlob.match(workingDir, stage.files()).stream().map(p -> p.toString().replace('\\', '/')).toList();
            files = shard == null ? all : shard.select(all);
            if (shard != null) {
                env.put("MODELGATE_SHARD", shard.toString());
                env.put("MODELGATE_SHARD_INDEX", String.valueOf(shard.index()));
                env.put("MODELGATE_SHARD_TOTAL", String.valueOf(shard.total()));
                env.put("MODELGATE_SHARD_FILES", String.join("\n", files));
                context.console().line("shard " + shard + ": " + files.size() + " of " + all.size() + " test files");
                if (stage.command().stream().noneMatch(c -> c.contains("{files}"))) {
                    context.console().line("note: the command has no {files} placeholder; it must read MODELGATE_SHARD_FILES itself");
                }
                if (files.isEmpty()) {
                    boolean fail = context.params().flag("fail-on-empty");
                    return StepResult.builder(kind.step, fail ? Verdict.FAILED : Verdict.SKIPPED,
                                    "shard " + shard + " has no test files (" + all.size() + " files match " + key + ".files)")
                            .output("total", "0").output("failed", "0").output("skipped", "0").output("flaky", "0").build();
                }
            }
        }
        String fileList = String.join(" ", files.stream().map(ProcessRunner::word).toList());
        List<String> commands = stage.command().stream().map(c -> c.replace("{files}", fileList)).toList();
        TestRun run = new TestRun(context, key, stage, workingDir, env, timeout, retries, commands);

        if (kind == Kind.UNIT) {
            return run.execute();
        }
        String environment = context.config().environment() == null ? "default" : context.config().environment();
        Path lockDir = context.env().containsKey("MODELGATE_LOCK_DIR") ? Path.of(context.env().get("MODELGATE_LOCK_DIR"))
                : EnvironmentLock.defaultDirectory();
        try (EnvironmentLock lock = EnvironmentLock.acquire(lockDir, project.project(), environment,
                context.params().duration("lock-timeout"), context.spell("lock-timeout"), context.ci().runUrl(), context.clock(), context.console()::line)) {
            context.console().line("locked environment " + environment + " (" + lock.file() + ")");
            StepResult failedJob = launchJobs(context, project, stage, run);
            return failedJob != null ? failedJob : run.execute();
        }
    }

    /**
     * Launches the stage's jobs in order, as the spark-submit step would, each to its end;
     * returns the stage's result at the first job that does not succeed, null when all did.
     * Every job's arguments and launcher are checked before the first one starts, so a typo in
     * the last job does not cost a run of the first.
     */
    private StepResult launchJobs(StepContext context, ProjectConfig project, TestStageConfig stage, TestRun run) {
        List<String> names = stage.jobs() != null ? stage.jobs() : List.copyOf(project.jobs().keySet());
        LocalDate runDate = LocalDate.now(context.clock().withZone(ZoneOffset.UTC));
        List<Launch> launches = new ArrayList<>();
        for (String name : names) {
            JobConfig job = project.jobs().get(name);
            List<String> args = JobArguments.substitute(name, job.args(), context.config(), context.spell("environment"), context.ci().commit(), runDate);
            launches.add(new Launch(SparkSubmitStep.launcher(context, name, job), new JobRequest(name, job, args, job.timeout())));
        }
        for (Launch launch : launches) {
            String name = launch.request().name();
            context.console().line("launching job " + name + " (" + launch.request().job().app()
                    + ", timeout " + Durations.format(launch.request().timeout()) + ")");
            JobOutcome outcome = launch.launcher().run(launch.request());
            run.jobRow(name, outcome);
            if (outcome.ending() != JobOutcome.Ending.SUCCEEDED) {
                Path driverLog = launch.launcher().driverLog(name);
                return run.jobEnded(name, outcome, driverLog != null && Files.exists(driverLog) ? driverLog : null);
            }
        }
        return null;
    }

    private record Launch(JobLauncher launcher, JobRequest request) {
    }

    /**
     * The process environment without any secret: those the config names (every environment's),
     * the well-known ones, and whatever else the runner holds under a credential's name
     * ({@code ACTIONS_RUNTIME_TOKEN}, {@code AWS_SECRET_ACCESS_KEY}, ...) unless
     * {@code allow_credentials} lets it through.
     */
    public static Map<String, String> withoutSecrets(StepContext context, List<String> allowed) {
        Map<String, String> env = new HashMap<>(context.env());
        env.keySet().removeIf(name -> CREDENTIAL_NAME.matcher(name).matches() && !allowed.contains(name));
        context.config().file().secretVariables().keySet().forEach(env::remove);
        context.config().secretVariables().keySet().forEach(env::remove);
        SecretMasker.WELL_KNOWN.forEach(env::remove);
        return env;
    }

    /** pytest re-runs only what failed last time with {@code --last-failed}; other tools re-run whole. */
    static String rerunScript(String command) {
        Matcher pytest = PYTEST.matcher(command);
        return pytest.find() ? command.substring(0, pytest.end()) + " --last-failed" + command.substring(pytest.end()) : command;
    }

    /** What the shell could not find, from its message (bash: "x: command not found", dash: "x: not found"). */
    static String missingCommand(String tail) {
        Matcher notFound = NOT_FOUND.matcher(tail);
        String name = null;
        while (notFound.find()) name = notFound.group(1);
        if (name == null) {
            Matcher noFile = NO_SUCH_FILE.matcher(tail);
            while (noFile.find()) name = noFile.group(1);
        }
        return name;
    }

    /** The module of {@code python -m MODULE} that Python could not find, or null (a test's own failed import is a test failure). */
    static String missingModule(String script, String tail) {
        Matcher missing = NO_MODULE.matcher(tail);
        while (missing.find()) {
            String module = missing.group(1);
            if (Pattern.compile("(?<!\\S)-m\\s+" + Pattern.quote(module) + "(?=\\s|$)").matcher(script).find()) return module;
        }
        return null;
    }

    /** One execution of the stage's commands, with its re-runs, turned into a result. */
    private final class TestRun {
        private final StepContext context;
        private final String key;
        private final TestStageConfig stage;
        private final Path workingDir;
        private final Map<String, String> env;
        private final Duration timeout;
        private final int retries;
        private final List<String> commands;
        private final List<List<String>> commandRows = new ArrayList<>();
        private final StringBuilder log = new StringBuilder();
        private int commandsRun;

        TestRun(StepContext context, String key, TestStageConfig stage, Path workingDir, Map<String, String> env,
                Duration timeout, int retries, List<String> commands) {
            this.context = context;
            this.key = key;
            this.stage = stage;
            this.workingDir = workingDir;
            this.env = env;
            this.timeout = timeout;
            this.retries = retries;
            this.commands = commands;
        }

        void jobRow(String name, JobOutcome outcome) {
            String id = outcome.appId() == null ? "" : " " + outcome.appId();
            commandRows.add(List.of("job " + name + id, outcome.state(), seconds(outcome.duration()), "1"));
        }

        /**
         * A job that failed fails the stage (exit 1); one stopped at its timeout, cancelled or
         * ended by the backend without a verdict is an infrastructure error (exit 3). The tests do not run.
         */
        StepResult jobEnded(String name, JobOutcome outcome, Path driverLog) {
            String id = outcome.appId() == null ? "" : " (" + outcome.appId() + ")";
            String tail = String.join("\n", outcome.logTail());
            boolean failed = outcome.ending() == JobOutcome.Ending.FAILED;
            StepResult.Builder result = failed
                    ? StepResult.builder(kind.step, Verdict.FAILED, "pipeline job " + name + " failed" + id + ": " + outcome.detail() + "; tests not run")
                    : StepResult.builder(kind.step, Verdict.ERROR, "pipeline job " + name + " " + outcome.detail() + id + "; tests not run")
                            .errorKind(Fault.Kind.INFRASTRUCTURE);
            String runPage = outcome.runUrl() == null ? "" : "\nrun page: " + outcome.runUrl();
            result.table(commandsTable())
                    .check("job " + name, failed ? Verdict.FAILED : Verdict.ERROR, outcome.detail() + runPage + (tail.isEmpty() ? "" : "\n" + tail))
                    .output("total", "0").output("failed", "0").output("skipped", "0").output("flaky", "0")
                    .log(tail);
            if (driverLog != null) result.artifact(driverLog);
            return result.build();
        }

        StepResult execute() {
            TestResults results = new TestResults();
            Map<Path, String> unreadable = new TreeMap<>();
            Set<Path> reportsRead = new LinkedHashSet<>();
            int[] exitCodes = new int[commands.size()];
            List<Integer> toRun = new ArrayList<>();
            for (int i = 0; i < commands.size(); i++) toRun.add(i);
            Set<Path> stale = new LinkedHashSet<>();
            for (int attempt = 1; attempt <= retries + 1; attempt++) {
                long attemptStart = System.currentTimeMillis() - STALE_SLACK.toMillis();
                log.setLength(0);
                for (int i : toRun) {
                    String script = attempt == 1 ? commands.get(i) : rerunScript(commands.get(i));
                    context.console().line((attempt > 1 ? "re-run " + (attempt - 1) + " of " + retries + ": " : "") + "$ " + script);
                    commandsRun++;
                    ProcessRunner.Outcome outcome = runner.run(new ProcessRunner.Command(script, workingDir, env, timeout,
                            context.console().masker()), context.console()::line);
                    log.append("$ ").append(script).append('\n').append(outcome.tail());
                    String where = key + ".command[" + i + "]";
                    commandRows.add(List.of(script, outcome.timedOut() ? "timed out" : String.valueOf(outcome.exitCode()),
                            seconds(outcome.duration()), String.valueOf(attempt)));
                    if (outcome.timedOut()) {
                        return error(where + " timed out after " + Durations.format(timeout) + "; its process tree was killed");
                    }
                    if (outcome.commandNotFound() || outcome.notExecutable()) {
                        String missing = missingCommand(outcome.tail());
                        return error(where + ": the shell " + (outcome.commandNotFound() ? "could not find " : "could not execute ")
                                + (missing == null ? "the command" : "\"" + missing + "\"") + " (exit " + outcome.exitCode()
                                + "; looked in " + workingDir + " and PATH=" + env.getOrDefault("PATH", "") + ")");
                    }
                    String module = outcome.exitCode() != 0 ? missingModule(script, outcome.tail()) : null;
                    if (module != null) {
                        return error(where + ": the test runner is not installed: python has no module " + module + " (exit "
                                + outcome.exitCode() + "); install it where the command runs, e.g. pip install " + module);
                    }
                    exitCodes[i] = outcome.exitCode();
                }
                List<Path> fresh = new ArrayList<>();
                for (Path relative : FileGlob.match(context.projectDir(), stage.reports())) {
                    try {
                        if (Files.getLastModifiedTime(context.projectDir().resolve(relative)).toMillis() < attemptStart) {
                            stale.add(relative);
                        } else {
                            fresh.add(relative);
                        }
                    } catch (IOException e) {
                        unreadable.put(relative, relative + ": cannot be read: " + e.getMessage());
                    }
                }
                List<TestCase> cases = new ArrayList<>();
                for (JUnitXmlReader.Read read : JUnitXmlReader.readAll(context.projectDir(), fresh)) {
                    if (read.problem() != null) {
                        unreadable.put(read.report(), read.problem());
                    } else {
                        unreadable.remove(read.report());
                        cases.addAll(read.cases());
                        Path report = context.projectDir().resolve(read.report());
                        reportsRead.add(report);
                    }
                }
                results.addAttempt(cases);
                toRun = new ArrayList<>();
                for (int i = 0; i < commands.size(); i++) if (exitCodes[i] != 0) toRun.add(i);
                boolean failing = results.anyFailing() || !toRun.isEmpty();
                if (!failing || attempt == retries + 1) break;
                if (toRun.isEmpty()) {
                    for (int i = 0; i < commands.size(); i++) toRun.add(i);
                }
                context.console().line("some tests failed; re-running (" + attempt + " of " + retries + ")");
            }
            if (commandsRun == 0) {
                // A pass needs something that passed: no command ran is never a green check.
                return error(key + ": no command ran");
            }
            List<String> failedCommands = new ArrayList<>();
            for (int i = 0; i < commands.size(); i++) {
                if (exitCodes[i] != 0) failedCommands.add(key + ".command[" + i + "] exited " + exitCodes[i]);
            }
            return new TestStageResult(kind.step, context, workingDir).render(results, unreadable, new ArrayList<>(reportsRead), failedCommands,
                    new ArrayList<>(stale), stage.reports(), commands, commandsTable(), log.toString());
        }

        private StepResult error(String headline) {
            return StepResult.builder(kind.step, Verdict.ERROR, headline).errorKind(Fault.Kind.INFRASTRUCTURE)
                    .table(commandsTable()).log(log.toString()).build();
        }

        private StepResult.Table commandsTable() {
            return new StepResult.Table("Commands", List.of("command", "exit", "seconds", "attempt"), commandRows);
        }
    }

    static String seconds(Duration duration) {
        return String.format(java.util.Locale.ROOT, "%.1f", duration.toMillis() / 1000.0);
    }
}
