package io.modelgate.mlflow;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One version of a registered model as MLflow reports it.
 *
 * @param stage   current_stage: None, Staging, Production or Archived
 * @param status  READY, PENDING_REGISTRATION or FAILED_REGISTRATION
 * @param source  where the model's files are, e.g. models:/m-... (MLflow 3) or runs:/RUN/model
 * @param aliases the aliases pointing at it (only in answers that carry them)
 * @param created when it was registered (creation_timestamp), or null when the answer does not say
 * @param userId  who registered it (user_id), or null: Databricks fills it, an open-source server leaves it empty
 */
public record ModelVersion(String model, int version, String stage, String status, String runId, String source,
                           Map<String, String> tags, List<String> aliases, Instant created, String userId) {

    public ModelVersion {
        tags = Map.copyOf(tags);
        aliases = List.copyOf(aliases);
    }

    public ModelVersion(String model, int version, String stage, String status, String runId, String source,
                        Map<String, String> tags, List<String> aliases, Instant created) {
        this(model, version, stage, status, runId, source, tags, aliases, created, null);
    }

    public ModelVersion(String model, int version, String stage, String status, String runId, String source,
                        Map<String, String> tags, List<String> aliases) {
        this(model, version, stage, status, runId, source, tags, aliases, null, null);
    }

    public boolean isReady() {
        return "READY".equals(status);
    }
}
