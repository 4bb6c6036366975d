package io.modelgate.config;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;

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
        @JsonSetter(contentNulls = Nulls.SET) // a name with nothing under it: defaults, or a message of its own
        Map<String, JobConfig> jobs,
        @JsonSetter(contentNulls = Nulls.SET) // a name with nothing under it: defaults, or a message of its own
        Map<String, ModelConfig> models,
        @JsonSetter(contentNulls = Nulls.SET) // a name with nothing under it: defaults, or a message of its own
        Map<String, TableConfig> tables,
        AuditConfig audit,
        WebhooksConfig webhooks) {
}
