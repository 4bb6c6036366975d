package io.modelgate.testbed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The pinned Python venv of the test bed (MLflow, PySpark, scikit-learn), as set up by
 * {@code scripts/setup-python.sh}. The script runs once per JVM: the first run on a machine
 * installs the venv, later runs only print its path.
 */
public final class PythonToolchain {

    private static final String SETUP_SCRIPT = "scripts/setup-python.sh";
    // A first-time install downloads MLflow and Spark; later runs answer in milliseconds.
    private static final long SETUP_TIMEOUT_MINUTES = 30;

    private final Path repoRoot;
    private final Path venv;

    private PythonToolchain(Path repoRoot, Path venv) {
        this.repoRoot = repoRoot;
        this.venv = venv;
    }

    /** The toolchain, set up on first use; every later call gets the same one, or the same failure. */
    public static PythonToolchain get() {
        return Holder.SETUP.toolchain();
    }

    public Path repoRoot() {
        return repoRoot;
    }

    public Path venv() {
        return venv;
    }

    public Path python() {
        return bin("python");
    }

    /** An executable of the venv, e.g. {@code mlflow} or {@code spark-submit}. */
    public Path bin(String name) {
        return venv.resolve("bin").resolve(name);
    }

    /** A file of the repository, e.g. {@code scripts/seed_model.py}. */
    public Path script(String relative) {
        Path path = repoRoot.resolve(relative);
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("no file " + path);
        }
        return path;
    }

    /** Lazy, thread-safe, once per JVM: the class initialises on the first call of get(). */
    private static final class Holder {
        static final Setup SETUP = Setup.run();
    }

    /**
     * The outcome of the one setup run. A failure is kept and rethrown on every call, so each
     * test reports the real cause instead of a bare NoClassDefFoundError from a failed
     * class initialiser.
     */
    private record Setup(PythonToolchain result, RuntimeException failure) {

        static Setup run() {
            try {
                return new Setup(setUp(), null);
            } catch (RuntimeException e) {
                return new Setup(null, e);
            }
        }

        PythonToolchain toolchain() {
            if (failure != null) {
                throw new IllegalStateException("the Python test bed is unavailable: "
                        + failure.getMessage(), failure);
            }
            return result;
        }
    }

    private static PythonToolchain setUp() {
        Path root = findRepoRoot(Path.of("").toAbsolutePath());
        try {
            Path log = Files.createTempFile("setup-python", ".log");
            Process process = new ProcessBuilder("bash", root.resolve(SETUP_SCRIPT).toString())
                    .directory(root.toFile())
                    .redirectError(log.toFile())
                    .start();
            process.getOutputStream().close();
            String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(SETUP_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(SETUP_SCRIPT + " did not finish in "
                        + SETUP_TIMEOUT_MINUTES + " minutes; see " + log);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(SETUP_SCRIPT + " failed with exit code "
                        + process.exitValue() + ":\n" + Files.readString(log));
            }
            // The script's last stdout line is the venv path.
            List<String> lines = stdout.strip().lines().toList();
            Path venv = lines.isEmpty() ? null : Path.of(lines.get(lines.size() - 1).strip());
            if (venv == null || !Files.isExecutable(venv.resolve("bin/python"))) {
                throw new IllegalStateException(SETUP_SCRIPT + " printed no usable venv path: '"
                        + stdout.strip() + "'");
            }
            Files.deleteIfExists(log);
            return new PythonToolchain(root, venv);
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + SETUP_SCRIPT + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + SETUP_SCRIPT, e);
        }
    }

    private static Path findRepoRoot(Path start) {
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(SETUP_SCRIPT))) {
                return dir;
            }
        }
        throw new IllegalStateException("no " + SETUP_SCRIPT + " in " + start
                + " or any parent folder; run the tests from inside the ModelGate repository");
    }
}
