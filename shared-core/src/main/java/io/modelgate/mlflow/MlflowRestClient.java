package io.modelgate.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelgate.config.Durations;
import io.modelgate.config.MlflowConfig;
import io.modelgate.config.ResolvedConfig;
import io.modelgate.fault.Fault;
import io.modelgate.secret.SecretMasker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * The MLflow Model Registry over its REST API 2.0, with the JDK's HTTP client.
 *
 * <p>Why not {@code org.mlflow:mlflow-client}: it has no alias calls, would still need this
 * client for every write the steps make, and adds Apache HttpClient and protobuf to a jar
 * that starts in every CI step. Reads and writes here are the documented endpoints.
 *
 * <p>Retries: reads and naturally idempotent writes (set-alias, set-tag, delete-tag) are
 * retried on 429, 5xx, a lost connection and a concurrent upsert's constraint violation, with
 * bounded backoff. transition-stage is
 * retried only when the connection was refused, that is when the request never reached MLflow.
 */
public final class MlflowRestClient implements ModelRegistry, TrackingRuns {

    /** Versions per page of model-versions/search when reading a model's whole history. */
    private static final int VERSION_PAGE = 1000;
    /** How sqlite, PostgreSQL and MySQL drivers name a unique-key violation in the message MLflow passes on. */
    private static final Pattern CONSTRAINT_VIOLATION =
            Pattern.compile("IntegrityError|UniqueViolation|UNIQUE constraint failed|Duplicate entry");
    private static final List<Duration> BACKOFF = List.of(Duration.ofMillis(200), Duration.ofMillis(500), Duration.ofMillis(1200));

    /** How a request authenticates, and who it is, for permission messages. */
    public record Credentials(String authorization, String identity) {
        public static Credentials none() {
            return new Credentials(null, "anonymous");
        }

        public static Credentials bearer(String token, String variable) {
            return new Credentials("Bearer " + token, "the token in " + variable);
        }

        /** The user name is masked like every value of a *_env variable, so messages name its variable. */
        public static Credentials basic(String user, String password, String userVariable) {
            String pair = user + ":" + password;
            return new Credentials("Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)), "the user in " + userVariable);
        }
    }

    private final String uri;
    private final Duration timeout;
    private final Credentials credentials;
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicInteger calls = new AtomicInteger();
    private final SecretMasker masker;

    public MlflowRestClient(String uri, Duration timeout, Credentials credentials) {
        this(uri, timeout, credentials, SecretMasker.none());
    }

    /** @param masker the secrets no request body may carry (a tag holding a run URL, a message) */
    public MlflowRestClient(String uri, Duration timeout, Credentials credentials, SecretMasker masker) {
        this.uri = uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
        this.timeout = timeout;
        this.credentials = credentials;
        this.masker = masker;
    }

    /** The registry of the run's environment: URI, timeout and credentials from config, secrets from the environment. */
    public static MlflowRestClient from(ResolvedConfig config, Map<String, String> env) {
        MlflowConfig mlflow = config.config().mlflow();
        String uri = mlflow != null && mlflow.trackingUri() != null ? mlflow.trackingUri() : env.get("MLFLOW_TRACKING_URI");
        if (uri == null || uri.isBlank()) {
            throw Fault.usage(config.file().displayName() + ": mlflow.tracking_uri is not set (nor MLFLOW_TRACKING_URI)");
        }
        if (!uri.startsWith("http://") && !uri.startsWith("https://")) {
            throw Fault.usage(config.file().displayName() + ": mlflow.tracking_uri must be an http(s) URL of an MLflow server, got " + uri);
        }
        Credentials credentials = Credentials.none();
        if (mlflow != null && mlflow.tokenEnv() != null) {
            credentials = Credentials.bearer(config.secret("mlflow.token_env", mlflow.tokenEnv(), env), mlflow.tokenEnv());
        } else if (mlflow != null && mlflow.usernameEnv() != null) {
            credentials = Credentials.basic(config.secret("mlflow.username_env", mlflow.usernameEnv(), env),
                    config.secret("mlflow.password_env", mlflow.passwordEnv(), env), mlflow.usernameEnv());
        }
        return new MlflowRestClient(uri, mlflow == null ? MlflowConfig.DEFAULT_TIMEOUT : mlflow.timeout(), credentials,
                SecretMasker.of(env, config.file().secretVariables().keySet()));
    }

    @Override
    public RegisteredModel model(String name) {
        JsonNode model = get("registered-models/get", Map.of("name", name), new Subject(name, null)).path("registered_model");
        Map<String, Integer> aliases = new LinkedHashMap<>();
        model.path("aliases").forEach(a -> aliases.put(a.path("alias").asText(), a.path("version").asInt()));
        List<ModelVersion> latest = new ArrayList<>();
        model.path("latest_versions").forEach(v -> latest.add(version(v)));
        return new RegisteredModel(model.path("name").asText(name), tags(model), aliases, latest);
    }

    @Override
    public ModelVersion version(String model, int version) {
        return version(get("model-versions/get", Map.of("name", model, "version", String.valueOf(version)),
                new Subject(model, version)).path("model_version"));
    }

    @Override
    public Optional<ModelVersion> versionByAlias(String model, String alias) {
        try {
            return Optional.of(version(get("registered-models/alias", Map.of("name", model, "alias", alias),
                    new Subject(model, null)).path("model_version")));
        } catch (AliasNotSet e) {
            return Optional.empty();
        }
    }

    @Override
    public List<ModelVersion> newestVersions(String model, String extraFilter, int limit) {
        String filter = "name='" + model.replace("'", "\\'") + "'" + (extraFilter == null ? "" : " AND " + extraFilter);
        JsonNode answer = get("model-versions/search", Map.of("filter", filter, "max_results", String.valueOf(limit),
                "order_by", "version_number DESC"), new Subject(model, null));
        List<ModelVersion> versions = new ArrayList<>();
        answer.path("model_versions").forEach(v -> versions.add(version(v)));
        return versions;
    }

    @Override
    public RunRecord run(String runId) {
        JsonNode run = get("runs/get", Map.of("run_id", runId), Subject.ofRun(runId)).path("run");
        Map<String, Double> metrics = new LinkedHashMap<>();
        run.path("data").path("metrics").forEach(m -> metrics.put(m.path("key").asText(), metric(m.path("value"))));
        Map<String, String> tags = new LinkedHashMap<>();
        run.path("data").path("tags").forEach(t -> tags.put(t.path("key").asText(), t.path("value").asText("")));
        List<RunRecord.Dataset> datasets = new ArrayList<>();
        run.path("inputs").path("dataset_inputs").forEach(input -> {
            String context = "";
            for (JsonNode tag : input.path("tags")) {
                if (tag.path("key").asText().equals("mlflow.data.context")) context = tag.path("value").asText("");
            }
            datasets.add(new RunRecord.Dataset(input.path("dataset").path("name").asText(""), input.path("dataset").path("digest").asText(""), context));
        });
        return new RunRecord(runId, run.path("info").path("lifecycle_stage").asText("active"), metrics, tags,
                run.path("info").path("artifact_uri").asText(null), datasets);
    }

    /** MLflow's limits per log-batch request. */
    private static final int BATCH_METRICS = 1000, BATCH_PARAMS = 100, BATCH_TAGS = 100;

    @Override
    public String experimentId(String name) {
        Subject subject = Subject.ofExperiment(name);
        try {
            return get("experiments/get-by-name", Map.of("experiment_name", name), subject).path("experiment").path("experiment_id").asText();
        } catch (Fault e) {
            if (e.kind() != Fault.Kind.USAGE || !e.getMessage().contains("does not exist")) throw e;
        }
        ObjectNode body = body("name", name);
        try {
            return send("POST", "experiments/create", body, false, subject).path("experiment_id").asText();
        } catch (Fault e) {
            // Created meanwhile by a concurrent run: read it again.
            if (e.kind() != Fault.Kind.USAGE) throw e;
            return get("experiments/get-by-name", Map.of("experiment_name", name), subject).path("experiment").path("experiment_id").asText();
        }
    }

    @Override
    public String createRun(String experimentId, String runName, long startMillis, Map<String, String> tags) {
        ObjectNode body = body("experiment_id", experimentId, "run_name", runName);
        body.put("start_time", startMillis);
        var tagList = body.putArray("tags");
        tags.forEach((k, v) -> tagList.addObject().put("key", k).put("value", v));
        return send("POST", "runs/create", body, false, Subject.ofExperiment(experimentId)).path("run").path("info").path("run_id").asText();
    }

    @Override
    public void log(String runId, Map<String, Double> metrics, Map<String, String> params, Map<String, String> tags, long timeMillis) {
        List<Map.Entry<String, Double>> m = new ArrayList<>(metrics.entrySet());
        List<Map.Entry<String, String>> p = new ArrayList<>(params.entrySet());
        List<Map.Entry<String, String>> t = new ArrayList<>(tags.entrySet());
        int batches = Math.max(1, Math.max(ceil(m.size(), BATCH_METRICS), Math.max(ceil(p.size(), BATCH_PARAMS), ceil(t.size(), BATCH_TAGS))));
        for (int b = 0; b < batches; b++) {
            ObjectNode body = body("run_id", runId);
            var metricList = body.putArray("metrics");
            for (var e : m.subList(Math.min(m.size(), b * BATCH_METRICS), Math.min(m.size(), (b + 1) * BATCH_METRICS))) {
                ObjectNode metric = metricList.addObject().put("key", e.getKey()).put("timestamp", timeMillis).put("step", 0);
                double value = e.getValue();
                // MLflow takes NaN and infinities as strings in JSON.
                if (Double.isFinite(value)) metric.put("value", value); else metric.put("value", Double.isNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
            }
            var paramList = body.putArray("params");
            for (var e : p.subList(Math.min(p.size(), b * BATCH_PARAMS), Math.min(p.size(), (b + 1) * BATCH_PARAMS))) {
                paramList.addObject().put("key", e.getKey()).put("value", e.getValue());
            }
            var tagList = body.putArray("tags");
            for (var e : t.subList(Math.min(t.size(), b * BATCH_TAGS), Math.min(t.size(), (b + 1) * BATCH_TAGS))) {
                tagList.addObject().put("key", e.getKey()).put("value", e.getValue());
            }
            // Logging the same values again is harmless: a retried batch converges.
            send("POST", "runs/log-batch", body, true, Subject.ofRun(runId));
        }
    }

    private static int ceil(int size, int per) {
        return (size + per - 1) / per;
    }

    @Override
    public void logInput(String runId, DatasetInput dataset) {
        ObjectNode body = body("run_id", runId);
        ObjectNode input = body.putArray("datasets").addObject();
        input.putArray("tags").addObject().put("key", "mlflow.data.context").put("value", dataset.context());
        ObjectNode node = input.putObject("dataset");
        node.put("name", dataset.name()).put("digest", dataset.digest()).put("source_type", dataset.sourceType()).put("source", dataset.source());
        if (dataset.schema() != null) node.put("schema", dataset.schema());
        if (dataset.profile() != null) node.put("profile", dataset.profile());
        send("POST", "runs/log-inputs", body, true, Subject.ofRun(runId));
    }

    @Override
    public void endRun(String runId, boolean finished, long endMillis) {
        ObjectNode body = body("run_id", runId, "status", finished ? "FINISHED" : "FAILED");
        body.put("end_time", endMillis);
        send("POST", "runs/update", body, true, Subject.ofRun(runId));
    }

    @Override
    public List<ModelVersion> allVersions(String model) {
        String filter = "name='" + model.replace("'", "\\'") + "'";
        List<ModelVersion> versions = new ArrayList<>();
        String pageToken = null;
        do {
            Map<String, String> query = new LinkedHashMap<>(Map.of("filter", filter, "max_results", String.valueOf(VERSION_PAGE),
                    "order_by", "version_number ASC"));
            if (pageToken != null) query.put("page_token", pageToken);
            JsonNode answer = get("model-versions/search", query, new Subject(model, null));
            answer.path("model_versions").forEach(v -> versions.add(version(v)));
            pageToken = answer.path("next_page_token").asText("");
        } while (!pageToken.isEmpty());
        return versions;
    }

    @Override
    public String logArtifact(RunRecord run, String artifactPath, byte[] content, String contentType) {
        String root = run.artifactUri() == null ? "" : run.artifactUri();
        if (!root.startsWith("mlflow-artifacts:")) {
            throw Fault.usage("run " + run.runId() + " stores its artifacts at " + (root.isEmpty() ? "no artifact URI" : root)
                    + ": ModelGate uploads only through the tracking server's proxied artifact store (mlflow-artifacts:, "
                    + "mlflow server --serve-artifacts)");
        }
        // As MLflow's MlflowArtifactsRepository.resolve_uri: the URI's path under the tracking server's artifact service.
        URI parsed = URI.create(root);
        if (parsed.getAuthority() != null && !parsed.getAuthority().equals(URI.create(uri).getAuthority())) {
            throw Fault.usage("run " + run.runId() + " stores its artifacts on another server (" + root
                    + "): ModelGate uploads only to the tracking server at " + uri);
        }
        String path = (parsed.getPath() + "/" + artifactPath).replaceAll("/+", "/").replaceAll("^/", "");
        StringJoiner encoded = new StringJoiner("/");
        for (String segment : path.split("/")) encoded.add(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
        String target = "/api/2.0/mlflow-artifacts/artifacts/" + encoded;
        call("PUT", target, content, contentType, target, true, Subject.ofRun(run.runId()), "EDIT");
        return root + "/" + artifactPath;
    }

    @Override
    public Optional<String> modelFile(ModelVersion version, String file) {
        String source = version.source() == null ? "" : version.source();
        String path;
        if (source.startsWith("models:/m-")) {
            // MLflow 3: the version points at a logged model, whose files the server hands out by id.
            path = "/ajax-api/2.0/mlflow/logged-models/" + source.substring("models:/".length()).split("/")[0]
                    + "/artifacts/files?artifact_file_path=" + URLEncoder.encode(file, StandardCharsets.UTF_8);
        } else if (source.startsWith("runs:/") && version.runId() != null) {
            String relative = source.substring(("runs:/" + version.runId() + "/").length());
            path = "/get-artifact?run_id=" + URLEncoder.encode(version.runId(), StandardCharsets.UTF_8)
                    + "&path=" + URLEncoder.encode(relative + "/" + file, StandardCharsets.UTF_8);
        } else {
            return Optional.empty();
        }
        try {
            return Optional.of(call("GET", path, null, null, file + " of " + version.model() + " v" + version.version(), true,
                    new Subject(version.model(), version.version()), "READ"));
        } catch (Fault e) {
            if (e.kind() == Fault.Kind.USAGE) return Optional.empty();
            throw e;
        }
    }

    @Override
    public boolean hasArtifact(String runId, String artifactPath) {
        String normal = artifactPath.replaceAll("^/+|/+$", "");
        int slash = normal.lastIndexOf('/');
        String dir = slash < 0 ? "" : normal.substring(0, slash);
        JsonNode listing = get("artifacts/list", Map.of("run_id", runId, "path", dir), Subject.ofRun(runId));
        for (JsonNode file : listing.path("files")) {
            if (file.path("path").asText().equals(normal)) return true;
        }
        return false;
    }

    /** MLflow writes NaN and infinities as strings in JSON. */
    private static Double metric(JsonNode value) {
        if (value.isNumber()) return value.asDouble();
        return switch (value.asText()) {
            case "NaN" -> Double.NaN;
            case "Infinity" -> Double.POSITIVE_INFINITY;
            case "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> Double.NaN;
        };
    }

    @Override
    public void setAlias(String model, String alias, int version) {
        send("POST", "registered-models/alias", body("name", model, "alias", alias, "version", String.valueOf(version)), true, new Subject(model, version));
    }

    @Override
    public void setModelTag(String model, String key, String value) {
        send("POST", "registered-models/set-tag", body("name", model, "key", key, "value", value), true, new Subject(model, null));
    }

    @Override
    public void deleteModelTag(String model, String key) {
        send("DELETE", "registered-models/delete-tag", body("name", model, "key", key), true, new Subject(model, null));
    }

    @Override
    public void setVersionTag(String model, int version, String key, String value) {
        send("POST", "model-versions/set-tag", body("name", model, "version", String.valueOf(version), "key", key, "value", value), true, new Subject(model, version));
    }

    @Override
    public ModelVersion transitionStage(String model, int version, String stage, boolean archiveExisting) {
        ObjectNode body = body("name", model, "version", String.valueOf(version), "stage", stage);
        body.put("archive_existing_versions", archiveExisting);
        return version(send("POST", "model-versions/transition-stage", body, false, new Subject(model, version)).path("model_version"));
    }

    /** Every webhook of the registry (GET webhooks, all pages). */
    public List<MlflowWebhook> webhooks() {
        List<MlflowWebhook> hooks = new ArrayList<>();
        String pageToken = null;
        do {
            Map<String, String> query = new LinkedHashMap<>(Map.of("max_results", "1000"));
            if (pageToken != null) query.put("page_token", pageToken);
            JsonNode answer = get("webhooks", query, Subject.ofWebhook("list"));
            answer.path("webhooks").forEach(w -> hooks.add(webhook(w)));
            pageToken = answer.path("next_page_token").asText("");
        } while (!pageToken.isEmpty());
        return hooks;
    }

    /** Creates an active webhook; the secret signs its deliveries. */
    public MlflowWebhook createWebhook(String name, String url, List<String> events, String description, String secret) {
        ObjectNode body = body("name", name, "url", url, "description", description, "status", "ACTIVE");
        body.set("events", events(events));
        return webhook(send("POST", "webhooks", body, secret, false, Subject.ofWebhook(name)).path("webhook"));
    }

    /** Sets url, events, description and status of a webhook, and its secret when not null. */
    public MlflowWebhook updateWebhook(String id, String name, String url, List<String> events, String description, String secret) {
        ObjectNode body = body("url", url, "description", description, "status", "ACTIVE");
        body.set("events", events(events));
        return webhook(send("PATCH", "webhooks/" + id, body, secret, true, Subject.ofWebhook(name)).path("webhook"));
    }

    /** Asks MLflow to send a test delivery to the webhook's URL and reports what the receiver answered. */
    public MlflowWebhook.TestResult testWebhook(String id, String name) {
        JsonNode result = send("POST", "webhooks/" + id + "/test", json.createObjectNode(), false, Subject.ofWebhook(name)).path("result");
        return new MlflowWebhook.TestResult(result.path("success").asBoolean(false), result.path("response_status").asInt(0),
                result.path("response_body").asText(""), result.path("error_message").asText(""));
    }

    /** {@code model_version.created} to MLflow's {"entity": "MODEL_VERSION", "action": "CREATED"}. */
    private com.fasterxml.jackson.databind.node.ArrayNode events(List<String> events) {
        com.fasterxml.jackson.databind.node.ArrayNode array = json.createArrayNode();
        for (String event : events) {
            String[] parts = event.split("\\.", 2);
            array.addObject().put("entity", parts[0].toUpperCase(java.util.Locale.ROOT)).put("action", parts[1].toUpperCase(java.util.Locale.ROOT));
        }
        return array;
    }

    private static MlflowWebhook webhook(JsonNode w) {
        List<String> events = new ArrayList<>();
        w.path("events").forEach(e -> events.add(e.path("entity").asText().toLowerCase(java.util.Locale.ROOT) + "."
                + e.path("action").asText().toLowerCase(java.util.Locale.ROOT)));
        return new MlflowWebhook(w.path("webhook_id").asText(), w.path("name").asText(), w.path("url").asText(), events,
                w.path("description").asText(""), w.path("status").asText("ACTIVE"));
    }

    @Override
    public String location() {
        return uri;
    }

    @Override
    public int calls() {
        return calls.get();
    }

    /** What a call is about, for error messages. */
    private record Subject(String model, Integer version, String run, String experiment, String webhook) {
        Subject(String model, Integer version) {
            this(model, version, null, null, null);
        }

        static Subject ofRun(String run) {
            return new Subject(null, null, run, null, null);
        }

        static Subject ofExperiment(String experiment) {
            return new Subject(null, null, null, experiment, null);
        }

        static Subject ofWebhook(String name) {
            return new Subject(null, null, null, null, name);
        }

        String what() {
            return run != null ? "run " + run : experiment != null ? "experiment " + experiment
                    : webhook != null ? "webhook " + webhook : "model " + model;
        }

    }

    /** An alias that is not set: MLflow answers 400 INVALID_PARAMETER_VALUE "alias ... not found". */
    private static final class AliasNotSet extends RuntimeException {
        AliasNotSet() {
            super(null, null, false, false);
        }
    }

    private JsonNode get(String path, Map<String, String> query, Subject subject) {
        StringJoiner params = new StringJoiner("&", "?", "");
        query.forEach((k, v) -> params.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return parse(call("GET", path + params, null, null, path, true, subject, "READ"), path);
    }

    private JsonNode send(String method, String path, ObjectNode body, boolean idempotent, Subject subject) {
        return send(method, path, body, null, idempotent, subject);
    }

    /**
     * What leaves for MLflow passes the masker like everything else that leaves the run; the one
     * exception is a webhook's signing secret, which MLflow must hold to sign its deliveries, so it
     * is set after masking (masked, MLflow would sign with "***" and every delivery would be refused).
     */
    private JsonNode send(String method, String path, ObjectNode body, String webhookSecret, boolean idempotent, Subject subject) {
        ObjectNode out = (ObjectNode) masked(body);
        if (webhookSecret != null) out.put("secret", webhookSecret);
        return parse(call(method, path, out.toString().getBytes(StandardCharsets.UTF_8), "application/json", path, idempotent,
                subject, "EDIT"), path);
    }

    /** The body with every text value masked before it is written as JSON (whose escapes a secret would not match). */
    private JsonNode masked(JsonNode node) {
        if (node.isTextual()) return json.getNodeFactory().textNode(masker.mask(node.asText()));
        if (node instanceof ObjectNode object) {
            ObjectNode copy = json.createObjectNode();
            object.fields().forEachRemaining(field -> copy.set(field.getKey(), masked(field.getValue())));
            return copy;
        }
        if (node instanceof com.fasterxml.jackson.databind.node.ArrayNode array) {
            com.fasterxml.jackson.databind.node.ArrayNode copy = json.createArrayNode();
            array.forEach(item -> copy.add(masked(item)));
            return copy;
        }
        return node;
    }

    /** The answer of one call: status and body. */
    private record Answer(int status, String body) {
    }

    /** One call with retries as the brief asks; returns the answer's body. */
    private String call(String method, String pathAndQuery, byte[] body, String contentType, String path, boolean idempotent,
                        Subject subject, String permission) {
        for (int attempt = 0; ; attempt++) {
            boolean last = attempt >= BACKOFF.size();
            Answer answer;
            try {
                calls.incrementAndGet();
                answer = exchange(method, pathAndQuery, body, contentType);
            } catch (ConnectTimeout e) {
                if (!last) { pause(attempt); continue; }
                throw Fault.infrastructure("cannot reach MLflow at " + uri + ": no connection within " + seconds(timeout), e.getCause());
            } catch (ConnectException e) {
                // Refused: the request never reached MLflow, so even a non-idempotent write may be sent again.
                if (!last) { pause(attempt); continue; }
                throw Fault.infrastructure("cannot reach MLflow at " + uri + ": connection refused", e);
            } catch (SocketTimeoutException e) {
                if (idempotent && !last) { pause(attempt); continue; }
                throw Fault.infrastructure("MLflow at " + uri + " did not answer " + path + " within " + seconds(timeout), e);
            } catch (IOException e) {
                if (idempotent && !last) { pause(attempt); continue; }
                throw Fault.infrastructure("lost the connection to MLflow at " + uri + " during " + path
                        + (idempotent ? "" : " (the change may or may not have been made; run the command again to converge)"), e);
            }
            int status = answer.status();
            if ((status == 429 || status >= 500 || concurrentUpsert(status, answer.body())) && idempotent && !last) {
                pause(attempt);
                continue;
            }
            if (status >= 200 && status < 300) {
                return answer.body();
            }
            throw failure(status, answer.body(), path, subject, permission);
        }
    }

    /** A connection not made within the timeout (told apart from a read timeout, which may follow a sent write). */
    private static final class ConnectTimeout extends IOException {
        ConnectTimeout(IOException cause) {
            super(cause);
        }
    }

    /**
     * One HTTP exchange. HttpURLConnection rather than java.net.http: the latter's start-up
     * (selector thread, TLS context, ~600 more classes) cost more than all the calls of a
     * promotion, in a command that starts a fresh JVM for every CI step. Connections are kept
     * alive between calls by the JDK.
     */
    private Answer exchange(String method, String pathAndQuery, byte[] bytes, String contentType) throws IOException {
        // Paths of the REST API are relative to /api/2.0/mlflow/; an absolute one (the UI's artifact downloads) is taken as is.
        String url = uri + (pathAndQuery.startsWith("/") ? pathAndQuery : "/api/2.0/mlflow/" + pathAndQuery);
        if (method.equals("PATCH")) {
            return patch(url, bytes, contentType);
        }
        HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
        connection.setConnectTimeout(Durations.millis(timeout));
        connection.setReadTimeout(Durations.millis(timeout));
        connection.setRequestMethod(method);
        connection.setRequestProperty("Accept", "application/json");
        if (credentials.authorization() != null) {
            connection.setRequestProperty("Authorization", credentials.authorization());
        }
        if (bytes != null) {
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", contentType);
            connection.setFixedLengthStreamingMode(bytes.length);
        }
        try {
            connection.connect();
        } catch (SocketTimeoutException e) {
            throw new ConnectTimeout(e);
        }
        if (bytes != null) {
            try (OutputStream out = connection.getOutputStream()) {
                out.write(bytes);
            }
        }
        int status = connection.getResponseCode();
        InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
        try (InputStream stream = in) {
            return new Answer(status, stream == null ? "" : new String(stream.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** HttpURLConnection knows no PATCH (only update-webhook uses it), so that one goes through java.net.http. */
    private Answer patch(String url, byte[] bytes, String contentType) throws IOException {
        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .header("Accept", "application/json").header("Content-Type", contentType)
                .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofByteArray(bytes));
        if (credentials.authorization() != null) request.header("Authorization", credentials.authorization());
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout).build();
        try {
            java.net.http.HttpResponse<String> response = client.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (java.net.http.HttpConnectTimeoutException e) {
            throw new ConnectTimeout(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted during PATCH " + url);
        }
    }

    /**
     * Two concurrent upserts of the same tag or alias: MLflow's SQL store inserts both, the database
     * refuses the second, and MLflow answers 400 BAD_REQUEST with the driver's integrity error
     * (store/db/utils.py, make_managed_session). The write is idempotent, so sending it again converges.
     */
    static boolean concurrentUpsert(int status, String body) {
        return status == 400 && body.contains("BAD_REQUEST") && CONSTRAINT_VIOLATION.matcher(body).find();
    }

    private RuntimeException failure(int status, String body, String path, Subject subject, String permission) {
        if (status == 401) {
            return Fault.infrastructure("credentials refused by " + uri + " (" + credentials.identity() + ")");
        }
        if (status == 403) {
            return Fault.infrastructure("permission denied: " + credentials.identity() + " needs " + permission + " on " + subject.what()
                    + " at " + uri);
        }
        JsonNode error = parseQuietly(body);
        String code = error.path("error_code").asText("");
        // Only MLflow's JSON errors are quoted; an HTML error page is not a message for one line.
        String message = error.path("message").asText("").strip().lines().findFirst().orElse("");
        if (code.equals("RESOURCE_DOES_NOT_EXIST")) {
            if (subject.experiment() != null) {
                return Fault.usage("experiment " + subject.experiment() + " does not exist in MLflow at " + uri);
            }
            if (subject.webhook() != null) {
                return Fault.usage("webhook " + subject.webhook() + " does not exist in MLflow at " + uri);
            }
            if (subject.run() != null) {
                return Fault.usage("run " + subject.run() + " does not exist in MLflow at " + uri);
            }
            if (subject.version() != null && path.startsWith("model-versions/")) {
                return Fault.usage("model " + subject.model() + " has no version " + subject.version() + " in MLflow at " + uri);
            }
            return Fault.usage("model " + subject.model() + " is not registered in MLflow at " + uri);
        }
        if (path.equals("registered-models/alias") && code.equals("INVALID_PARAMETER_VALUE") && message.contains("not found")) {
            return new AliasNotSet();
        }
        if (status >= 500 || status == 429) {
            return Fault.infrastructure("MLflow at " + uri + " failed " + path + ": HTTP " + status + (message.isEmpty() ? "" : ": " + message));
        }
        return Fault.usage("MLflow at " + uri + " refused " + path + " for " + subject.what() + ": " + message);
    }

    private JsonNode parse(String body, String path) {
        try {
            return body.isBlank() ? json.createObjectNode() : json.readTree(body);
        } catch (IOException e) {
            throw Fault.infrastructure("MLflow at " + uri + " answered " + path + " with something that is not JSON; is this an MLflow server?", e);
        }
    }

    private JsonNode parseQuietly(String body) {
        try {
            return json.readTree(body);
        } catch (IOException | RuntimeException e) {
            return json.createObjectNode();
        }
    }

    private ObjectNode body(String... keysAndValues) {
        ObjectNode body = json.createObjectNode();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            body.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return body;
    }

    private static ModelVersion version(JsonNode v) {
        List<String> aliases = new ArrayList<>();
        v.path("aliases").forEach(a -> aliases.add(a.asText()));
        return new ModelVersion(v.path("name").asText(), v.path("version").asInt(), v.path("current_stage").asText("None"),
                v.path("status").asText(), v.path("run_id").asText(null), v.path("source").asText(null), tags(v), aliases,
                v.hasNonNull("creation_timestamp") ? java.time.Instant.ofEpochMilli(v.path("creation_timestamp").asLong()) : null,
                v.path("user_id").asText("").isBlank() ? null : v.path("user_id").asText());
    }

    private static Map<String, String> tags(JsonNode node) {
        Map<String, String> tags = new LinkedHashMap<>();
        node.path("tags").forEach(t -> tags.put(t.path("key").asText(), t.path("value").asText("")));
        return tags;
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(BACKOFF.get(attempt).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Fault.infrastructure("interrupted while waiting to retry a call to MLflow", e);
        }
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }
}
