package io.modelgate.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Deliveries as MLflow 3.17 sends them (mlflow/webhooks/delivery.py, _send_webhook_request): the
 * payload {"entity", "action", "timestamp", "data"} as Python's json.dumps writes it, the
 * X-MLflow-Delivery-Id / -Timestamp / -Signature headers, Content-Type application/json.
 */
public final class MlflowSender {

    private static final ObjectMapper JSON = new ObjectMapper();

    private MlflowSender() {
    }

    /** The model_version.created payload of a version (types.py, ModelVersionCreatedPayload). */
    public static byte[] versionCreated(String model, String version) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("name", model);
        data.put("version", version);
        data.put("source", "models:/m-0123456789abcdef");
        data.put("run_id", "abcd1234abcd5678");
        data.put("tags", Map.of());
        data.put("description", null);
        return payload("model_version", "created", data);
    }

    /** The model_version_alias.created payload (ModelVersionAliasCreatedPayload). */
    public static byte[] aliasCreated(String model, String alias, String version) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("name", model);
        data.put("alias", alias);
        data.put("version", version);
        return payload("model_version_alias", "created", data);
    }

    /** json.dumps's default separators (", " and ": "), as MLflow signs the text it sends. */
    public static byte[] payload(String entity, String action, Map<String, Object> data) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("entity", entity);
        envelope.put("action", action);
        envelope.put("timestamp", Instant.now().toString());
        envelope.put("data", data);
        try {
            String compact = JSON.writeValueAsString(envelope);
            return pythonSeparators(compact).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Re-spaces Jackson's compact JSON as json.dumps writes it, outside strings. */
    private static String pythonSeparators(String compact) {
        StringBuilder out = new StringBuilder();
        boolean inString = false;
        for (int i = 0; i < compact.length(); i++) {
            char c = compact.charAt(i);
            out.append(c);
            if (c == '"' && (i == 0 || compact.charAt(i - 1) != '\\')) inString = !inString;
            if (!inString && (c == ',' || c == ':')) out.append(' ');
        }
        return out.toString();
    }

    public static String newDeliveryId() {
        return UUID.randomUUID().toString();
    }

    /** A signed POST of the body, timestamped {@code sentAt}. */
    public static HttpRequest request(URI uri, String secret, String deliveryId, long sentAt, byte[] body) {
        String timestamp = Long.toString(sentAt);
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header(Signature.DELIVERY_ID_HEADER, deliveryId)
                .header(Signature.TIMESTAMP_HEADER, timestamp)
                .header(Signature.HEADER, Signature.sign(secret, deliveryId, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    public static HttpRequest request(URI uri, String secret, byte[] body) {
        return request(uri, secret, newDeliveryId(), Instant.now().getEpochSecond(), body);
    }
}
