package io.modelgate.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelgate.testbed.MlflowServer;
import io.modelgate.testbed.ModelSeeder;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Test-side access to the real MLflow server, independent of the client under test: creates
 * models with versions cloned from one seeded (trained and logged) version, and reads the
 * registry back as plain JSON so assertions do not trust {@link MlflowRestClient}.
 */
public final class RegistryFixture {

    private final MlflowServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private JsonNode template;

    public RegistryFixture(MlflowServer server) {
        this.server = server;
    }

    /** A new registered model with {@code versions} READY versions, all from one logged sklearn model. */
    public String model(String name, int versions) {
        if (template == null) {
            ModelSeeder.SeededVersion seeded = new ModelSeeder(server).seed("template-" + System.nanoTime());
            template = get("model-versions/get", Map.of("name", seeded.model(), "version", seeded.version())).path("model_version");
        }
        post("registered-models/create", Map.of("name", name));
        String source = template.path("source").asText();
        for (int i = 0; i < versions; i++) {
            post("model-versions/create", Map.of("name", name, "source", source, "run_id", template.path("run_id").asText(),
                    "model_id", source.substring("models:/".length())));
        }
        return name;
    }

    public String runId() {
        return template.path("run_id").asText();
    }

    public Optional<Integer> alias(String model, String alias) {
        JsonNode aliases = get("registered-models/get", Map.of("name", model)).path("registered_model").path("aliases");
        for (JsonNode a : aliases) {
            if (a.path("alias").asText().equals(alias)) return Optional.of(a.path("version").asInt());
        }
        return Optional.empty();
    }

    public Map<String, String> modelTags(String model) {
        return tags(get("registered-models/get", Map.of("name", model)).path("registered_model"));
    }

    public Map<String, String> versionTags(String model, int version) {
        return tags(version(model, version));
    }

    public String stage(String model, int version) {
        return version(model, version).path("current_stage").asText();
    }

    public JsonNode version(String model, int version) {
        return get("model-versions/get", Map.of("name", model, "version", String.valueOf(version))).path("model_version");
    }

    /** Everything a promotion could change: aliases, model tags, and each version's stage and tags. */
    public String snapshot(String model, int versions) {
        StringBuilder all = new StringBuilder(get("registered-models/get", Map.of("name", model)).path("registered_model").path("aliases").toString());
        all.append(modelTags(model));
        for (int v = 1; v <= versions; v++) {
            all.append('\n').append(stage(model, v)).append(versionTags(model, v));
        }
        return all.toString();
    }

    public void setVersionTag(String model, int version, String key, String value) {
        post("model-versions/set-tag", Map.of("name", model, "version", String.valueOf(version), "key", key, "value", value));
    }

    public void setAlias(String model, String alias, int version) {
        post("registered-models/alias", Map.of("name", model, "alias", alias, "version", String.valueOf(version)));
    }

    /** The paths of the files the run's artifact listing shows under {@code path}, as the server lists them. */
    public java.util.List<String> artifacts(String runId, String path) {
        java.util.List<String> files = new java.util.ArrayList<>();
        get("artifacts/list", Map.of("run_id", runId, "path", path)).path("files").forEach(f -> files.add(f.path("path").asText()));
        return files;
    }

    /** One artifact's text, downloaded through the server. */
    public String artifactText(String runId, String path) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(server.uri() + "/get-artifact?run_id="
                    + URLEncoder.encode(runId, StandardCharsets.UTF_8) + "&path=" + URLEncoder.encode(path, StandardCharsets.UTF_8))).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) throw new IllegalStateException(path + ": HTTP " + response.statusCode());
            return response.body();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A new model with one version whose run lives in an experiment with its own artifact
     * location (e.g. a file: URI the server does not proxy), with the given metrics logged; returns the run id.
     */
    public String modelWithRunIn(String name, String artifactLocation, Map<String, Double> metrics) {
        String experiment = post("experiments/create", Map.of("name", name + "-experiment", "artifact_location", artifactLocation))
                .path("experiment_id").asText();
        JsonNode run = postObject("runs/create", Map.of("experiment_id", experiment, "start_time", System.currentTimeMillis())).path("run");
        String runId = run.path("info").path("run_id").asText();
        metrics.forEach((key, value) -> postObject("runs/log-metric", Map.of("run_id", runId, "key", key, "value", value,
                "timestamp", System.currentTimeMillis(), "step", 0)));
        post("registered-models/create", Map.of("name", name));
        post("model-versions/create", Map.of("name", name, "source", run.path("info").path("artifact_uri").asText() + "/model", "run_id", runId));
        return runId;
    }

    public void deleteRun(String runId) {
        post("runs/delete", Map.of("run_id", runId));
    }

    public void transition(String model, int version, String stage) {
        post("model-versions/transition-stage", Map.of("name", model, "version", String.valueOf(version), "stage", stage,
                "archive_existing_versions", "true"));
    }

    private static Map<String, String> tags(JsonNode node) {
        Map<String, String> tags = new LinkedHashMap<>();
        node.path("tags").forEach(t -> tags.put(t.path("key").asText(), t.path("value").asText()));
        return new java.util.TreeMap<>(tags);
    }

    private JsonNode get(String path, Map<String, String> query) {
        StringBuilder q = new StringBuilder();
        query.forEach((k, v) -> q.append(q.length() == 0 ? "?" : "&").append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return send(HttpRequest.newBuilder(URI.create(server.uri() + "/api/2.0/mlflow/" + path + q)).GET());
    }

    private JsonNode post(String path, Map<String, String> body) {
        Map<String, Object> typed = new HashMap<>(body);
        if (body.containsKey("archive_existing_versions")) typed.put("archive_existing_versions", true);
        return postObject(path, typed);
    }

    private JsonNode postObject(String path, Map<String, ?> typed) {
        try {
            return send(HttpRequest.newBuilder(URI.create(server.uri() + "/api/2.0/mlflow/" + path))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(typed))));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode send(HttpRequest.Builder request) {
        if (server.basicAuth()) {
            request.header("Authorization", MlflowServer.basicAuthHeader(server.adminUser(), server.adminPassword()));
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(request.build().uri() + ": HTTP " + response.statusCode() + " " + response.body());
            }
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
