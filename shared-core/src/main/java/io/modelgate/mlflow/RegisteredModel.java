package io.modelgate.mlflow;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A registered model as {@code registered-models/get} reports it: its tags, its aliases
 * (alias to version) and the newest version in each stage.
 */
public record RegisteredModel(String name, Map<String, String> tags, Map<String, Integer> aliases,
                              List<ModelVersion> latestVersions) {

    public RegisteredModel {
        tags = Map.copyOf(tags);
        aliases = Map.copyOf(aliases);
        latestVersions = List.copyOf(latestVersions);
    }

    public Optional<Integer> aliasVersion(String alias) {
        return Optional.ofNullable(aliases.get(alias));
    }

    /** The newest version in the stage; with archive_existing_versions it is the only one. */
    public Optional<Integer> stageVersion(String stage) {
        return latestVersions.stream().filter(v -> v.stage().equalsIgnoreCase(stage))
                .map(ModelVersion::version).max(Integer::compare);
    }

    public Optional<String> tag(String key) {
        return Optional.ofNullable(tags.get(key)).filter(v -> !v.isEmpty());
    }
}
