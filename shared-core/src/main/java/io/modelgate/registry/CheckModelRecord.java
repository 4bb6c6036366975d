package io.modelgate.registry;

import io.modelgate.mlflow.ModelVersion;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The evidence check-model leaves on a model version, as version tags: the one place their names
 * are defined. check-model writes them, the promotion policy's require_check_model reads them.
 *
 * @param status          passed or failed
 * @param signature       compatible, breaking, breaking-allowed, first-model or none (no signature)
 * @param p95Ms           p95 latency of a batch, in process, in milliseconds; empty when not measured
 * @param onlineP95Ms     p95 latency of a one-row request (served with serve: true), empty when not measured
 * @param sizeMb          total size of the model's artifacts, MiB
 * @param memoryMb        peak resident memory of the scoring process, MiB
 * @param loadSeconds     mlflow.pyfunc.load_model time
 * @param baselineVersion the champion compared with, empty for a first model
 * @param commit          the commit the check ran at
 * @param time            when, ISO-8601
 * @param runUrl          the CI run that checked, empty when local
 */
public record CheckModelRecord(String status, String signature, String p95Ms, String onlineP95Ms, String sizeMb, String memoryMb,
                               String loadSeconds, String baselineVersion, String commit, String time, String runUrl) {

    public static final String PREFIX = "modelgate.check_model.";
    public static final String STATUS_TAG = PREFIX + "status";
    public static final String SIGNATURE_TAG = PREFIX + "signature";
    public static final String P95_TAG = PREFIX + "p95_ms";
    public static final String ONLINE_P95_TAG = PREFIX + "online_p95_ms";
    public static final String SIZE_TAG = PREFIX + "size_mb";
    public static final String MEMORY_TAG = PREFIX + "memory_mb";
    public static final String LOAD_TAG = PREFIX + "load_seconds";
    public static final String BASELINE_TAG = PREFIX + "baseline_version";
    public static final String COMMIT_TAG = PREFIX + "commit";
    public static final String TIME_TAG = PREFIX + "time";
    public static final String RUN_URL_TAG = PREFIX + "run_url";
    public static final String PASSED = "passed";
    public static final String FAILED = "failed";

    public static Optional<CheckModelRecord> of(ModelVersion version) {
        Map<String, String> tags = version.tags();
        String status = tags.get(STATUS_TAG);
        return status == null ? Optional.empty() : Optional.of(new CheckModelRecord(status, tags.get(SIGNATURE_TAG), tags.get(P95_TAG),
                tags.get(ONLINE_P95_TAG), tags.get(SIZE_TAG), tags.get(MEMORY_TAG), tags.get(LOAD_TAG), tags.get(BASELINE_TAG),
                tags.get(COMMIT_TAG), tags.get(TIME_TAG), tags.get(RUN_URL_TAG)));
    }

    public boolean passed() {
        return PASSED.equals(status);
    }

    /** The tags that record this check on a version; the status is written last, once the rest is there. */
    public Map<String, String> tags() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(SIGNATURE_TAG, blank(signature));
        tags.put(P95_TAG, blank(p95Ms));
        tags.put(ONLINE_P95_TAG, blank(onlineP95Ms));
        tags.put(SIZE_TAG, blank(sizeMb));
        tags.put(MEMORY_TAG, blank(memoryMb));
        tags.put(LOAD_TAG, blank(loadSeconds));
        tags.put(BASELINE_TAG, blank(baselineVersion));
        tags.put(COMMIT_TAG, blank(commit));
        tags.put(TIME_TAG, blank(time));
        tags.put(RUN_URL_TAG, blank(runUrl));
        tags.put(STATUS_TAG, status);
        return tags;
    }

    private static String blank(String value) {
        return value == null ? "" : value;
    }
}
