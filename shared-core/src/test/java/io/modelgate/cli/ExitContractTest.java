package io.modelgate.cli;

import io.modelgate.testbed.RunnerLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line keeps the exit-code contract and its output clean whatever it is given. */
class ExitContractTest {

    @TempDir
    Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Map<String, String> env = new HashMap<>(Map.of("PATH", System.getenv("PATH")));

    private int run(String... args) {
        return new CommandLineApp(env, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), dir).run(args);
    }

    private void unitTests(String command) throws Exception {
        Files.writeString(dir.resolve("modelgate.yaml"), "project: demo\ntests:\n  unit:\n    command: '" + command + "'\n");
    }

    @Test
    void retriesPastTheirBoundAreAUsageErrorNotAPass() throws Exception {
        unitTests("exit 1");
        assertEquals(2, run("unit-tests", "--retries", "2147483647"));
        assertEquals("modelgate: error: step unit-tests, --retries: must be between 0 and 10, got 2147483647\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anAtFileArgumentIsTakenAsItIsNeverReadAndEchoed() throws Exception {
        Path secretFile = Files.writeString(dir.resolve("netrc"), "machine example password file-content-canary\n");
        int code = run("promote-model", "--model", "@" + secretFile, "--version", "1", "--to", "champion", "--bogus");
        assertEquals(2, code);
        assertFalse((out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8)).contains("file-content-canary"),
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aPassWhoseReportsCannotBeWrittenIsExit3() throws Exception {
        unitTests("true");
        Files.writeString(dir.resolve("occupied"), "a file where the output folder would go");
        assertEquals(3, run("unit-tests", "--output-dir", "occupied"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("the reports could not be written: cannot write reports to "),
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anythingUnexpectedIsOneLineAndExit3WithoutDebug() {
        ByteArrayOutputStream trace = new ByteArrayOutputStream();
        int code = Main.guarded(() -> {
            throw new OutOfMemoryError("Java heap space");
        }, Map.of(), new PrintStream(trace, true, StandardCharsets.UTF_8), false);
        assertEquals(3, code);
        assertEquals("modelgate: internal error: java.lang.OutOfMemoryError: Java heap space (run with --debug for the stack trace)\n",
                trace.toString(StandardCharsets.UTF_8));
    }

    @Test
    void inAGitHubRunStepTheTestsOutputIsNoWorkflowCommand() throws Exception {
        unitTests("echo ::error::pwned; echo ::add-mask::pwned-mask; exit 1");
        env.put("GITHUB_ACTIONS", "true");
        assertEquals(1, run("unit-tests", "--fail-on-empty"));
        String log = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("::error::pwned"), log);
        assertEquals(java.util.List.of(), RunnerLog.commands(log), log);
    }
}
