package io.modelgate.actions;

import io.modelgate.testbed.RunnerLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a step's commands print, and what their reports say, never becomes a workflow command; faults outside the step are one line. */
class UntrustedOutputTest {

    /** A test run printing workflow commands, and a report whose failure message holds them. */
    static final String HOSTILE_TESTS = "echo '::error::pwned-by-output'; echo '##[error]pwned-legacy'; echo '::add-mask::pwned-mask'; "
            + "echo '::set-output name=verdict::PASSED'; mkdir -p build; printf '%s' '<testsuite name=\"s\"><testcase classname=\"t\" name=\"a\">"
            + "<failure message=\"m\">line&#10;::error::pwned-by-report&#10;::stop-commands::x</failure></testcase></testsuite>' > build/unit.xml; exit 1";

    @TempDir
    Path dir;

    private Map<String, String> env(Path workspace) throws Exception {
        Map<String, String> env = new HashMap<>(GitHubRunner.variables(dir, workspace, "http://127.0.0.1:9", "gate", "unit", "push", "push.json",
                null, "feedc0de"));
        env.put("PATH", System.getenv("PATH"));
        env.put("INPUT_PUBLISH", "false");
        return env;
    }

    @Test
    void theStepsOutputAndReportAreReadWithCommandsStopped() throws Exception {
        Path workspace = Files.createDirectories(dir.resolve("ws"));
        Files.writeString(workspace.resolve("modelgate.yaml"), "project: demo\ntests:\n  unit:\n    command: \"" + HOSTILE_TESTS.replace("\"", "\\\"")
                + "\"\n    reports: build/unit.xml\n");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        int code = new ActionRunner(env(workspace), new PrintStream(stdout, true, StandardCharsets.UTF_8), System.err, workspace).run("unit-tests");
        String log = stdout.toString(StandardCharsets.UTF_8);
        assertEquals(1, code, log);
        assertTrue(log.contains("::error::pwned-by-output") && log.contains("pwned-by-report"), "the lines are in the log: " + log);
        List<String> commands = RunnerLog.commands(log);
        assertFalse(commands.stream().anyMatch(c -> c.contains("pwned") || c.contains("set-output")), "commands from data: " + commands);
        assertTrue(commands.contains("::error title=t.a::m"), "the runner's own annotation still counts: " + commands);
    }

    @Test
    void anUnwritableOutputFileIsOneErrorLineAndExit3() throws Exception {
        Path workspace = Files.createDirectories(dir.resolve("ws"));
        Files.writeString(workspace.resolve("modelgate.yaml"), "project: demo\ntests:\n  unit:\n    command: \"true\"\n");
        Map<String, String> env = env(workspace);
        env.put("GITHUB_OUTPUT", Files.createDirectories(dir.resolve("not-a-file")).toString());
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(stdout, true, StandardCharsets.UTF_8);
        int code = RunnerMain.guarded(() -> new ActionRunner(env, out, new PrintStream(stderr, true, StandardCharsets.UTF_8), workspace)
                .run("unit-tests"), env, out);
        String log = stdout.toString(StandardCharsets.UTF_8) + stderr.toString(StandardCharsets.UTF_8);
        assertEquals(3, code, log);
        assertTrue(RunnerLog.commands(log).stream().anyMatch(c -> c.startsWith("::error title=modelgate::cannot write " + dir.resolve("not-a-file"))), log);
        assertFalse(log.contains("\tat "), "no stack trace: " + log);
        assertTrue(Files.exists(workspace.resolve("build/modelgate/result.json")), "the result was written before");
    }

    @Test
    void anythingUnexpectedIsOneErrorLineAndExit3() {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        int code = RunnerMain.guarded(() -> {
            throw new StackOverflowError();
        }, Map.of(), new PrintStream(stdout, true, StandardCharsets.UTF_8));
        assertEquals(3, code);
        assertEquals("::error title=modelgate::internal error: java.lang.StackOverflowError\n", stdout.toString(StandardCharsets.UTF_8));
    }
}
