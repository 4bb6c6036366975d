package io.modelgate.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a delivery says happened in the registry, read from MLflow's payload
 * ({@code {"entity", "action", "timestamp", "data": {...}}}, mlflow/webhooks/types.py).
 *
 * @param deliveryId X-MLflow-Delivery-Id, passed downstream so targets can drop duplicates
 * @param event      {@code entity.action}, e.g. {@code model_version.created}
 * @param version    the model version, or null when the event has none (alias deleted, model created)
 */
public record RegistryEvent(String deliveryId, String event, String model, String version, String alias, String tagKey, String tagValue) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads a verified body; a body that is not MLflow's envelope is refused with the reason. */
    public static RegistryEvent parse(String deliveryId, byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("the body is not JSON");
        }
        if (root == null || !root.path("entity").isTextual() || !root.path("action").isTextual() || !root.path("data").isObject()) {
            throw new IllegalArgumentException("the body is not an MLflow webhook payload (entity, action, data)");
        }
        JsonNode data = root.path("data");
        return new RegistryEvent(deliveryId, root.path("entity").asText() + "." + root.path("action").asText(),
                data.path("name").asText(null), text(data, "version"), text(data, "alias"), text(data, "key"), text(data, "value"));
    }

    private static String text(JsonNode data, String field) {
        JsonNode value = data.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** The placeholders route values may use: {model}, {version}, {alias}, {event}, {delivery_id}, {tag_key}, {tag_value}. */
    public Map<String, String> placeholders() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("model", model);
        values.put("version", version);
        values.put("alias", alias);
        values.put("event", event);
        values.put("delivery_id", deliveryId);
        values.put("tag_key", tagKey);
        values.put("tag_value", tagValue);
        return values;
    }
}
