package io.modelgate.teststage;

import io.modelgate.fault.Fault;
import io.modelgate.teststage.TestCase.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TestStagePartsTest {

    @Test
    void shardsDealSortedFilesRoundRobin() {
        List<String> files = List.of("t/e.py", "t/a.py", "t/d.py", "t/b.py", "t/c.py");
        assertEquals(List.of("t/a.py", "t/c.py", "t/e.py"), Shard.parse("1/2", "--shard").select(files));
        assertEquals(List.of("t/b.py", "t/d.py"), Shard.parse(" 2 / 2 ", "--shard").select(files));
        assertEquals(List.of(), Shard.parse("6/6", "--shard").select(files));
        assertThrows(Fault.class, () -> Shard.parse("0/2", "--shard"));
        assertThrows(Fault.class, () -> Shard.parse("1/0", "--shard"));
        assertThrows(Fault.class, () -> Shard.parse("1of2", "--shard"));
        assertThrows(Fault.class, () -> Shard.parse("99999999999/2", "--shard"));
    }

    @Test
    void pytestReRunsGetLastFailedRightAfterPytest() {
        assertEquals("pytest --last-failed -q tests && echo ok", TestStage.rerunScript("pytest -q tests && echo ok"));
        assertEquals("python -m pytest --last-failed tests", TestStage.rerunScript("python -m pytest tests"));
        assertEquals(".venv/bin/pytest --last-failed", TestStage.rerunScript(".venv/bin/pytest"));
        assertEquals("py.test --last-failed x", TestStage.rerunScript("py.test x"));
        assertEquals("mvn test -Dtest=pytest_like", TestStage.rerunScript("mvn test -Dtest=pytest_like"));
        assertEquals("./gradlew test", TestStage.rerunScript("./gradlew test"));
    }

    @Test
    void theMissingCommandIsReadFromTheShellsMessage() {
        assertEquals("pytst", TestStage.missingCommand("bash: line 1: pytst: command not found\n"));
        assertEquals("pytst", TestStage.missingCommand("/bin/sh: 1: pytst: not found\n"));
        assertEquals("./gradlew", TestStage.missingCommand("bash: line 1: ./gradlew: No such file or directory\n"));
        assertNull(TestStage.missingCommand("something else went wrong\n"));
    }

    @Test
    void attemptsMergeIntoFlakyOrFailed() {
        TestCase failed = new TestCase("s", "c", "t", Status.FAILED, 1, "boom", "trace", null, "f.py", 3, "r.xml");
        TestCase passed = new TestCase("s", "c", "t", Status.PASSED, 1, null, null, null, null, null, "r.xml");
        TestResults results = new TestResults();
        results.addAttempt(List.of(failed, passed.withStatus(Status.PASSED, null)));
        results.addAttempt(List.of(passed));
        // The first "c.t" failed then passed; the second occurrence only ever passed.
        assertEquals(List.of(Status.FLAKY, Status.PASSED), results.cases().stream().map(TestCase::status).toList());
        assertEquals("failed, then passed on a re-run: boom", results.cases().get(0).message());
        assertEquals("f.py", results.cases().get(0).file());
        assertEquals(Status.FLAKY, TestResults.merge(passed, failed).status());
        assertEquals(Status.FAILED, TestResults.merge(failed, failed).status());
        assertEquals(Status.FAILED, TestResults.merge(failed, failed.withStatus(Status.SKIPPED, "")).status());
    }

    @Test
    void globsMatchBelowTheirFixedPrefixAndSkipGit(@TempDir Path dir) throws IOException {
        for (String file : List.of("build/a.xml", "build/sub/b.xml", "build/c.txt", ".git/x.xml", "other/d.xml", "e.xml")) {
            Files.createDirectories(dir.resolve(file).getParent());
            Files.writeString(dir.resolve(file), "");
        }
        assertEquals(List.of(Path.of("build/a.xml")), FileGlob.match(dir, List.of("build/*.xml")));
        assertEquals(List.of(Path.of("build/a.xml"), Path.of("build/sub/b.xml")), FileGlob.match(dir, List.of("build/**.xml")));
        assertEquals(List.of(Path.of("build/a.xml"), Path.of("build/sub/b.xml"), Path.of("other/d.xml")), FileGlob.match(dir, List.of("**/*.xml")));
        assertEquals(List.of(Path.of("e.xml")), FileGlob.match(dir, List.of("./e.xml", "missing/*.xml")));
        assertEquals("build/test-results", FileGlob.fixedPrefix("build/test-results/**/TEST-*.xml"));
        assertEquals("", FileGlob.fixedPrefix("*.xml"));
    }

    @Test
    void sparkSubmitArgumentsAreQuotedForTheShell() {
        assertEquals("local", ProcessRunner.word("local"));
        assertEquals("'local[2]'", ProcessRunner.word("local[2]"));
        assertEquals("'it'\\''s'", ProcessRunner.word("it's"));
        assertEquals("'$HOME'", ProcessRunner.word("$HOME"));
    }
}
