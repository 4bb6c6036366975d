package io.modelgate.delta;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One audit record of a registry transition, as the Delta audit table stores it. Fields other
 * than time may be null. {@link #key()} identifies the event a CI run records: a retried run
 * produces the same key (time and outcome aside), so the table keeps it once.
 */
public record AuditRecord(Instant time, String actor, String model, String version, String action, String from,
                          String to, String commit, String runUrl, String environment, String outcome) {

    /** Column names, in table order. */
    public static final String[] COLUMNS = {"time", "actor", "model", "version", "action", "from", "to", "commit",
            "run_url", "environment", "outcome", "record_key"};

    public AuditRecord {
        if (time == null) throw new IllegalArgumentException("an audit record needs a time");
    }

    /** The record as a flat map of column name to value (time in ISO-8601), record_key included. */
    public Map<String, String> asMap() {
        Map<String, String> map = new LinkedHashMap<>();
        String[] values = {time.toString(), actor, model, version, action, from, to, commit, runUrl, environment, outcome, key()};
        for (int i = 0; i < COLUMNS.length; i++) map.put(COLUMNS[i], values[i]);
        return map;
    }

    /** SHA-256 of the run, commit, model, version, action, target and environment (not time or outcome). */
    public String key() {
        String identity = String.join("\u0000", nonNull(runUrl), nonNull(commit), nonNull(model), nonNull(version),
                nonNull(action), nonNull(to), nonNull(environment));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String nonNull(String value) {
        return value == null ? "" : value;
    }
}
