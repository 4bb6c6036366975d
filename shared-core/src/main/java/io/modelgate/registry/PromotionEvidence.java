package io.modelgate.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a transition records on the version it moves: who, when, at which commit, from which CI
 * run, from what to what, the version it replaced, and the lease of the run that wrote it. It is
 * one version tag, {@value #TAG}, holding a JSON object, so it costs one REST call (MLflow has no
 * batch write for version tags) and is either all there or not there at all. Versions moved by
 * earlier releases carry six tags {@code modelgate.promotion.<field>} instead; {@link #of} reads both.
 */
public record PromotionEvidence(Map<String, String> fields) {

    public static final String TAG = "modelgate.promotion";
    /** The fields, in the order they are written and shown. */
    public static final String BY = "by", AT = "at", COMMIT = "commit", RUN_URL = "run_url", FROM_TO = "from_to",
            REPLACED_VERSION = "replaced_version", LEASE = "lease";
    private static final String[] SHOWN = {BY, AT, COMMIT, RUN_URL, FROM_TO, REPLACED_VERSION};
    private static final ObjectMapper JSON = new ObjectMapper();

    public PromotionEvidence {
        fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    static PromotionEvidence of(String by, String at, String commit, String runUrl, String fromTo, Integer replaced, String lease) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(BY, orEmpty(by));
        fields.put(AT, at);
        fields.put(COMMIT, orEmpty(commit));
        fields.put(RUN_URL, orEmpty(runUrl));
        fields.put(FROM_TO, fromTo);
        fields.put(REPLACED_VERSION, replaced == null ? "" : replaced.toString());
        fields.put(LEASE, lease);
        return new PromotionEvidence(fields);
    }

    /** The evidence on a version's tags, when it has any (the one JSON tag, else the six tags of earlier releases). */
    public static Optional<PromotionEvidence> of(Map<String, String> tags) {
        String json = tags.get(TAG);
        Map<String, String> fields = new LinkedHashMap<>();
        if (json != null) {
            try {
                JsonNode node = JSON.readTree(json);
                for (String field : SHOWN) {
                    if (node.hasNonNull(field)) fields.put(field, node.get(field).asText());
                }
                if (node.hasNonNull(LEASE)) fields.put(LEASE, node.get(LEASE).asText());
            } catch (JsonProcessingException e) {
                return Optional.empty(); // not ours: someone else's text under our tag name
            }
        } else {
            for (String field : SHOWN) {
                String value = tags.get(TAG + "." + field);
                if (value != null) fields.put(field, value);
            }
        }
        return fields.isEmpty() ? Optional.empty() : Optional.of(new PromotionEvidence(fields));
    }

    public String get(String field) {
        return fields.getOrDefault(field, "");
    }

    /** The non-empty fields a report shows (the lease is bookkeeping, not evidence). */
    public Map<String, String> shown() {
        Map<String, String> shown = new LinkedHashMap<>();
        for (String field : SHOWN) {
            String value = fields.get(field);
            if (value != null && !value.isEmpty()) shown.put(field, value);
        }
        return shown;
    }

    /** The tag's value. */
    String json() {
        ObjectNode node = JSON.createObjectNode();
        fields.forEach(node::put);
        return node.toString();
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
