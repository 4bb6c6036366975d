package io.modelgate.teststage;

import io.modelgate.step.StepContext;
import io.modelgate.step.StepResult;
import io.modelgate.step.StepResult.Annotation;
import io.modelgate.step.Verdict;
import io.modelgate.teststage.TestCase.Status;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns a test stage's results into the step result: failures first (test, message, file and
 * line, which become annotations), flaky tests, totals, the slowest tests, the commands run;
 * every test case as one check, so the JUnit rendering is the stage's merged report.
 */
final class TestStageResult {

    /** Rows of the failure and flaky tables, and annotations of each kind, shown at most. */
    static final int MAX_LISTED = 50;
    static final int SLOWEST = 10;
    private static final Set<String> NOT_SOURCES = Set.of(".git", "node_modules", "target", "build", ".venv", "venv", "__pycache__", ".gradle");
    private static final int MAX_INDEXED = 200_000;

    private final String step;
    private final StepContext context;
    private final Path workingDir;
    private Map<String, List<Path>> sourcesByName;

    TestStageResult(String step, StepContext context, Path workingDir) {
        this.step = step;
        this.context = context;
        this.workingDir = workingDir;
    }

    StepResult render(TestResults results, Map<Path, String> unreadable, List<Path> reportsRead, List<String> failedCommands,
                      int stale, List<String> reportGlobs, int commandCount, StepResult.Table commands, String log) {
        List<TestCase> cases = results.cases();
        Map<Status, Integer> counts = results.counts();
        int failed = counts.get(Status.FAILED) + counts.get(Status.ERROR);
        int skipped = counts.get(Status.SKIPPED);
        int flaky = counts.get(Status.FLAKY);
        double seconds = cases.stream().mapToDouble(TestCase::seconds).sum();
        boolean failOnEmpty = context.params().flag("fail-on-empty");
        String globs = reportGlobs.isEmpty() ? "(no reports: configured)" : String.join(", ", reportGlobs);

        List<String> problems = new ArrayList<>();
        if (failed > 0) problems.add(failed + " of " + cases.size() + " tests failed");
        if (!unreadable.isEmpty()) problems.add(unreadable.size() + " unreadable report" + (unreadable.size() > 1 ? "s" : "") + ": " + unreadable.keySet().iterator().next());
        if (failed == 0 && !failedCommands.isEmpty()) problems.add(String.join(", ", failedCommands));
        if (cases.isEmpty() && failOnEmpty && unreadable.isEmpty()) {
            String option = context.spell("fail-on-empty");
            problems.add(reportsRead.isEmpty() ? "no test report matched " + globs + " (" + option + ")" : "the reports hold no test cases (" + option + ")");
        }
        Verdict verdict = problems.isEmpty() ? Verdict.PASSED : Verdict.FAILED;
        String extras = extras(skipped, flaky, seconds);
        String headline;
        if (verdict == Verdict.FAILED) {
            headline = String.join("; ", problems) + (cases.isEmpty() ? "" : extras);
        } else if (cases.isEmpty()) {
            headline = "the command" + (commandCount > 1 ? "s" : "") + " passed, but no test report matched " + globs;
        } else {
            headline = (flaky > 0 ? "all " + cases.size() + " tests passed, " + flaky + " only on a re-run" : cases.size() + " tests passed") + extras;
        }

        StepResult.Builder result = StepResult.builder(step, verdict, headline);
        List<TestCase> failures = cases.stream().filter(c -> c.status().failing()).toList();
        List<TestCase> flakies = cases.stream().filter(c -> c.status() == Status.FLAKY).toList();
        if (!failures.isEmpty()) result.table(listing("Failures", failures));
        if (!flakies.isEmpty()) result.table(listing("Flaky tests (failed, then passed on a re-run)", flakies));
        result.table(new StepResult.Table("Totals", List.of("tests", "passed", "failed", "skipped", "flaky", "seconds", "reports"),
                List.of(List.of(String.valueOf(cases.size()), String.valueOf(counts.get(Status.PASSED)), String.valueOf(failed),
                        String.valueOf(skipped), String.valueOf(flaky), format(seconds), String.valueOf(reportsRead.size())))));
        List<TestCase> slowest = cases.stream().sorted(Comparator.comparingDouble(TestCase::seconds).reversed()).limit(SLOWEST).toList();
        if (!slowest.isEmpty()) {
            result.table(new StepResult.Table("Slowest tests", List.of("test", "seconds"),
                    slowest.stream().map(c -> List.of(c.displayName(), format(c.seconds()))).toList()));
        }
        result.table(commands);
        if (!unreadable.isEmpty()) {
            result.table(new StepResult.Table("Unreadable reports", List.of("report", "problem"),
                    unreadable.entrySet().stream().map(e -> List.of(e.getKey().toString(), e.getValue())).toList()));
            unreadable.forEach((report, problem) -> result.annotation(new Annotation(Annotation.Level.ERROR, report.toString(), null,
                    "unreadable test report", problem)));
        }
        failures.stream().limit(MAX_LISTED).forEach(c -> result.annotation(annotation(Annotation.Level.ERROR, c)));
        flakies.stream().limit(MAX_LISTED).forEach(c -> result.annotation(annotation(Annotation.Level.WARNING, c)));
        if (cases.isEmpty() && !failOnEmpty && unreadable.isEmpty()) {
            result.annotation(new Annotation(Annotation.Level.WARNING, null, null, "no test results",
                    "no JUnit XML report matched " + globs + "; pass " + context.spell("fail-on-empty") + " to make this a failure"));
        }
        if (stale > 0) {
            result.annotation(new Annotation(Annotation.Level.NOTICE, null, null, "stale reports",
                    stale + " report" + (stale > 1 ? "s" : "") + " matching " + globs + " predate this run and were ignored"));
        }
        for (TestCase c : cases) {
            result.check(c.displayName(), verdict(c.status()), detail(c));
        }
        return result.output("total", String.valueOf(cases.size()))
                .output("failed", String.valueOf(failed))
                .output("skipped", String.valueOf(skipped))
                .output("flaky", String.valueOf(flaky))
                .log(log)
                .build()
                .withArtifacts(reportsRead);
    }

    private static String extras(int skipped, int flaky, double seconds) {
        List<String> parts = new ArrayList<>();
        if (skipped > 0) parts.add(skipped + " skipped");
        if (flaky > 0) parts.add(flaky + " flaky");
        parts.add(format(seconds) + "s");
        return " (" + String.join(", ", parts) + ")";
    }

    private StepResult.Table listing(String title, List<TestCase> cases) {
        List<List<String>> rows = new ArrayList<>();
        for (TestCase c : cases.subList(0, Math.min(MAX_LISTED, cases.size()))) {
            String file = projectPath(c.file());
            rows.add(List.of(c.displayName(), firstLine(c.message()), file == null ? "" : file + (c.line() == null ? "" : ":" + c.line())));
        }
        if (cases.size() > MAX_LISTED) rows.add(List.of("... and " + (cases.size() - MAX_LISTED) + " more", "", ""));
        return new StepResult.Table(title, List.of("test", "message", "where"), rows);
    }

    private Annotation annotation(Annotation.Level level, TestCase c) {
        String message = c.message() == null || c.message().isEmpty() ? c.status().name().toLowerCase(Locale.ROOT) : c.message();
        return new Annotation(level, projectPath(c.file()), c.file() == null ? null : c.line(), c.displayName(), message);
    }

    private static Verdict verdict(Status status) {
        return switch (status) {
            case PASSED, FLAKY -> Verdict.PASSED;
            case FAILED -> Verdict.FAILED;
            case ERROR -> Verdict.ERROR;
            case SKIPPED -> Verdict.SKIPPED;
        };
    }

    private static String detail(TestCase c) {
        if (c.status() == Status.PASSED) return null;
        StringBuilder text = new StringBuilder(c.status() == Status.FLAKY ? "flaky: " : "");
        if (c.message() != null) text.append(c.message());
        if (c.detail() != null && !c.detail().equals(c.message())) text.append("\n\n").append(c.detail());
        if (c.output() != null) text.append("\n\n--- output ---\n").append(c.output());
        return text.toString();
    }

    private static String firstLine(String text) {
        if (text == null) return "";
        String line = text.lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    private static String format(double seconds) {
        return String.format(Locale.ROOT, "%.1f", seconds);
    }

    /**
     * A report's file as a path relative to the project, for annotations: absolute paths under
     * the project, paths relative to the working directory, and Java package paths
     * ({@code com/x/YTest.java}, found among the project's sources).
     */
    String projectPath(String file) {
        if (file == null) return null;
        Path projectDir = context.projectDir().toAbsolutePath().normalize();
        try {
            Path path = Path.of(file);
            if (path.isAbsolute()) {
                Path normal = path.normalize();
                return normal.startsWith(projectDir) ? slashes(projectDir.relativize(normal)) : file;
            }
            Path inWorkingDir = workingDir.toAbsolutePath().resolve(path).normalize();
            if (Files.exists(inWorkingDir) && inWorkingDir.startsWith(projectDir)) return slashes(projectDir.relativize(inWorkingDir));
            if (Files.exists(projectDir.resolve(path))) return slashes(path.normalize());
            String name = path.getFileName().toString();
            for (Path candidate : sources().getOrDefault(name, List.of())) {
                if (candidate.endsWith(path)) return slashes(candidate);
            }
        } catch (InvalidPathException e) {
            return file;
        }
        return file;
    }

    private static String slashes(Path path) {
        return path.toString().replace('\\', '/');
    }

    /** The project's files by name, built once and only when a package path needs finding. */
    private Map<String, List<Path>> sources() {
        if (sourcesByName != null) return sourcesByName;
        Map<String, List<Path>> found = new HashMap<>();
        Path projectDir = context.projectDir().toAbsolutePath().normalize();
        try {
            Files.walkFileTree(projectDir, new SimpleFileVisitor<>() {
                private int seen;

                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return dir.getFileName() != null && NOT_SOURCES.contains(dir.getFileName().toString()) && !dir.equals(projectDir)
                            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    found.computeIfAbsent(file.getFileName().toString(), n -> new ArrayList<>()).add(projectDir.relativize(file));
                    return ++seen > MAX_INDEXED ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // An unreadable tree only costs the annotation its resolved path.
        }
        sourcesByName = found;
        return found;
    }
}
