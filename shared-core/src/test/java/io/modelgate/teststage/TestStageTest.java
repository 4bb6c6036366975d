package io.modelgate.teststage;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The unit-tests step through the real command line, with real shell commands writing reports. */
class TestStageTest {

    @TempDir
    Path dir;
    private StageRun stage;

    @BeforeEach
    void project() {
        stage = new StageRun(dir);
    }

    private void unit(String command, String extra) {
        stage.config("project: demo\nmlflow: { tracking_uri: \"http://127.0.0.1:9\", token_env: DEMO_TOKEN }\n"
                + "tests:\n  unit:\n    command: '" + command + "'\n    reports: \"build/*.xml\"\n" + extra);
    }

    @Test
    void passingTestsPassWithTotals() {
        stage.write("ok.xml", StageRun.report("test_a", null, "test_b", null));
        unit("mkdir -p build && cp ok.xml build/", "");
        stage.run("unit-tests");
        assertEquals(0, stage.exitCode, stage.toString());
        assertEquals("2 tests passed (0.0s)", stage.headline());
        assertEquals("2", stage.output("total"));
        assertEquals("0", stage.output("failed"));
    }

    @Test
    void aStageThatIsNotConfiguredIsAUsageError() {
        stage.config("project: demo\n");
        stage.run("unit-tests");
        assertEquals(2, stage.exitCode, stage.toString());
        assertTrue(stage.err.contains("modelgate.yaml: tests.unit is not configured"), stage.err);
    }

    @Test
    void aCommandNotFoundIsAnInfrastructureErrorNamingIt() {
        unit("pytst -q tests", "");
        stage.run("unit-tests");
        assertEquals(3, stage.exitCode, stage.toString());
        assertTrue(stage.err.contains("tests.unit.command[0]: the shell could not find \"pytst\" (exit 127; looked in "), stage.err);
        assertTrue(stage.err.contains("PATH=" + System.getenv("PATH")), stage.err);
        assertFalse(stage.err.contains("\tat "), "no stack trace: " + stage.err);
    }

    @Test
    void aMissingScriptIsNamedToo() {
        unit("./gradlew test", "");
        stage.run("unit-tests");
        assertEquals(3, stage.exitCode, stage.toString());
        assertTrue(stage.err.contains("could not find \"./gradlew\""), stage.err);
    }

    @Test
    void aReportThatIsNotXmlFailsTheStageWithItsPath() {
        unit("mkdir -p build && echo all tests passed > build/unit.xml", "");
        stage.run("unit-tests");
        assertEquals(1, stage.exitCode, stage.toString());
        assertTrue(stage.headline().startsWith("1 unreadable report: build/unit.xml"), stage.headline());
        JsonNode annotation = stage.result().path("annotations").get(0);
        assertEquals("build/unit.xml", annotation.path("file").asText());
        assertTrue(annotation.path("message").asText().startsWith("build/unit.xml:1: not valid XML"), annotation.toString());
    }

    @Test
    void aTruncatedReportFailsTheStageWithPathAndLine() {
        stage.write("whole.xml", StageRun.report("test_a", null, "test_b", "boom", "test_c", null));
        unit("mkdir -p build && head -c 150 whole.xml > build/unit.xml", "");
        stage.run("unit-tests");
        assertEquals(1, stage.exitCode, stage.toString());
        String problem = stage.result().path("annotations").get(0).path("message").asText();
        assertTrue(problem.matches("build/unit\\.xml:\\d+: not valid XML \\(truncated or not a JUnit report\\): .+"), problem);
    }

    @Test
    void aGlobMatchingNothingPassesWithAWarningOrFailsWithFailOnEmpty() {
        unit("true", "");
        stage.run("unit-tests");
        assertEquals(0, stage.exitCode, stage.toString());
        assertEquals("the command passed, but no test report matched build/*.xml", stage.headline());
        assertEquals("WARNING", stage.result().path("annotations").get(0).path("level").asText());
        stage.run("unit-tests", "--fail-on-empty");
        assertEquals(1, stage.exitCode, stage.toString());
        assertEquals("no test report matched build/*.xml (--fail-on-empty)", stage.headline());
    }

    @Test
    void reportsLeftFromAnEarlierRunAreIgnored() throws Exception {
        stage.write("build/old.xml", StageRun.report("test_a", "old failure"));
        Files.setLastModifiedTime(dir.resolve("build/old.xml"), FileTime.from(Instant.now().minusSeconds(3600)));
        unit("true", "");
        stage.run("unit-tests", "--fail-on-empty");
        assertEquals(1, stage.exitCode, stage.toString());
        assertEquals("0", stage.output("total"));
        assertTrue(stage.result().path("annotations").toString().contains("1 report matching build/*.xml predate this run and were ignored"));
    }

    @Test
    void aCommandFailingWithoutFailedTestsFailsTheStage() {
        stage.write("ok.xml", StageRun.report("test_a", null));
        unit("mkdir -p build && cp ok.xml build/ && exit 2", "");
        stage.run("unit-tests");
        assertEquals(1, stage.exitCode, stage.toString());
        assertEquals("tests.unit.command[0] exited 2 (0.0s)", stage.headline());
    }

    @Test
    void failuresComeFirstWithFileAndLineAsAnnotations() {
        stage.write("r.xml", StageRun.report("test_a", null, "test_b", "expected 3", "test_c", null));
        stage.write("tests/test_m.py", "\n");
        unit("mkdir -p build && cp r.xml build/ && exit 1", "");
        stage.run("unit-tests");
        assertEquals(1, stage.exitCode, stage.toString());
        assertEquals("1 of 3 tests failed (0.0s)", stage.headline());
        JsonNode failures = stage.result().path("tables").get(0);
        assertEquals("Failures", failures.path("title").asText());
        assertEquals("[\"tests.test_m.test_b\",\"expected 3\",\"tests/test_m.py:7\"]", failures.path("rows").get(0).toString());
        JsonNode annotation = stage.result().path("annotations").get(0);
        assertEquals("ERROR", annotation.path("level").asText());
        assertEquals("tests/test_m.py", annotation.path("file").asText());
        assertEquals(7, annotation.path("line").asInt());
        String junit = read(dir.resolve("out/junit-unit-tests.xml"));
        assertTrue(junit.contains("tests=\"3\" failures=\"1\""), junit);
    }

    @Test
    void javaFramesAreResolvedToTheSourceFileInTheProject() throws Exception {
        stage.write("src/test/java/com/example/ScoringTest.java", "class ScoringTest {}\n");
        Files.copy(JUnitXmlReaderTest.fixture("surefire-rerun.xml"), dir.resolve("surefire.xml"));
        unit("mkdir -p build && cp surefire.xml build/TEST-x.xml", "");
        stage.run("unit-tests");
        assertEquals(1, stage.exitCode, stage.toString());
        assertEquals("2 of 5 tests failed (1 skipped, 1 flaky, 0.3s)", stage.headline());
        JsonNode annotations = stage.result().path("annotations");
        assertEquals("src/test/java/com/example/ScoringTest.java", annotations.get(0).path("file").asText());
        assertEquals(57, annotations.get(0).path("line").asInt());
        assertEquals("WARNING", annotations.get(2).path("level").asText(), "the flaky test is a warning: " + annotations);
        assertEquals("1", stage.output("flaky"));
    }

    @Test
    void unitTestsGetNoSecretVariables() {
        stage.env.put("DEMO_TOKEN", "s3cret-demo");
        stage.env.put("GITHUB_TOKEN", "ghp_secret");
        stage.env.put("PLAIN", "kept");
        unit("env > seen.env", "    env: { EXTRA: added }\n");
        stage.run("unit-tests");
        assertEquals(0, stage.exitCode, stage.toString());
        String seen = read(dir.resolve("seen.env"));
        assertFalse(seen.contains("DEMO_TOKEN"), seen);
        assertFalse(seen.contains("GITHUB_TOKEN"), seen);
        assertTrue(seen.contains("PLAIN=kept"), seen);
        assertTrue(seen.contains("EXTRA=added"), seen);
    }

    @Test
    void unitTestsGetNoneOfTheRunnersAmbientCredentialsUnlessAllowed() {
        stage.env.put("ACTIONS_ID_TOKEN_REQUEST_TOKEN", "oidc-request-token");
        stage.env.put("ACTIONS_RUNTIME_TOKEN", "runtime-token-value");
        stage.env.put("AWS_SECRET_ACCESS_KEY", "aws-secret-value");
        stage.env.put("GOOGLE_APPLICATION_CREDENTIALS", "/keys/sa.json");
        stage.env.put("NPM_CONFIG_AUTH_KEY", "npm-auth-value");
        stage.env.put("AWS_REGION", "eu-west-1");
        unit("env > seen.env", "    allow_credentials: [GOOGLE_APPLICATION_CREDENTIALS]\n");
        stage.run("unit-tests");
        assertEquals(0, stage.exitCode, stage.toString());
        String seen = read(dir.resolve("seen.env"));
        for (String removed : List.of("ACTIONS_ID_TOKEN_REQUEST_TOKEN", "ACTIONS_RUNTIME_TOKEN", "AWS_SECRET_ACCESS_KEY", "NPM_CONFIG_AUTH_KEY")) {
            assertFalse(seen.contains(removed), removed + " reached the unit tests: " + seen);
        }
        assertTrue(seen.contains("GOOGLE_APPLICATION_CREDENTIALS=/keys/sa.json"), "allowed by allow_credentials: " + seen);
        assertTrue(seen.contains("AWS_REGION=eu-west-1"), "not a credential: " + seen);
    }

    @Test
    void aTestPassingOnAReRunIsReportedFlakyNeverAsAPlainPass() {
        stage.write("fail.xml", StageRun.report("test_a", null, "test_b", "timing"));
        stage.write("pass.xml", StageRun.report("test_a", null, "test_b", null));
        unit("mkdir -p build; if [ -f .ran ]; then cp pass.xml build/u.xml; else touch .ran; cp fail.xml build/u.xml; exit 1; fi", "");
        stage.run("unit-tests");
        assertEquals(1, stage.exitCode, "without retries the failure stands: " + stage);
        delete(".ran");
        stage.run("unit-tests", "--retries", "2");
        assertEquals(0, stage.exitCode, stage.toString());
        assertEquals("all 2 tests passed, 1 only on a re-run (1 flaky, 0.0s)", stage.headline());
        assertEquals("1", stage.output("flaky"));
        JsonNode flaky = stage.result().path("tables").get(0);
        assertEquals("Flaky tests (failed, then passed on a re-run)", flaky.path("title").asText());
        assertEquals("failed, then passed on a re-run: timing", flaky.path("rows").get(0).get(1).asText());
        JsonNode commands = tableNamed("Commands");
        assertEquals(2, commands.path("rows").size(), "stopped re-running once green: " + commands);
    }

    @Test
    void aTestFailingOnEveryRunStaysFailed() {
        stage.write("fail.xml", StageRun.report("test_a", "always"));
        unit("mkdir -p build; cp fail.xml build/u.xml; exit 1", "");
        stage.run("unit-tests", "--retries", "2");
        assertEquals(1, stage.exitCode, stage.toString());
        assertEquals(3, tableNamed("Commands").path("rows").size());
        assertEquals("1", stage.output("failed"));
        assertEquals("0", stage.output("flaky"));
    }

    @Test
    void shardsSplitTheTestFilesAndPassThem() {
        for (int i = 1; i <= 5; i++) stage.write("tests/test_" + i + ".py", "\n");
        unit("echo {files} > shard.txt; echo \"$MODELGATE_SHARD $MODELGATE_SHARD_FILES\" | tr \"\\n\" \" \" >> shard.txt",
                "    files: \"tests/test_*.py\"\n");
        stage.run("unit-tests", "--shard", "2/2");
        assertEquals(0, stage.exitCode, stage.toString());
        assertEquals("tests/test_2.py tests/test_4.py\n2/2 tests/test_2.py tests/test_4.py ", read(dir.resolve("shard.txt")));
        stage.run("unit-tests", "--shard", "1/2");
        assertTrue(read(dir.resolve("shard.txt")).startsWith("tests/test_1.py tests/test_3.py tests/test_5.py\n"));
        stage.run("unit-tests", "--shard", "6/6");
        assertEquals(0, stage.exitCode, stage.toString());
        assertEquals("SKIPPED", stage.result().path("verdict").asText());
        stage.run("unit-tests", "--shard", "6/6", "--fail-on-empty");
        assertEquals(1, stage.exitCode, stage.toString());
    }

    @Test
    void badShardsAreUsageErrors() {
        unit("true", "");
        stage.run("unit-tests", "--shard", "2/2");
        assertEquals(2, stage.exitCode, stage.toString());
        assertTrue(stage.err.contains("--shard needs tests.unit.files"), stage.err);
        stage.run("unit-tests", "--shard", "3/2");
        assertEquals(2, stage.exitCode, stage.toString());
        assertTrue(stage.err.contains("--shard 3/2: expected K/N with 1 <= K <= N"), stage.err);
        stage.run("unit-tests", "--shard", "half");
        assertEquals(2, stage.exitCode, stage.toString());
    }

    @Test
    void aMissingWorkingDirectoryIsAConfigErrorWithItsLine() {
        unit("true", "    working_dir: nowhere\n");
        stage.run("unit-tests");
        assertEquals(2, stage.exitCode, stage.toString());
        assertTrue(stage.err.contains("modelgate.yaml:7: tests.unit.working_dir: the directory "), stage.err);
    }

    @Test
    @Tag("e2e")
    void aTimeoutIsAnInfrastructureErrorAndLeavesNoProcess() throws Exception {
        String marker = "5" + ThreadLocalRandom.current().nextInt(10_000_000, 99_999_999);
        unit("echo started; sleep 1" + marker + " & sleep 2" + marker, "");
        stage.run("unit-tests", "--timeout", "1s");
        assertEquals(3, stage.exitCode, stage.toString());
        assertTrue(stage.err.contains("tests.unit.command[0] timed out after 1s; its process tree was killed"), stage.err);
        assertTrue(stage.out.contains("started"), "output streams live: " + stage.out);
        assertTrue(stage.result().path("log").asText().contains("started"));
        assertEquals(List.of(), ProcessTable.awaitGone(marker));
    }

    private JsonNode tableNamed(String title) {
        for (JsonNode table : stage.result().path("tables")) {
            if (table.path("title").asText().equals(title)) return table;
        }
        throw new AssertionError("no table " + title);
    }

    private void delete(String relative) {
        try {
            Files.delete(dir.resolve(relative));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
