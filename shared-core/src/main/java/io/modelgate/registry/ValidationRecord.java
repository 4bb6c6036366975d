package io.modelgate.registry;

import java.util.Map;
import java.util.Optional;

/**
 * The validation evidence validate-model leaves on a model version, as version tags. The one
 * place their names are defined: validate-model writes them, the promotion policy reads them.
 *
 * @param status passed or failed
 * @param commit the commit the validation ran at
 * @param time   when, ISO-8601
 */
public record ValidationRecord(String status, String commit, String time) {

    public static final String STATUS_TAG = "modelgate.validation.status";
    public static final String COMMIT_TAG = "modelgate.validation.commit";
    public static final String TIME_TAG = "modelgate.validation.time";
    public static final String PASSED = "passed";
    public static final String FAILED = "failed";

    public static Optional<ValidationRecord> of(ModelVersion version) {
        Map<String, String> tags = version.tags();
        String status = tags.get(STATUS_TAG);
        return status == null ? Optional.empty() : Optional.of(new ValidationRecord(status, tags.get(COMMIT_TAG), tags.get(TIME_TAG)));
    }

    public boolean passed() {
        return PASSED.equals(status);
    }

    /** The tags that record this validation on a version. */
    public Map<String, String> tags() {
        return Map.of(STATUS_TAG, status, COMMIT_TAG, commit == null ? "" : commit, TIME_TAG, time == null ? "" : time);
    }
}
