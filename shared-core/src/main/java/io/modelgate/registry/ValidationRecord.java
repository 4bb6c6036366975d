package io.modelgate.registry;

import io.modelgate.config.ConfigMapper;
import io.modelgate.config.ValidationConfig;
import io.modelgate.mlflow.ModelVersion;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.TreeMap;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The validation evidence validate-model leaves on a model version, as version tags. The one
 * place their names are defined: validate-model writes them, the promotion policy reads them.
 * A dry run writes none, so it can never count as a passing record.
 *
 * @param status          passed or failed
 * @param commit          the commit the validation ran at
 * @param time            when, ISO-8601
 * @param thresholdsHash  short hash of the rules applied, so a record made under other rules can be told apart
 * @param baselineVersion the champion compared with, empty for a first model
 * @param runUrl          the CI run that validated, empty when local
 */
public record ValidationRecord(String status, String commit, String time, String thresholdsHash, String baselineVersion, String runUrl) {

    public static final String STATUS_TAG = "modelgate.validation.status";
    public static final String COMMIT_TAG = "modelgate.validation.commit";
    public static final String TIME_TAG = "modelgate.validation.time";
    public static final String THRESHOLDS_TAG = "modelgate.validation.thresholds_hash";
    public static final String BASELINE_TAG = "modelgate.validation.baseline_version";
    public static final String RUN_URL_TAG = "modelgate.validation.run_url";
    public static final String PASSED = "passed";
    public static final String FAILED = "failed";

    public static Optional<ValidationRecord> of(ModelVersion version) {
        Map<String, String> tags = version.tags();
        String status = tags.get(STATUS_TAG);
        return status == null ? Optional.empty() : Optional.of(new ValidationRecord(status, tags.get(COMMIT_TAG), tags.get(TIME_TAG),
                tags.get(THRESHOLDS_TAG), tags.get(BASELINE_TAG), tags.get(RUN_URL_TAG)));
    }

    /** A short, stable hash of the rules, so a record tells which rules it was made under (and verify-registry, whether they still hold). */
    public static String thresholdsHash(ValidationConfig validation) {
        try {
            byte[] canonical = ConfigMapper.get().writeValueAsBytes(new TreeMap<>(validation.metrics()));
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical)).substring(0, 12);
        } catch (com.fasterxml.jackson.core.JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean passed() {
        return PASSED.equals(status);
    }

    /** The tags that record this validation on a version; the status is written last, once the rest is there. */
    public Map<String, String> tags() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(COMMIT_TAG, blank(commit));
        tags.put(TIME_TAG, blank(time));
        tags.put(THRESHOLDS_TAG, blank(thresholdsHash));
        tags.put(BASELINE_TAG, blank(baselineVersion));
        tags.put(RUN_URL_TAG, blank(runUrl));
        tags.put(STATUS_TAG, status);
        return tags;
    }

    private static String blank(String value) {
        return value == null ? "" : value;
    }
}
