package io.modelgate.mlflow;

import java.util.List;
import java.util.Optional;

/**
 * The MLflow Model Registry calls the registry steps need. Implementations report a missing
 * model or version, refused credentials and an unreachable server as {@link io.modelgate.fault.Fault}s
 * whose messages name the model, version and server.
 */
public interface ModelRegistry {

    /** The model with its tags and aliases; a usage error when it is not registered. */
    RegisteredModel model(String name);

    /** One version with its tags; a usage error when the model has no such version. */
    ModelVersion version(String model, int version);

    /** The version an alias points at, or empty when the alias is not set. */
    Optional<ModelVersion> versionByAlias(String model, String alias);

    /**
     * Versions of the model, newest first, at most {@code limit}; {@code extraFilter} is an
     * MLflow search filter clause ANDed with the model name, e.g. {@code run_id='abc'}, or null.
     */
    List<ModelVersion> newestVersions(String model, String extraFilter, int limit);

    /** Every version of the model, oldest first (all pages of model-versions/search). */
    List<ModelVersion> allVersions(String model);

    /** A run's latest metrics, tags and lifecycle stage; a usage error when there is no such run. */
    RunRecord run(String runId);

    /**
     * A text file of the version's logged model, e.g. {@code MLmodel} (signature, input example) or
     * {@code requirements.txt}, or empty when the model has no such file.
     */
    Optional<String> modelFile(ModelVersion version, String path);

    /** Whether the run logged an artifact at this path. */
    boolean hasArtifact(String runId, String artifactPath);

    /**
     * Uploads one file into the run's artifacts at {@code artifactPath} (e.g. modelgate/validation/result.json)
     * and returns its artifact URI; a usage error when the run's artifact store is not the tracking
     * server's proxied one (mlflow-artifacts:), which is the only one this client can write.
     */
    String logArtifact(RunRecord run, String artifactPath, byte[] content, String contentType);

    void setAlias(String model, String alias, int version);

    void setModelTag(String model, String key, String value);

    void deleteModelTag(String model, String key);

    void setVersionTag(String model, int version, String key, String value);

    /** Moves a version to a stage; with {@code archiveExisting} the versions in that stage are archived in the same call. */
    ModelVersion transitionStage(String model, int version, String stage, boolean archiveExisting);

    /** Where the registry is, for messages. */
    String location();

    /** How many REST calls this registry has made, retries included. */
    int calls();
}
