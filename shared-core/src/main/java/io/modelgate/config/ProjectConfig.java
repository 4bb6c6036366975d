package io.modelgate.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The contents of {@code modelgate.yaml}. Read as written (the general section plus every
 * environment's section), or resolved for one environment, when the environment's section
 * has been merged over the general one.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProjectConfig(
        @JsonPropertyDescription("Name of the project; required")
        String project,
        @JsonPropertyDescription("The MLflow tracking server and Model Registry")
        MlflowConfig mlflow,
        @JsonPropertyDescription("Environments by name; the one in use is given by --env or derived from the branch")
        @JsonSetter(contentNulls = Nulls.SET) // a name with nothing under it: defaults, or a message of its own
        Map<String, EnvironmentConfig> environments,
        @JsonPropertyDescription("Test stages")
        TestsConfig tests,
        @JsonPropertyDescription("Spark jobs by name")
        @JsonSetter(contentNulls = Nulls.SET) // a name with nothing under it: defaults, or a message of its own
        Map<String, JobConfig> jobs,
        @JsonPropertyDescription("Registered models by name")
        @JsonSetter(contentNulls = Nulls.SET) // a name with nothing under it: defaults, or a message of its own
        Map<String, ModelConfig> models,
        @JsonPropertyDescription("Delta tables by name")
        @JsonSetter(contentNulls = Nulls.SET) // a name with nothing under it: defaults, or a message of its own
        Map<String, TableConfig> tables,
        @JsonPropertyDescription("Audit records of registry transitions")
        AuditConfig audit,
        @JsonPropertyDescription("Continuous deployment from MLflow registry webhooks: `modelgate webhooks sync` and `serve`")
        WebhooksConfig webhooks) {

    public ProjectConfig {
        environments = ordered(environments);
        jobs = ordered(jobs);
        models = ordered(models);
        tables = ordered(tables);
    }

    private static <V> Map<String, V> ordered(Map<String, V> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    void validate(ConfigCheck check) {
        if (project == null || project.isBlank()) {
            throw check.fail("", "project is required: the name of the project");
        }
        if (mlflow != null) mlflow.validate(check, "mlflow");
        if (tests != null) tests.validate(check, "tests");
        if (tests != null && tests.integration() != null && tests.integration().jobs() != null) {
            List<String> named = tests.integration().jobs();
            for (int i = 0; i < named.size(); i++) {
                if (!jobs.containsKey(named.get(i))) {
                    throw check.fail("tests.integration.jobs[" + i + "]", "job \"" + named.get(i) + "\" is not declared under jobs:"
                            + (jobs.isEmpty() ? "" : " (declared: " + String.join(", ", jobs.keySet()) + ")"));
                }
            }
        }
        jobs.forEach((name, job) -> {
            if (job == null) throw check.fail("jobs." + name, "an empty job");
            job.validate(check, "jobs." + name);
        });
        models.forEach((name, model) -> {
            if (model == null) return;
            model.validate(check, "models." + name, tables, jobs);
            String featureTable = model.contract().featureTable();
            if (featureTable != null && !tables.containsKey(featureTable)) {
                throw check.fail("models." + name + ".contract.feature_table", "table \"" + featureTable + "\" is not declared under tables:"
                        + (tables.isEmpty() ? "" : " (declared: " + String.join(", ", tables.keySet()) + ")"));
            }
        });
        tables.forEach((name, table) -> {
            if (table == null) throw check.fail("tables." + name, "path is required: where the Delta table is");
            table.validate(check, "tables." + name);
        });
        if (webhooks != null) webhooks.validate(check, "webhooks");
    }

}
