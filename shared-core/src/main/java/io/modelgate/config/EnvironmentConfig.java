package io.modelgate.config;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import java.util.List;
import java.util.Map;

/**
 * One environment (dev, staging, prod): the branches it serves and its overrides. Any key
 * here is merged over the general section of the same name when this environment is chosen.
 */
public record EnvironmentConfig(
        @JsonPropertyDescription("Branch globs that select this environment, e.g. release/*")
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
        List<String> branches,
        MlflowConfig mlflow,
        TestsConfig tests,
        Map<String, JobConfig> jobs,
        Map<String, ModelConfig> models,
        Map<String, TableConfig> tables,
        AuditConfig audit,
        WebhooksConfig webhooks) {
}
