package io.modelgate.contract;

import io.modelgate.config.ContractConfig;
import io.modelgate.fault.Fault;
import io.modelgate.teststage.ProcessRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How a model's environment is found, built once, cached, and refused, with the commands it would run answered here. */
class ModelEnvironmentTest {

    private static final String PYTHON_ENV = """
            python: 3.11.7
            build_dependencies:
            - pip==23.2.1
            - setuptools==65.5.0
            - wheel
            dependencies:
            - -r requirements.txt
            """;
    private static final Map<String, String> FILES = Map.of("python_env.yaml", PYTHON_ENV, "requirements.txt", "mlflow==3.17.2\nscikit-learn==1.9.1\n");

    /** Answers each command: an interpreter's version, or the build's outcome. */
    private static final class Commands implements ProcessRunner {
        final List<String> scripts = new ArrayList<>();
        final Map<String, String> versions;
        Outcome build = new Outcome(0, false, Duration.ofSeconds(1), "");

        Commands(Map<String, String> versions) {
            this.versions = versions;
        }

        @Override
        public Outcome run(Command command, Consumer<String> onLine) {
            scripts.add(command.script());
            if (command.script().contains("sys.version_info")) {
                String interpreter = command.script().split(" ")[0];
                return versions.containsKey(interpreter) ? new Outcome(0, false, Duration.ZERO, versions.get(interpreter) + "\n")
                        : new Outcome(127, false, Duration.ZERO, interpreter + ": command not found\n");
            }
            return build;
        }

        long builds() {
            return scripts.stream().filter(s -> s.contains(" -m venv ")).count();
        }
    }

    private static Function<String, Optional<String>> files(Map<String, String> files) {
        return name -> Optional.ofNullable(files.get(name));
    }

    private static ContractConfig contract(String python) {
        return new ContractConfig(null, null, null, null, null, null, python, null, null, null, null, null, null);
    }

    @Test
    void anEnvironmentIsBuiltOnceLikeMlflowsAndThenReused(@TempDir Path cache) {
        Commands commands = new Commands(Map.of("python3.11", "3.11.9"));
        List<String> progress = new ArrayList<>();
        ModelEnvironment environments = new ModelEnvironment(commands, Map.of("PATH", "/usr/bin"), progress::add);
        Path python = environments.python(ContractConfig.defaults(), "churn v3", files(FILES), cache, cache);
        assertEquals(1, commands.builds());
        String build = commands.scripts.get(commands.scripts.size() - 1);
        assertTrue(build.contains("python3.11 -m venv " + python.getParent().getParent()), build);
        assertTrue(build.contains("-m pip install --quiet --disable-pip-version-check -r build-requirements.txt && ")
                && build.endsWith("-r dependencies.txt"), "build dependencies first, then the model's, as MLflow installs them: " + build);
        assertTrue(Files.exists(python.getParent().getParent().resolve(".complete")));
        assertTrue(progress.get(0).startsWith("building the Python environment of churn v3 (Python 3.11.9, cached in "), progress.toString());

        assertEquals(python, environments.python(ContractConfig.defaults(), "churn v4", files(FILES), cache, cache));
        assertEquals(1, commands.builds(), "the same requirements reuse the cached environment");
        Map<String, String> other = Map.of("python_env.yaml", PYTHON_ENV, "requirements.txt", "mlflow==3.17.2\nscikit-learn==1.8.0\n");
        assertFalse(python.equals(environments.python(ContractConfig.defaults(), "churn v5", files(other), cache, cache)));
        assertEquals(2, commands.builds(), "other requirements, another environment");
    }

    @Test
    void aFailedBuildNamesThePackageAndLeavesNothing(@TempDir Path cache) throws Exception {
        Commands commands = new Commands(Map.of("python3.11", "3.11.7"));
        commands.build = new ProcessRunner.Outcome(1, false, Duration.ofSeconds(3), """
                Looking in links: /opt/wheels
                ERROR: Could not find a version that satisfies the requirement numpy==0.0.1 (from versions: 1.3.0, 2.4.6)
                ERROR: No matching distribution found for numpy==0.0.1
                """);
        Fault fault = assertThrows(Fault.class, () -> new ModelEnvironment(commands, Map.of(), line -> { })
                .python(ContractConfig.defaults(), "churn v9", files(FILES), cache, cache));
        assertEquals(Fault.Kind.INFRASTRUCTURE, fault.kind());
        assertEquals("cannot build the Python environment of churn v9: pip could not install numpy==0.0.1 "
                + "(No matching distribution found for numpy==0.0.1)", fault.getMessage());
        try (Stream<Path> left = Files.list(cache.resolve("model-envs"))) {
            assertEquals(List.of(), left.filter(Files::isDirectory).toList());
        }
    }

    @Test
    void pipsWordsForWhatWouldNotInstallAreFound() {
        assertEquals("pip could not install broken-pkg (Failed building wheel for broken-pkg)", ModelEnvironment.pipFailure("""
                  error: subprocess-exited-with-error
                  × python setup.py bdist_wheel did not run successfully.
                  note: This error originates from a subprocess, and is likely not a problem with pip.
                  ERROR: Failed building wheel for broken-pkg
                Failed to build broken-pkg
                ERROR: Could not build wheels for broken-pkg, which is required to install pyproject.toml-based projects
                """));
        assertEquals("pip could not install scikit-learn==1.9.1 and numpy==1.0 (Cannot install scikit-learn==1.9.1 and numpy==1.0 because "
                        + "these package versions have conflicting dependencies.)",
                ModelEnvironment.pipFailure("ERROR: Cannot install scikit-learn==1.9.1 and numpy==1.0 because these package versions have conflicting dependencies.\n"));
        assertEquals("the install failed: ERROR: Could not install packages due to an OSError: [Errno 28] No space left on device",
                ModelEnvironment.pipFailure("Collecting mlflow\nERROR: Could not install packages due to an OSError: [Errno 28] No space left on device\n"));
    }

    @Test
    void theModelsPythonVersionMustBeFoundOrConfigured(@TempDir Path cache) {
        Fault fault = assertThrows(Fault.class, () -> new ModelEnvironment(new Commands(Map.of("python3", "3.12.1")), Map.of(), line -> { })
                .python(ContractConfig.defaults(), "churn v3", files(FILES), cache, cache));
        assertEquals("churn v3 needs Python 3.11.7 (its python_env.yaml), and python3.11 cannot be run, python3 is 3.12.1: "
                + "install Python 3.11, or set contract.python to one", fault.getMessage());
        Commands configured = new Commands(Map.of("/opt/py311/bin/python", "3.11.4"));
        new ModelEnvironment(configured, Map.of(), line -> { }).python(contract("/opt/py311/bin/python"), "churn v3", files(FILES), cache, cache);
        assertEquals(1, configured.builds());
    }

    @Test
    void aModelLoggedWithoutItsEnvironmentIsAUsageError(@TempDir Path cache) {
        Fault fault = assertThrows(Fault.class, () -> new ModelEnvironment(new Commands(Map.of()), Map.of(), line -> { })
                .python(ContractConfig.defaults(), "churn v1", files(Map.of()), cache, cache));
        assertEquals(Fault.Kind.USAGE, fault.kind());
        assertTrue(fault.getMessage().startsWith("churn v1 has no python_env.yaml logged with it"), fault.getMessage());
        ContractConfig local = new ContractConfig(null, null, null, null, null, ContractConfig.Env.LOCAL, null, null, null, null, null, null, null);
        assertEquals(Path.of("python3"), new ModelEnvironment(new Commands(Map.of()), Map.of(), line -> { })
                .python(local, "churn v1", files(Map.of()), cache, cache), "env: local needs nothing logged");
    }

    @Test
    void theCacheIsWhereTheTestBedsIs() {
        assertEquals(Path.of("/c/modelgate"), ModelEnvironment.cacheRoot(Map.of("MODELGATE_CACHE", "/c/modelgate", "HOME", "/h")));
        assertEquals(Path.of("/x/modelgate"), ModelEnvironment.cacheRoot(Map.of("XDG_CACHE_HOME", "/x", "HOME", "/h")));
        assertEquals(Path.of("/h/.cache/modelgate"), ModelEnvironment.cacheRoot(Map.of("HOME", "/h")));
    }
}
