package io.modelgate.contract;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelgate.config.ConfigMapper;
import io.modelgate.config.ContractConfig;
import io.modelgate.config.Durations;
import io.modelgate.fault.Fault;
import io.modelgate.teststage.ProcessRunner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Python a model version is loaded and scored with. With {@code env: model}, a virtualenv built
 * the way MLflow's virtualenv env manager builds one from the logged model ({@code python -m venv}
 * from an interpreter of the python_env.yaml's version, then {@code pip install} of its
 * build_dependencies, then of its dependencies, usually {@code -r requirements.txt}), cached under
 * {@code <cache>/model-envs/<hash of those files and the interpreter's version>} so that the next
 * version with the same requirements reuses it. A build holds a file lock, so two runs on one
 * machine build an environment once; a build that fails or is interrupted is deleted, never reused.
 */
public final class ModelEnvironment {

    /** The pip lines that name what would not install, most telling first. */
    private static final List<Pattern> PIP_FAILURES = List.of(
            Pattern.compile("No matching distribution found for (\\S+)"),
            Pattern.compile("Could not find a version that satisfies the requirement (\\S+)"),
            Pattern.compile("Failed building wheel for (\\S+)"),
            Pattern.compile("Failed to build installable wheels for some pyproject.toml based projects \\((.+)\\)"),
            Pattern.compile("Could not build wheels for (\\S+?),"),
            Pattern.compile("Cannot install (.+?) because these package versions have conflicting dependencies"),
            Pattern.compile("Invalid requirement: '?([^'\\s]+)"));
    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)(\\.\\d+)?");
    private static final String COMPLETE = ".complete";

    private final ProcessRunner runner;
    private final Map<String, String> env;
    private final Consumer<String> progress;

    /**
     * @param env      the environment the interpreters and pip run with (no secrets: pip may run a package's build code)
     * @param progress where a line about a build in progress goes
     */
    public ModelEnvironment(ProcessRunner runner, Map<String, String> env, Consumer<String> progress) {
        this.runner = runner;
        this.env = Map.copyOf(env);
        this.progress = progress;
    }

    /** The interpreter to score with: the configured one for env: local, else the model's cached environment, built if needed. */
    public Path python(ContractConfig contract, String model, Function<String, Optional<String>> modelFiles, Path cache, Path workDir) {
        if (contract.env() == ContractConfig.Env.LOCAL) {
            return Path.of(contract.python() == null ? "python3" : contract.python());
        }
        String pythonEnv = modelFiles.apply("python_env.yaml").orElseThrow(() -> Fault.usage(model
                + " has no python_env.yaml logged with it, so its environment cannot be rebuilt; log it with MLflow 2 or later, "
                + "or set contract.env: local"));
        JsonNode spec = yaml(pythonEnv, model);
        String wanted = spec.path("python").asText("");
        Map<String, String> files = new LinkedHashMap<>();
        files.put("python_env.yaml", pythonEnv);
        List<String> buildDependencies = lines(spec.path("build_dependencies"));
        List<String> dependencies = lines(spec.path("dependencies"));
        for (String line : dependencies) {
            // -r requirements.txt, -c constraints.txt: files logged next to python_env.yaml.
            Matcher reference = Pattern.compile("^-[rc]\\s*(\\S+)").matcher(line.strip());
            if (reference.find()) {
                String name = reference.group(1);
                files.put(name, modelFiles.apply(name).orElseThrow(() -> Fault.usage(model + ": python_env.yaml installs " + line
                        + " but no " + name + " is logged with the model")));
            }
        }
        Interpreter base = baseInterpreter(contract, wanted, model, workDir);
        String key = hash(files, base.version());
        Path dir = cache.resolve("model-envs").resolve(key);
        Path python = dir.resolve("bin").resolve("python");
        try {
            Files.createDirectories(dir.getParent());
            try (FileChannel channel = FileChannel.open(dir.getParent().resolve(key + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                if (Files.exists(dir.resolve(COMPLETE))) {
                    return python;
                }
                deleteTree(dir);
                boolean built = false;
                try {
                    build(model, contract.envTimeout(), base, dir, files, buildDependencies, dependencies, workDir);
                    Files.writeString(dir.resolve(COMPLETE), "");
                    built = true;
                } finally {
                    if (!built) deleteTree(dir);
                }
            }
        } catch (IOException e) {
            throw Fault.infrastructure("cannot prepare the Python environment of " + model + " in " + dir + ": " + e.getMessage(), e);
        }
        return python;
    }

    private record Interpreter(String command, String version) {
    }

    /**
     * The interpreter the virtualenv is created from: the configured one, else python&lt;major.minor&gt;
     * of python_env.yaml from PATH, else python3; its major.minor must be the model's (like MLflow,
     * which installs that Python with pyenv; ModelGate downloads nothing but the packages).
     */
    private Interpreter baseInterpreter(ContractConfig contract, String wanted, String model, Path workDir) {
        Matcher wantedVersion = VERSION.matcher(wanted);
        String minor = wantedVersion.find() ? wantedVersion.group(1) + "." + wantedVersion.group(2) : null;
        List<String> candidates = contract.python() != null ? List.of(contract.python())
                : minor == null ? List.of("python3") : List.of("python" + minor, "python3");
        List<String> found = new ArrayList<>();
        for (String candidate : candidates) {
            ProcessRunner.Outcome outcome = runner.run(new ProcessRunner.Command(ProcessRunner.commandLine(List.of(candidate, "-c",
                    "import sys; print('%d.%d.%d' % sys.version_info[:3])")), workDir, env, Duration.ofSeconds(30)), line -> { });
            String version = outcome.tail().strip();
            if (outcome.exitCode() != 0) {
                found.add(candidate + " cannot be run");
            } else if (minor == null || version.startsWith(minor + ".")) {
                return new Interpreter(candidate, version);
            } else {
                found.add(candidate + " is " + version);
            }
        }
        throw Fault.infrastructure(model + " needs Python " + wanted + " (its python_env.yaml), and " + String.join(", ", found)
                + ": install Python " + minor + ", or set contract.python to one");
    }

    private void build(String model, Duration timeout, Interpreter base, Path dir, Map<String, String> files,
                       List<String> buildDependencies, List<String> dependencies, Path workDir) throws IOException {
        progress.accept("building the Python environment of " + model + " (Python " + base.version() + ", cached in " + dir + ")");
        Path filesDir = dir.resolve(".modelgate");
        Files.createDirectories(filesDir);
        for (Map.Entry<String, String> file : files.entrySet()) {
            Files.writeString(filesDir.resolve(file.getKey()), file.getValue());
        }
        Files.write(filesDir.resolve("build-requirements.txt"), buildDependencies);
        Files.write(filesDir.resolve("dependencies.txt"), dependencies);
        String python = dir.resolve("bin").resolve("python").toString();
        // Bytecode compiled at install, as pip does by default: the build is cached, and the first check that serves must not
        // spend its serve_timeout compiling MLflow's modules.
        List<String> pip = List.of(python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r");
        String script = "cd " + ProcessRunner.word(filesDir.toString())
                + " && " + ProcessRunner.commandLine(List.of(base.command(), "-m", "venv", dir.toString()))
                + (buildDependencies.isEmpty() ? "" : " && " + ProcessRunner.commandLine(concat(pip, "build-requirements.txt")))
                + " && " + ProcessRunner.commandLine(concat(pip, "dependencies.txt"));
        long start = System.nanoTime();
        ProcessRunner.Outcome outcome = runner.run(new ProcessRunner.Command(script, workDir, env, timeout), line -> { });
        if (outcome.timedOut()) {
            throw Fault.infrastructure("building the Python environment of " + model + " did not finish in " + Durations.format(timeout)
                    + " (contract.env_timeout)");
        }
        if (outcome.exitCode() != 0) {
            throw Fault.infrastructure("cannot build the Python environment of " + model + ": " + pipFailure(outcome.tail()));
        }
        progress.accept("built the Python environment of " + model + " in " + Math.round((System.nanoTime() - start) / 1e9) + " s");
    }

    /** What pip says would not install, from the end of its output: "pip could not install foo==9 (No matching distribution found for foo==9)". */
    static String pipFailure(String output) {
        for (Pattern pattern : PIP_FAILURES) {
            Matcher matcher = pattern.matcher(output);
            if (matcher.find()) {
                String line = output.substring(output.lastIndexOf('\n', matcher.start()) + 1, lineEnd(output, matcher.end()))
                        .strip().replaceFirst("^ERROR:\\s*", "");
                return "pip could not install " + matcher.group(1) + " (" + line + ")";
            }
        }
        List<String> errors = output.lines().filter(l -> l.startsWith("ERROR") || l.startsWith("error")).toList();
        String last = errors.isEmpty() ? output.strip().lines().reduce((a, b) -> b).orElse("no output") : errors.get(errors.size() - 1);
        return "the install failed: " + last.strip();
    }

    private static int lineEnd(String text, int from) {
        int end = text.indexOf('\n', from);
        return end < 0 ? text.length() : end;
    }

    private static List<String> concat(List<String> words, String last) {
        List<String> all = new ArrayList<>(words);
        all.add(last);
        return all;
    }

    private static List<String> lines(JsonNode list) {
        List<String> lines = new ArrayList<>();
        list.forEach(item -> lines.add(item.asText()));
        return lines;
    }

    private static JsonNode yaml(String text, String model) {
        try {
            return ConfigMapper.get().readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw Fault.usage(model + ": its python_env.yaml is not YAML: " + e.getOriginalMessage());
        }
    }

    /** The cache key: the environment's files and the interpreter's exact version. */
    private static String hash(Map<String, String> files, String pythonVersion) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(pythonVersion.getBytes(StandardCharsets.UTF_8));
            for (Map.Entry<String, String> file : files.entrySet()) {
                digest.update(("\0" + file.getKey() + "\0" + file.getValue()).getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The cache root as scripts/setup-python.sh finds it: $MODELGATE_CACHE, else $XDG_CACHE_HOME/modelgate, else ~/.cache/modelgate. */
    public static Path cacheRoot(Map<String, String> env) {
        if (env.get("MODELGATE_CACHE") != null && !env.get("MODELGATE_CACHE").isBlank()) return Path.of(env.get("MODELGATE_CACHE"));
        String xdg = env.get("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".cache");
        return base.resolve("modelgate");
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
