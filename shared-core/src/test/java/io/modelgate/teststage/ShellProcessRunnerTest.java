package io.modelgate.teststage;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShellProcessRunnerTest {

    @TempDir
    Path dir;

    private final ShellProcessRunner runner = new ShellProcessRunner(Duration.ofSeconds(2), 5);

    private ProcessRunner.Command command(String script, Map<String, String> env, Duration timeout) {
        return new ProcessRunner.Command(script, dir, env, timeout);
    }

    private static Map<String, String> path() {
        return Map.of("PATH", System.getenv("PATH"));
    }

    @Test
    void streamsEveryLineAndKeepsOnlyTheTail() {
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        ProcessRunner.Outcome outcome = runner.run(command("for i in $(seq 1 12); do echo line $i; done; echo to-stderr >&2; exit 4",
                path(), Duration.ofSeconds(20)), seen::add);
        assertEquals(4, outcome.exitCode());
        assertFalse(outcome.timedOut());
        assertEquals(13, seen.size());
        assertEquals("line 1", seen.get(0));
        assertEquals("to-stderr", seen.get(12));
        assertEquals("[8 earlier lines not kept]\nline 9\nline 10\nline 11\nline 12\nto-stderr\n", outcome.tail());
    }

    @Test
    void aSecretAcrossTheLineCutIsMaskedWhole() {
        String secret = "dapi-0123456789abcdef";
        io.modelgate.secret.SecretMasker masker = io.modelgate.secret.SecretMasker.of(Map.of("T", secret), List.of("T"));
        for (int before : new int[] {ShellProcessRunner.MAX_LINE - 3, ShellProcessRunner.MAX_LINE - 1, 2 * ShellProcessRunner.MAX_LINE - 10}) {
            List<String> seen = new ArrayList<>();
            // A line of `before` characters, then the secret, then more: the cut falls inside the secret.
            ProcessRunner.Outcome outcome = runner.run(new ProcessRunner.Command("head -c " + before + " /dev/zero | tr '\\0' a; printf '%s' \"$T\"; echo tail",
                    dir, Map.of("PATH", System.getenv("PATH"), "T", secret), Duration.ofSeconds(20), masker), line -> seen.add(masker.mask(line)));
            assertEquals(0, outcome.exitCode());
            String all = String.join("", seen);
            assertFalse(all.contains(secret.substring(0, 6)) || all.contains(secret.substring(secret.length() - 6)), "no half of the secret: " + before);
            assertTrue(all.endsWith("***tail"), all.substring(Math.max(0, all.length() - 40)));
            assertTrue(seen.stream().allMatch(line -> line.length() <= ShellProcessRunner.MAX_LINE + secret.length()), "lines stay cut");
            assertFalse(masker.mask(outcome.tail()).contains(secret.substring(0, 6)), "nor in the tail kept for reports");
        }
    }

    @Test
    void runsInTheWorkingDirectoryWithExactlyTheGivenEnvironment() {
        List<String> seen = new ArrayList<>();
        ProcessRunner.Outcome outcome = runner.run(command("pwd; echo \"[$ONLY_THIS][${HOME:-no home}]\"",
                Map.of("PATH", System.getenv("PATH"), "ONLY_THIS", "yes"), Duration.ofSeconds(20)), seen::add);
        assertEquals(0, outcome.exitCode());
        assertEquals(dir.toAbsolutePath().toString(), seen.get(0));
        assertEquals("[yes][no home]", seen.get(1));
    }

    @Test
    void aCommandNotFoundIsTheShellsExit127() {
        List<String> seen = new ArrayList<>();
        ProcessRunner.Outcome outcome = runner.run(command("no-such-tool-xyz --version", path(), Duration.ofSeconds(20)), seen::add);
        assertTrue(outcome.commandNotFound(), outcome.toString());
        assertTrue(outcome.tail().contains("no-such-tool-xyz: command not found"), outcome.tail());
    }

    @Test
    void splitsARunawayLine() {
        List<String> seen = new ArrayList<>();
        runner.run(command("head -c 20000 /dev/zero | tr '\\0' x", path(), Duration.ofSeconds(20)), seen::add);
        assertEquals(List.of(8192, 8192, 3616), seen.stream().map(String::length).toList());
    }

    @Test
    @Tag("e2e")
    void aTimeoutKillsTheWholeTreeIncludingChildrenThatIgnoreTerm() throws Exception {
        String marker = "4" + ThreadLocalRandom.current().nextInt(10_000_000, 99_999_999);
        // A background child, a grandchild through another shell, and one that traps TERM.
        String script = "sleep 1" + marker + " & bash -c 'sleep 2" + marker + "; :' & "
                + "bash -c 'trap \"\" TERM; sleep 3" + marker + "; :' & wait";
        long start = System.nanoTime();
        ProcessRunner.Outcome outcome = runner.run(command(script, path(), Duration.ofMillis(1500)), line -> { });
        assertTrue(outcome.timedOut());
        assertEquals(-1, outcome.exitCode());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(10)) < 0);
        assertEquals(List.of(), ProcessTable.awaitGone(marker));
    }
}
