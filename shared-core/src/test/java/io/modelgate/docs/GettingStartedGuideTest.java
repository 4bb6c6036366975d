package io.modelgate.docs;

import io.modelgate.teststage.PythonForTests;
import io.modelgate.testbed.SampleProjects;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/getting-started.md followed as a reader follows it, on its fresh sample project (a pytest
 * project on a feature branch, real pytest from the test bed's venv on PATH): {@code modelgate init
 * --suite-version v1} writes the workflow and Jenkinsfile the page shows; the page's modelgate.yaml
 * by hand; step 3's command with the failing test prints the verdict and failure table the page
 * quotes, exit 1; fixed, the line the page quotes, exit 0. Durations are the one thing that may
 * differ from the page ("(0.0s)").
 */
class GettingStartedGuideTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Pattern DURATION = Pattern.compile("\\(\\d+(\\.\\d+)?s\\)");

    @Test
    void initWritesTheFilesTheGuideShowsAndTheyValidate(@TempDir Path project) throws Exception {
        onFeatureBranch(SampleProjects.gettingStarted(project));
        DocsExamplesTest.Run init = run(project, null, "init", "--suite-version", "v1");
        assertEquals(0, init.code(), init.err());
        Path minimal = ROOT.resolve("pipeline-templates/minimal");
        assertEquals(Files.readString(minimal.resolve("pull-request.yml")), Files.readString(project.resolve(".github/workflows/modelgate.yml")));
        assertEquals(Files.readString(minimal.resolve("Jenkinsfile")), Files.readString(project.resolve("Jenkinsfile")));
        DocsExamplesTest.Run valid = run(project, null, "config", "validate");
        assertEquals(0, valid.code(), valid.err());
    }

    @Test
    @Tag("e2e")
    void stepThreeFailsAndPassesAsTheGuideQuotes(@TempDir Path project) throws Exception {
        Path pytest = PythonForTests.venv().resolve("bin");
        String page = Files.readString(DocsExamplesTest.PAGE);
        onFeatureBranch(SampleProjects.gettingStarted(project));
        Files.writeString(project.resolve("modelgate.yaml"), DocsExamplesTest.modelgateYaml(page));

        Matcher session = Pattern.compile("```\\n\\$ (modelgate unit-tests[^\\n]*)\\n(.*?)\\n\\$ echo \\$\\?\\n(\\d)\\n```", Pattern.DOTALL).matcher(page);
        assertTrue(session.find(), "getting-started.md has no step-3 session");
        List<String> command = List.of(session.group(1).split(" "));
        DocsExamplesTest.Run failing = run(project, pytest, command.subList(1, command.size()).toArray(String[]::new));
        assertEquals(Integer.parseInt(session.group(3)), failing.code(), failing.err());
        String shown = failing.out() + failing.err();
        // Every line the page quotes is printed, in that order; consecutive quoted lines are consecutive
        // printed lines, and only the page's "..." (pytest's own output) stands for lines left out.
        String[] printed = shown.split("\n", -1);
        int previous = -1;
        boolean gap = true;
        for (String quoted : session.group(2).split("\n")) {
            if (quoted.equals("...")) {
                gap = true;
                continue;
            }
            int at = indexOfLine(printed, quoted, previous + 1);
            assertTrue(at >= 0 && (gap || at == previous + 1),
                    "the page quotes a line the run does not print " + (gap ? "after the previous one" : "right after the previous one") + ":\n"
                            + quoted + "\n--- printed:\n" + shown);
            previous = at;
            gap = false;
        }

        Matcher fixed = Pattern.compile("Fix the test and the same command ends with `([^`]+)`, exit (\\d)").matcher(page);
        assertTrue(fixed.find(), "getting-started.md does not say what the fixed run prints");
        Path tests = project.resolve("tests/unit/test_features.py");
        Files.writeString(tests, Files.readString(tests).replace("== 10.45", "== 10.46"));
        DocsExamplesTest.Run passing = run(project, pytest, command.subList(1, command.size()).toArray(String[]::new));
        assertEquals(Integer.parseInt(fixed.group(2)), passing.code(), passing.err());
        assertTrue(indexOfLine((passing.out() + passing.err()).split("\n", -1), fixed.group(1), 0) >= 0, "the fixed run does not print " + fixed.group(1) + ":\n" + passing.out());
        for (String file : new String[] {"result.json", "result.md", "junit-unit-tests.xml"}) {
            assertTrue(page.contains(file + "`"), "the page does not name " + file);
            assertTrue(Files.isRegularFile(project.resolve("build/modelgate").resolve(file)), "no build/modelgate/" + file + " in " + listing(project));
        }
    }

    /** The index of the printed line equal to {@code quoted} (durations aside, trailing spaces trimmed) at or after {@code from}, or -1. */
    private static int indexOfLine(String[] lines, String quoted, int from) {
        String wanted = DURATION.matcher(quoted.stripTrailing()).replaceAll("(Ds)");
        for (int i = from; i < lines.length; i++) {
            if (DURATION.matcher(lines[i].stripTrailing()).replaceAll("(Ds)").equals(wanted)) return i;
        }
        return -1;
    }

    /** The sample committed on main, then a feature/* branch checked out, where the guide runs step 3 (its dev environment). */
    private static void onFeatureBranch(Path project) throws Exception {
        try (Git git = Git.open(project.toFile())) {
            git.add().addFilepattern(".").call();
            PersonIdent reader = new PersonIdent("Reader", "reader@example.com");
            git.commit().setMessage("the sample").setAuthor(reader).setCommitter(reader).setSign(false).setNoVerify(true).call();
            git.checkout().setCreateBranch(true).setName("feature/rounding").call();
        }
    }

    private static String listing(Path dir) throws Exception {
        try (var files = Files.walk(dir)) {
            return files.filter(f -> !f.toString().contains("/.git")).map(f -> dir.relativize(f).toString()).sorted().toList().toString();
        }
    }

    /** The command line as the reader runs it, with {@code bin} (the test bed's venv: pytest) first on PATH when given, and no CI variables. */
    private static DocsExamplesTest.Run run(Path dir, Path bin, String... args) {
        return DocsExamplesTest.run(dir, Map.of("PATH", (bin == null ? "" : bin + ":") + System.getenv("PATH"), "HOME", System.getProperty("user.home")), args);
    }
}
