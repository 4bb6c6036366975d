package io.modelgate.config;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import java.util.List;
import java.util.Map;

/** How a candidate version is judged against the champion. */
public record ValidationConfig(
        @JsonPropertyDescription("disabled, dry-run (report only, never promotes) or enabled (default)")
        Mode mode,
        @JsonPropertyDescription("Rules per metric name")
        Map<String, MetricThreshold> metrics,
        @JsonPropertyDescription("Tags the candidate version or its run must carry")
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
        List<String> requiredTags,
        @JsonPropertyDescription("Artifact paths the candidate's run must have logged")
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
        List<String> requiredArtifacts,
        @JsonPropertyDescription("The candidate's logged model must have a signature")
        Boolean requireSignature,
        @JsonPropertyDescription("The candidate's logged model must have an input example")
        Boolean requireInputExample,
        @JsonPropertyDescription("Log the report (result.json, result.md, JUnit XML) as artifacts under modelgate/validation/ of the "
                + "candidate version's run; needs the tracking server's proxied artifact store (mlflow-artifacts:). A failed upload is "
                + "a warning in the result and does not change the verdict")
        Boolean logReport,
        @JsonPropertyDescription("Comparing logged metrics (no evaluation): the change rules fail unless the candidate's and the champion's runs "
                + "logged the same evaluation dataset (MLflow dataset inputs, by digest)")
        Boolean requireSameDataset) {

    public enum Mode {
        @JsonProperty("disabled") DISABLED,
        @JsonProperty("dry-run") DRY_RUN,
        @JsonProperty("enabled") ENABLED
    }

    public ValidationConfig {
        mode = mode == null ? Mode.ENABLED : mode;
        metrics = metrics == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
        requiredTags = requiredTags == null ? List.of() : List.copyOf(requiredTags);
        requiredArtifacts = requiredArtifacts == null ? List.of() : List.copyOf(requiredArtifacts);
        requireSignature = requireSignature != null && requireSignature;
        requireInputExample = requireInputExample != null && requireInputExample;
        logReport = logReport != null && logReport;
        requireSameDataset = requireSameDataset != null && requireSameDataset;
    }

    void validate(ConfigCheck check, String path) {
        for (Map.Entry<String, MetricThreshold> metric : metrics.entrySet()) {
            String metricPath = ConfigCheck.join(ConfigCheck.join(path, "metrics"), metric.getKey());
            if (metric.getValue() == null) {
                throw check.fail(metricPath, "no rule: set threshold, min_absolute_change, min_relative_change or max_regression");
            }
            metric.getValue().validate(check, metricPath);
        }
    }
}
