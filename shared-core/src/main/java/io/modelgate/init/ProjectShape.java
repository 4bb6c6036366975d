package io.modelgate.init;

import io.modelgate.git.Origin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code modelgate init} finds in a project: its test runner and how its tests write JUnit
 * XML, how CI installs what they need, where its code comes from (git remote, default branch) and
 * whether it already uses MLflow.
 *
 * @param name          the project's name: the remote repository's, else the folder's
 * @param runner        the test runner the unit-test gate runs
 * @param testCommand   the unit-test command, writing JUnit XML
 * @param reports       the glob of that XML
 * @param testEnv       variables the command needs (the Jest reporter's folder), empty for most
 * @param install       the command CI runs before the tests to install what they need; null when none
 * @param toolVersion   the Python or Node.js version CI sets up; null for the JVM runners (the setup action installs Java)
 * @param defaultBranch the branch pull requests go into
 * @param origin        the git remote, when there is one
 * @param mlflow        what of MLflow the code uses, when it does
 * @param found         what was seen, in words, for the summary
 * @param notes         what the user must still do (e.g. add the Jest JUnit reporter)
 */
public record ProjectShape(String name, Runner runner, String testCommand, String reports, Map<String, String> testEnv, String install,
                           String toolVersion, String defaultBranch, Optional<Origin> origin, Optional<MlflowUsage> mlflow,
                           List<String> found, List<String> notes) {

    public enum Runner {
        PYTEST("pytest"), MAVEN("Maven"), GRADLE("Gradle"), JEST("Jest");

        final String label;

        Runner(String label) {
            this.label = label;
        }
    }

    /**
     * MLflow as the project's code uses it.
     *
     * @param where       the first file that imports it
     * @param models      names the code registers models under ({@code registered_model_name="..."})
     * @param metrics     metric names the code logs ({@code log_metric("...")})
     * @param trackingUri the tracking server the code names ({@code set_tracking_uri("https://...")}), or null
     */
    public record MlflowUsage(String where, List<String> models, List<String> metrics, String trackingUri) {
    }

    private static final Set<String> NOT_SOURCES = Set.of(".git", ".venv", "venv", "env", "node_modules", "target", "build", "dist",
            "__pycache__", ".gradle", ".tox", ".mypy_cache", ".pytest_cache", ".idea");
    private static final int MAX_FILES = 5_000;
    private static final long MAX_FILE_BYTES = 1 << 20;
    private static final Pattern IMPORTS_MLFLOW = Pattern.compile("(?m)^\\s*(import mlflow|from mlflow[\\s.])");
    private static final Pattern REGISTERS = Pattern.compile("registered_model_name\\s*=\\s*[\"']([A-Za-z0-9_.-]+)[\"']");
    private static final Pattern LOGS_METRIC = Pattern.compile("log_metric\\(\\s*[\"']([A-Za-z0-9_.-]+)[\"']");
    private static final Pattern TRACKING_URI = Pattern.compile("set_tracking_uri\\(\\s*[\"'](https?://[^\"'\\s]+)[\"']");
    private static final String PYTHON_VERSION = "3.11";
    private static final String NODE_VERSION = "20";

    /** Reads the project at {@code dir}; empty when it has no test runner init knows (pytest, Maven, Gradle, Jest). */
    public static Optional<ProjectShape> detect(Path dir) {
        Optional<Origin> origin = Origin.read(dir);
        String name = origin.map(Origin::name).filter(n -> !n.isBlank())
                .orElse(dir.toAbsolutePath().normalize().getFileName() == null ? "project" : dir.toAbsolutePath().normalize().getFileName().toString());
        String defaultBranch = origin.map(Origin::defaultBranch).orElse(null);
        List<String> found = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Builder shape = python(dir, found);
        if (shape == null) shape = maven(dir, found);
        if (shape == null) shape = gradle(dir, found);
        if (shape == null) shape = jest(dir, found, notes);
        if (shape == null) return Optional.empty();
        found.add(origin.map(o -> o.url() == null ? "a git repository without a remote" : "git remote " + o.url()).orElse("no git repository")
                + ", default branch " + (defaultBranch == null ? "main (assumed)" : defaultBranch));
        Optional<MlflowUsage> mlflow = shape.runner == Runner.PYTEST ? mlflow(dir) : Optional.empty();
        mlflow.ifPresent(m -> found.add("MLflow (" + m.where() + (m.models().isEmpty() ? "" : " registers " + String.join(", ", m.models())) + ")"));
        return Optional.of(new ProjectShape(name, shape.runner, shape.command, shape.reports, shape.env, shape.install, shape.toolVersion,
                defaultBranch == null ? "main" : defaultBranch, origin, mlflow, List.copyOf(found), List.copyOf(notes)));
    }

    private static final class Builder {
        Runner runner;
        String command;
        String reports;
        Map<String, String> env = Map.of();
        String install;
        String toolVersion;
    }

    private static Builder python(Path dir, List<String> found) {
        List<String> markers = existing(dir, "requirements.txt", "pyproject.toml", "setup.py", "setup.cfg", "pytest.ini", "conftest.py");
        if (markers.isEmpty()) return null;
        Builder shape = new Builder();
        shape.runner = Runner.PYTEST;
        String tests = existing(dir, "tests/unit", "tests", "test").stream().filter(t -> Files.isDirectory(dir.resolve(t))).findFirst().orElse(null);
        shape.command = "pytest " + (tests == null ? "" : tests + " ") + "--junitxml=build/unit.xml";
        shape.reports = "build/unit*.xml";
        String declared = read(dir, "requirements.txt") + read(dir, "requirements-dev.txt") + read(dir, "pyproject.toml")
                + read(dir, "setup.py") + read(dir, "setup.cfg");
        boolean pytestDeclared = Pattern.compile("(?im)(^|[\\s\"'\\[,])pytest([\\s\"'<>=~!;,\\]]|$)").matcher(declared).find();
        String base = Files.isRegularFile(dir.resolve("requirements.txt")) ? "pip install -r requirements.txt"
                : markers.contains("pyproject.toml") || markers.contains("setup.py") ? "pip install -e ." : "pip install";
        shape.install = base + (pytestDeclared ? "" : " pytest");
        String pinned = read(dir, ".python-version").strip();
        shape.toolVersion = pinned.matches("\\d+\\.\\d+(\\.\\d+)?") ? pinned : PYTHON_VERSION;
        found.add("pytest (" + (tests == null ? "tests found by pytest" : tests) + ", " + String.join(", ", markers) + ")");
        return shape;
    }

    private static Builder maven(Path dir, List<String> found) {
        if (!Files.isRegularFile(dir.resolve("pom.xml"))) return null;
        Builder shape = new Builder();
        shape.runner = Runner.MAVEN;
        shape.command = (Files.isRegularFile(dir.resolve("mvnw")) ? "./mvnw" : "mvn") + " -B test";
        shape.reports = "target/surefire-reports/TEST-*.xml";
        found.add("Maven (pom.xml)");
        return shape;
    }

    private static Builder gradle(Path dir, List<String> found) {
        List<String> builds = existing(dir, "build.gradle.kts", "build.gradle");
        if (builds.isEmpty()) return null;
        Builder shape = new Builder();
        shape.runner = Runner.GRADLE;
        shape.command = (Files.isRegularFile(dir.resolve("gradlew")) ? "./gradlew" : "gradle") + " test";
        shape.reports = "build/test-results/test/TEST-*.xml";
        found.add("Gradle (" + builds.get(0) + ")");
        return shape;
    }

    private static Builder jest(Path dir, List<String> found, List<String> notes) {
        String packageJson = read(dir, "package.json");
        if (!packageJson.contains("\"jest\"") && !Pattern.compile("\"test\"\\s*:\\s*\"[^\"]*\\bjest\\b").matcher(packageJson).find()) return null;
        Builder shape = new Builder();
        shape.runner = Runner.JEST;
        shape.command = "npx jest --ci --reporters=default --reporters=jest-junit";
        shape.reports = "build/test-results/junit.xml";
        shape.env = Map.of("JEST_JUNIT_OUTPUT_DIR", "build/test-results");
        shape.install = Files.isRegularFile(dir.resolve("package-lock.json")) ? "npm ci" : "npm install";
        String pinned = read(dir, ".nvmrc").strip().replaceFirst("^v", "");
        shape.toolVersion = pinned.matches("\\d+(\\.\\d+){0,2}") ? pinned : NODE_VERSION;
        if (!packageJson.contains("\"jest-junit\"")) {
            notes.add("add Jest's JUnit reporter, which writes the report: npm install --save-dev jest-junit");
        }
        found.add("Jest (package.json)");
        return shape;
    }

    /** MLflow as the Python code uses it: imports, registered model names, logged metrics, the tracking server. */
    private static Optional<MlflowUsage> mlflow(Path dir) {
        List<Path> sources = new ArrayList<>();
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path folder, BasicFileAttributes attrs) {
                    return !folder.equals(dir) && NOT_SOURCES.contains(folder.getFileName().toString()) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (file.toString().endsWith(".py") && attrs.size() <= MAX_FILE_BYTES) sources.add(file);
                    return sources.size() >= MAX_FILES ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        sources.sort(null);
        String where = null;
        Set<String> models = new LinkedHashSet<>();
        Set<String> metrics = new LinkedHashSet<>();
        String trackingUri = null;
        for (Path source : sources) {
            String code = read(source);
            if (!IMPORTS_MLFLOW.matcher(code).find()) continue;
            if (where == null) where = dir.relativize(source).toString().replace('\\', '/');
            collect(REGISTERS, code, models);
            collect(LOGS_METRIC, code, metrics);
            Matcher uri = TRACKING_URI.matcher(code);
            if (trackingUri == null && uri.find()) trackingUri = uri.group(1);
        }
        return where == null ? Optional.empty() : Optional.of(new MlflowUsage(where, List.copyOf(models), List.copyOf(metrics), trackingUri));
    }

    private static void collect(Pattern pattern, String code, Set<String> into) {
        Matcher matcher = pattern.matcher(code);
        while (matcher.find()) into.add(matcher.group(1));
    }

    private static List<String> existing(Path dir, String... names) {
        List<String> present = new ArrayList<>();
        for (String name : names) {
            if (Files.exists(dir.resolve(name))) present.add(name);
        }
        return present;
    }

    private static String read(Path dir, String name) {
        return Files.isRegularFile(dir.resolve(name)) ? read(dir.resolve(name)) : "";
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** The runner's name for messages. */
    public String runnerLabel() {
        return runner.label;
    }

    /** Whether the metric name reads as lower-is-better (a loss or an error). */
    static boolean lowerIsBetter(String metric) {
        String name = metric.toLowerCase(Locale.ROOT);
        return name.contains("loss") || name.contains("error") || name.matches(".*(^|_)(rmse|mse|mae|mape)($|_).*");
    }
}
