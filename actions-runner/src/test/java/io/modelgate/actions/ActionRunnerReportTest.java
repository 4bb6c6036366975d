package io.modelgate.actions;

import io.modelgate.secret.SecretMasker;
import io.modelgate.step.StepResult;
import io.modelgate.step.StepResult.Annotation;
import io.modelgate.step.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How a result becomes annotations, outputs and summary, and how a usage error is told, in the action's words. */
class ActionRunnerReportTest {

    private static final String SECRET = "canary-7f3a9c";

    @TempDir
    Path dir;

    @Test
    void tenAnnotationsPerLevelAreShownAndTheRestListedInTheSummary() throws Exception {
        Path output = Files.createFile(dir.resolve("output"));
        Path summary = Files.createFile(dir.resolve("summary"));
        Map<String, String> env = Map.of("GITHUB_OUTPUT", output.toString(), "GITHUB_STEP_SUMMARY", summary.toString(), "MLFLOW_TRACKING_TOKEN", SECRET);
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ActionRunner runner = new ActionRunner(env, new PrintStream(stdout, true, StandardCharsets.UTF_8), System.err, dir);
        StepResult.Builder result = StepResult.builder("check-data", Verdict.FAILED, "14 checks failed")
                .output("failed", "14").output("table-version", "3");
        for (int i = 1; i <= 12; i++) {
            result.annotation(new Annotation(Annotation.Level.ERROR, "tables/features.yaml", i, "range", "amount out of range, row " + i));
        }
        result.annotation(new Annotation(Annotation.Level.WARNING, null, null, null, "token " + SECRET + " was printed by the job"));
        result.annotation(new Annotation(Annotation.Level.WARNING, "tables/features.yaml", 40, null, "freshness: 26h old"));

        int code = runner.report(result.build(), SecretMasker.of(env, List.of()), dir.resolve("build"), List.of("A note."));

        assertEquals(1, code);
        List<String> commands = io.modelgate.testbed.RunnerLog.commands(stdout.toString(StandardCharsets.UTF_8));
        assertEquals(12, commands.size(), commands.toString());
        assertEquals("::error file=tables/features.yaml,line=1,title=range::amount out of range, row 1", commands.get(0));
        assertEquals("::error file=tables/features.yaml,line=10,title=range::amount out of range, row 10", commands.get(9));
        assertEquals("::warning::token *** was printed by the job", commands.get(10));
        assertEquals("::warning file=tables/features.yaml,line=40::freshness: 26h old", commands.get(11));
        String text = Files.readString(summary);
        assertTrue(text.contains("<details><summary>2 more annotations (GitHub shows 10 per level)</summary>\n\n"
                + "- **error** `tables/features.yaml:11` range: amount out of range, row 11\n"
                + "- **error** `tables/features.yaml:12` range: amount out of range, row 12\n\n</details>\n"), text);
        assertTrue(text.endsWith("\n> A note.\n"), text);
        assertTrue(text.startsWith("### ❌ **check-data** failed: 14 checks failed\n"), text);
        assertFalse(text.contains(SECRET) || stdout.toString(StandardCharsets.UTF_8).contains(SECRET));
        String outputs = Files.readString(output);
        assertTrue(outputs.matches("(?s)failed<<(ghadelimiter_[-0-9a-f]+)\n14\n\\1\ntable-version<<(ghadelimiter_[-0-9a-f]+)\n3\n\\2\n"
                + "verdict<<(ghadelimiter_[-0-9a-f]+)\nFAILED\n\\3\nreport<<(ghadelimiter_[-0-9a-f]+)\n" + java.util.regex.Pattern.quote(dir.resolve("build/result.md").toString()) + "\n\\4\n"), outputs);
    }

    @Test
    void aUsageErrorNamesTheInputAsTheWorkflowWritesIt() throws Exception {
        Files.writeString(dir.resolve("modelgate.yaml"), "project: demo\nmodels:\n  fraud: {}\n");
        Path output = Files.createFile(dir.resolve("output"));
        Path summary = Files.createFile(dir.resolve("summary"));
        Map<String, String> env = Map.of("GITHUB_OUTPUT", output.toString(), "GITHUB_STEP_SUMMARY", summary.toString(),
                "GITHUB_WORKSPACE", dir.toString(), "INPUT_MODEL", "fraud", "INPUT_VERSION", "1", "INPUT_TO", "champion",
                "INPUT_LOCK-TIMEOUT", "soon", "INPUT_PUBLISH", "false");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();

        int code = new ActionRunner(env, new PrintStream(stdout, true, StandardCharsets.UTF_8), System.err, dir).run("promote-model");

        assertEquals(2, code);
        String printed = stdout.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("::error title=modelgate promote-model::step promote-model, lock-timeout: "), printed);
        assertFalse(printed.contains("--lock-timeout"), printed);
    }
}
