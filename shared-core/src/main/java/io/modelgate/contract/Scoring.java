package io.modelgate.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.modelgate.config.Durations;
import io.modelgate.fault.Fault;
import io.modelgate.teststage.ProcessRunner;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one run of {@code score_model.py} (shipped in this jar) found for one model version in its
 * Python environment: the model's size, its load time, the latencies of single rows and batches,
 * the peak memory, and, when it was asked for, the serving payloads and the answers MLflow's
 * scoring server must give; or the stage at which the model failed and the first lines of the error.
 */
public record Scoring(JsonNode result) {

    private static final String SCRIPT = "score_model.py";
    // Python's json writes NaN and Infinity bare.
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    /** Where the model failed (load, predict, shape, values, output type) and what it said. */
    public record Failure(String stage, String message) {
    }

    /**
     * Runs the script with {@code python} in {@code work} (which it downloads the model into) and
     * returns its result. A script that cannot run at all (no MLflow in that Python) or a model that
     * cannot be downloaded is an infrastructure error; a model that takes longer than {@code timeout}
     * to load and score fails, like one that raises.
     */
    public static Scoring run(ProcessRunner runner, Path python, String modelUri, Path work, Path rows, int batchSize,
                              boolean serving, Map<String, String> env, Duration timeout) {
        Path script = work.resolve(SCRIPT);
        Path out = work.resolve("scoring-" + System.nanoTime() + ".json");
        Path modelDir = work.resolve("model-" + System.nanoTime());
        try (InputStream in = Scoring.class.getResourceAsStream(SCRIPT)) {
            if (!Files.exists(script)) Files.copy(in, script);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + script, e);
        }
        List<String> argv = new ArrayList<>(List.of(python.toString(), script.toString(), "--model-uri", modelUri,
                "--work", modelDir.toString(), "--out", out.toString(), "--batch-size", String.valueOf(batchSize)));
        if (rows != null) argv.addAll(List.of("--rows", rows.toString()));
        if (serving) argv.add("--serving");
        ProcessRunner.Outcome outcome = runner.run(new ProcessRunner.Command(ProcessRunner.commandLine(argv), work, env, timeout), line -> { });
        if (outcome.timedOut()) {
            return new Scoring(JSON.createObjectNode().set("failure", JSON.createObjectNode().put("stage", "time limit")
                    .put("message", "loading and scoring " + modelUri + " did not finish in " + Durations.format(timeout) + " (contract.timeout)")));
        }
        if (outcome.exitCode() != 0 || !Files.exists(out)) {
            throw Fault.infrastructure("cannot score " + modelUri + " with " + python + " (exit " + outcome.exitCode() + "): "
                    + lastLines(outcome.tail(), 5));
        }
        Scoring scoring;
        try {
            scoring = new Scoring(JSON.readTree(out.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + out, e);
        }
        JsonNode error = scoring.result.path("error");
        if (!error.isMissingNode()) {
            throw Fault.infrastructure("cannot " + error.path("stage").asText() + " " + modelUri + ": " + lastLines(error.path("message").asText(), 3));
        }
        return scoring;
    }

    private static String lastLines(String text, int count) {
        List<String> lines = text.strip().lines().filter(l -> !l.isBlank()).toList();
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - count), lines.size()));
    }

    public Optional<Failure> failure() {
        JsonNode failure = result.path("failure");
        return failure.isMissingNode() ? Optional.empty() : Optional.of(new Failure(failure.path("stage").asText(), failure.path("message").asText()));
    }

    public Optional<Double> loadSeconds() {
        return number("load_seconds");
    }

    public Optional<Double> sizeMb() {
        return number("size_bytes").map(bytes -> bytes / (1024.0 * 1024.0));
    }

    public Optional<Double> memoryMb() {
        return number("peak_rss_mb");
    }

    public Optional<Latency> batch() {
        return latency("batch_ms");
    }

    public Optional<Latency> singleRow() {
        return latency("single_ms");
    }

    /** How many rows were scored (the feature table's sample, else the input example), 0 when scoring did not get that far. */
    public int rows() {
        return result.path("rows").asInt(0);
    }

    /** The rows of the input example scored, empty when the model has none. */
    public Optional<Integer> exampleRows() {
        return result.has("example_rows") ? Optional.of(result.get("example_rows").asInt()) : Optional.empty();
    }

    /** The interpreter that scored, and the folder of its scripts (uvicorn for the scoring server). */
    public Path executable() {
        return Path.of(result.path("executable").asText());
    }

    public Path scripts() {
        return Path.of(result.path("scripts").asText());
    }

    public Path modelDir() {
        return Path.of(result.path("model_dir").asText());
    }

    public String mlflowVersion() {
        return result.path("mlflow_version").asText("");
    }

    /** One serving request body per scored row, as MLflow builds it from a one-row input. */
    public List<String> servingPayloads() {
        List<String> payloads = new ArrayList<>();
        result.path("serving").path("payloads").forEach(p -> payloads.add(p.asText()));
        return payloads;
    }

    /** The answer MLflow's scoring server must give for each payload: the in-process predictions. */
    public List<JsonNode> servingAnswers() {
        List<JsonNode> answers = new ArrayList<>();
        result.path("serving").path("answers").forEach(answers::add);
        return answers;
    }

    private Optional<Double> number(String key) {
        return result.hasNonNull(key) ? Optional.of(result.get(key).asDouble()) : Optional.empty();
    }

    private Optional<Latency> latency(String key) {
        List<Double> values = new ArrayList<>();
        result.path(key).forEach(v -> values.add(v.asDouble()));
        return values.isEmpty() ? Optional.empty() : Optional.of(Latency.of(values));
    }
}
