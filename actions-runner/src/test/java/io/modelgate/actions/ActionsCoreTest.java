package io.modelgate.actions;

import io.modelgate.fault.Fault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The protocol rules of actions/toolkit packages/core (core.ts, command.ts, file-command.ts). */
class ActionsCoreTest {

    @TempDir
    Path dir;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();

    private ActionsCore core(Map<String, String> env) {
        return new ActionsCore(env, new PrintStream(stdout, true, StandardCharsets.UTF_8));
    }

    private String stdout() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    @Test
    void inputNamesAreUpperCasedWithSpacesToUnderscoresAndHyphensKept() {
        assertEquals("INPUT_DRY-RUN", ActionsCore.inputVariable("dry-run"));
        assertEquals("INPUT_MY_INPUT", ActionsCore.inputVariable("my input"));
        ActionsCore core = core(Map.of("INPUT_METRICS-RUN", "  abc123 \n", "INPUT_METRICS_RUN", "wrong"));
        assertEquals("abc123", core.input("metrics-run"));
        assertEquals("", core.input("baseline"));
    }

    @Test
    void booleansAreTheToolkitsSixSpellings() {
        Map<String, String> env = new LinkedHashMap<>();
        String[] yes = {"true", "True", "TRUE"};
        String[] no = {"false", "False", "FALSE"};
        for (String value : yes) {
            env.put("INPUT_PUBLISH", value);
            assertTrue(core(env).booleanInput("publish", false), value);
        }
        for (String value : no) {
            env.put("INPUT_PUBLISH", value);
            assertFalse(core(env).booleanInput("publish", true), value);
        }
        env.remove("INPUT_PUBLISH");
        assertTrue(core(env).booleanInput("publish", true));
        for (String value : new String[] {"yes", "1", "tRUE", "on"}) {
            env.put("INPUT_PUBLISH", value);
            Fault error = assertThrows(Fault.class, () -> core(env).booleanInput("publish", true));
            assertEquals("input publish: expected true | True | TRUE | false | False | FALSE, got \"" + value + "\"", error.getMessage());
            assertEquals(Fault.Kind.USAGE, error.kind());
        }
    }

    @Test
    void workflowCommandsEscapeDataAndProperties() {
        core(Map.of()).annotate("error", "src/a,b:c.py", 12, "50% off: a, b", "line one\r\nline two 100%");
        assertEquals("::error file=src/a%2Cb%3Ac.py,line=12,title=50%25 off%3A a%2C b::line one%0D%0Aline two 100%25\n", stdout());
    }

    @Test
    void commandsWithoutPropertiesAndMasksGroups() {
        ActionsCore core = core(Map.of());
        core.addMask("s3cr%t\nx");
        core.addMask("");
        core.startGroup("modelgate unit-tests");
        core.endGroup();
        core.annotate("notice", null, null, null, "a: b, c");
        assertEquals("::add-mask::s3cr%25t%0Ax\n::group::modelgate unit-tests\n::endgroup::\n::notice::a: b, c\n", stdout());
    }

    @Test
    void outputsAreHeredocsWithAFreshRandomDelimiter() throws Exception {
        Path output = dir.resolve("output");
        Files.writeString(output, "earlier=1\n");
        ActionsCore core = core(Map.of("GITHUB_OUTPUT", output.toString()));
        core.setOutput("passed", "true");
        core.setOutput("table", "a | b\nc | d");
        String text = Files.readString(output);
        Matcher m = Pattern.compile("earlier=1\npassed<<(ghadelimiter_[0-9a-f-]{36})\ntrue\n\\1\ntable<<(ghadelimiter_[0-9a-f-]{36})\na \\| b\nc \\| d\n\\2\n").matcher(text);
        assertTrue(m.matches(), text);
        assertFalse(m.group(1).equals(m.group(2)), "a new delimiter per output");
    }

    @Test
    void summaryIsAppendedAndCutAtOneMebibyteWithANote() throws Exception {
        Path summary = dir.resolve("summary");
        ActionsCore core = core(Map.of("GITHUB_STEP_SUMMARY", summary.toString()));
        assertFalse(core.appendSummary("### small\n", "cut"));
        String line = "| ü metric | 0.81 |\n";
        String huge = line.repeat(ActionsCore.SUMMARY_LIMIT_BYTES / line.getBytes(StandardCharsets.UTF_8).length + 10);
        assertTrue(core.appendSummary(huge, "> **Note:** cut"));
        byte[] written = Files.readAllBytes(summary);
        assertTrue(written.length <= ActionsCore.SUMMARY_LIMIT_BYTES, written.length + " bytes");
        assertTrue(written.length > ActionsCore.SUMMARY_LIMIT_BYTES - 100, written.length + " bytes");
        String text = new String(written, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("### small\n| ü metric | 0.81 |\n"));
        assertTrue(text.endsWith("| ü metric | 0.81 |\n\n\n> **Note:** cut\n"), text.substring(text.length() - 60));
    }

    @Test
    void outsideAnActionsJobTheFilesAreMissingAndThatIsAUsageError() {
        Fault error = assertThrows(Fault.class, () -> core(Map.of()).setOutput("a", "b"));
        assertEquals("GITHUB_OUTPUT is not set: the runner expects to run inside a GitHub Actions job", error.getMessage());
    }
}
