package io.modelgate.testbed;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Registers real model versions on an {@link MlflowServer} by running {@code scripts/seed_model.py}:
 * a tiny scikit-learn model trained, logged with its metrics and registered, as a training job
 * in CI would.
 */
public final class ModelSeeder {

    // Python's json writes NaN and Infinity bare, as tests that force such metrics need.
    private static final ObjectMapper JSON = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    private final MlflowServer server;

    public ModelSeeder(MlflowServer server) {
        this.server = server;
    }

    /** One registered model version and the metrics logged on its run. */
    public record SeededVersion(String model, String version, @JsonProperty("run_id") String runId,
                                Map<String, Double> metrics) {
        public SeededVersion {
            metrics = Map.copyOf(metrics);
        }
    }

    /**
     * What to seed. {@code metrics} replace computed values (e.g. force a worse candidate);
     * {@code tags} go on each version; {@code fastMode} registers all {@code count} versions from one
     * trained model, for benchmarks that need thousands; {@code variants}, when given, register one
     * version each instead, with seed_model.py's options of the model logged (a dropped feature, an
     * optional input, no signature, a pyfunc that raises or sleeps), all in one process.
     */
    public record Options(Map<String, Double> metrics, Map<String, String> tags, int count, boolean fastMode,
                          int extraMetrics, int seed, List<String> variants) {

        public Options {
            metrics = Map.copyOf(metrics);
            tags = Map.copyOf(tags);
            variants = List.copyOf(variants);
            if (count < 1 || extraMetrics < 0) {
                throw new IllegalArgumentException("count must be at least 1 and extraMetrics at least 0");
            }
        }

        public static Options defaults() {
            return new Options(Map.of(), Map.of(), 1, false, 0, 42, List.of());
        }

        public Options metric(String name, double value) {
            Map<String, Double> more = new LinkedHashMap<>(metrics);
            more.put(name, value);
            return new Options(more, tags, count, fastMode, extraMetrics, seed, variants);
        }

        public Options tag(String key, String value) {
            Map<String, String> more = new LinkedHashMap<>(tags);
            more.put(key, value);
            return new Options(metrics, more, count, fastMode, extraMetrics, seed, variants);
        }

        public Options count(int versions) {
            return new Options(metrics, tags, versions, fastMode, extraMetrics, seed, variants);
        }

        /** Trains once and registers every version from that model: ~20 ms a version. */
        public Options fast() {
            return new Options(metrics, tags, count, true, extraMetrics, seed, variants);
        }

        public Options extraMetrics(int howMany) {
            return new Options(metrics, tags, count, fastMode, howMany, seed, variants);
        }

        /** One more version, logged with these seed_model.py options, e.g. {@code --pyfunc raise} or {@code --drop-feature f7}. */
        public Options variant(String options) {
            List<String> more = new ArrayList<>(variants);
            more.add(options);
            return new Options(metrics, tags, count, fastMode, extraMetrics, seed, more);
        }

        /** The random seed of the synthetic data set: another seed, other computed metrics. */
        public Options seed(int randomSeed) {
            return new Options(metrics, tags, count, fastMode, extraMetrics, randomSeed, variants);
        }
    }

    /** Registers one new version of {@code model} with computed metrics. */
    public SeededVersion seed(String model) {
        return seed(model, Options.defaults()).get(0);
    }

    /** Registers {@code options.count()} new versions of {@code model}, in version order. */
    public List<SeededVersion> seed(String model, Options options) {
        PythonToolchain python = PythonToolchain.get();
        List<String> command = new ArrayList<>(List.of(
                python.python().toString(), python.script("scripts/seed_model.py").toString(),
                "--tracking-uri", server.uri(), "--model", model,
                "--count", Integer.toString(options.count()),
                "--extra-metrics", Integer.toString(options.extraMetrics()),
                "--seed", Integer.toString(options.seed())));
        options.metrics().forEach((name, value) -> command.addAll(List.of("--metric", name + "=" + value)));
        options.tags().forEach((key, value) -> command.addAll(List.of("--tag", key + "=" + value)));
        if (options.fastMode()) {
            command.add("--fast");
        }
        // The = form: a variant starts with a dash, which argparse would take for an option of its own.
        options.variants().forEach(variant -> command.add("--variant=" + variant));
        return parse(run(command, timeoutSeconds(options)));
    }

    /** Python start-up and the first training take ~4 s; each further version ~1 s, or ~30 ms fast. */
    private static long timeoutSeconds(Options options) {
        return 120 + Math.max(options.count(), options.variants().size()) * (options.fastMode() ? 1L : 5L);
    }

    private String run(List<String> command, long timeoutSeconds) {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("seed-model", ".out");
            err = Files.createTempFile("seed-model", ".err");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            builder.environment().putAll(server.clientEnvironment());
            Process process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IllegalStateException("seed_model.py did not finish in " + timeoutSeconds + " s:\n"
                        + Files.readString(err));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("seed_model.py failed with exit code " + process.exitValue()
                        + " against " + server.uri() + ":\n" + Files.readString(err));
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while seeding", e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    private static List<SeededVersion> parse(String stdout) {
        List<SeededVersion> versions = new ArrayList<>();
        for (String line : stdout.strip().split("\n")) {
            try {
                versions.add(JSON.readValue(line, SeededVersion.class));
            } catch (IOException e) {
                throw new IllegalStateException("seed_model.py printed a line that is not a seeded version: '"
                        + line + "'", e);
            }
        }
        return List.copyOf(versions);
    }

    private static void deleteQuietly(Path path) {
        if (path != null) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                // A leftover temp file is harmless.
            }
        }
    }
}
