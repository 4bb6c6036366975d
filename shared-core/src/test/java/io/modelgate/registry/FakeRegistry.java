package io.modelgate.registry;

import io.modelgate.fault.Fault;
import io.modelgate.mlflow.ModelRegistry;
import io.modelgate.mlflow.ModelVersion;
import io.modelgate.mlflow.RegisteredModel;
import io.modelgate.mlflow.RunRecord;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One registered model in memory, with MLflow's semantics for what the registry steps use: tags,
 * aliases (one version per alias), stages with {@code archive_existing_versions}. It records every
 * write, and a test can make "another writer" act just before a given write, to play races that
 * a real server only shows by chance.
 */
final class FakeRegistry implements ModelRegistry {

    private final String model;
    private final Map<String, String> modelTags = new LinkedHashMap<>();
    private final Map<String, Integer> aliases = new LinkedHashMap<>();
    private final Map<Integer, Map<String, String>> versionTags = new TreeMap<>();
    private final Map<Integer, String> stages = new HashMap<>();
    private final Map<Integer, String> statuses = new HashMap<>();
    final List<String> writes = new ArrayList<>();
    private int calls;
    private String interfereBefore;
    private Runnable interference;

    FakeRegistry(String model, int versions) {
        this.model = model;
        for (int v = 1; v <= versions; v++) {
            versionTags.put(v, new LinkedHashMap<>());
            stages.put(v, "None");
            statuses.put(v, "READY");
        }
    }

    FakeRegistry status(int version, String status) {
        statuses.put(version, status);
        return this;
    }

    FakeRegistry versionTag(int version, String key, String value) {
        versionTags.get(version).put(key, value);
        return this;
    }

    /** Sets an alias as another client would: not counted as this run's write. */
    void aliasByOthers(String alias, int version) {
        aliases.put(alias, version);
    }

    void aliasRemovedByOthers(String alias) {
        aliases.remove(alias);
    }

    void stageByOthers(int version, String stage) {
        stages.put(version, stage);
    }

    /** Runs {@code other} once, just before the first write whose description starts with {@code prefix}. */
    void beforeWrite(String prefix, Runnable other) {
        interfereBefore = prefix;
        interference = other;
    }

    Optional<Integer> alias(String alias) {
        return Optional.ofNullable(aliases.get(alias));
    }

    Map<String, String> modelTags() {
        return Map.copyOf(modelTags);
    }

    Map<String, String> versionTags(int version) {
        return Map.copyOf(versionTags.get(version));
    }

    String stage(int version) {
        return stages.get(version);
    }

    @Override
    public RegisteredModel model(String name) {
        calls++;
        requireModel(name);
        // latest_versions: the newest version in each stage, as MLflow lists them.
        Map<String, Integer> newestPerStage = new TreeMap<>();
        stages.forEach((v, stage) -> newestPerStage.merge(stage, v, Math::max));
        List<ModelVersion> latest = newestPerStage.values().stream().map(this::describe).toList();
        return new RegisteredModel(model, modelTags, aliases, latest);
    }

    @Override
    public ModelVersion version(String name, int version) {
        calls++;
        requireModel(name);
        if (!versionTags.containsKey(version)) throw Fault.usage("model " + model + " has no version " + version);
        return describe(version);
    }

    private ModelVersion describe(int version) {
        List<String> held = aliases.entrySet().stream().filter(e -> e.getValue() == version).map(Map.Entry::getKey).toList();
        return new ModelVersion(model, version, stages.get(version), statuses.get(version), "run-" + version, "models:/m-" + version,
                versionTags.get(version), held);
    }

    @Override
    public Optional<ModelVersion> versionByAlias(String name, String alias) {
        Integer version = aliases.get(alias);
        return version == null ? Optional.empty() : Optional.of(version(name, version));
    }

    @Override
    public List<ModelVersion> newestVersions(String name, String extraFilter, int limit) {
        calls++;
        return versionTags.keySet().stream().sorted(Comparator.reverseOrder()).limit(limit).map(v -> version(name, v)).toList();
    }

    @Override
    public List<ModelVersion> allVersions(String name) {
        calls++;
        return versionTags.keySet().stream().map(v -> version(name, v)).toList();
    }

    @Override
    public RunRecord run(String runId) {
        calls++;
        // verify-registry names who registered a holder: its run's user, as MLflow records it.
        return new RunRecord(runId, "active", Map.of(), Map.of("mlflow.user", "carol"), "memory://" + runId, List.of());
    }

    @Override
    public Optional<String> modelFile(ModelVersion version, String path) {
        throw new UnsupportedOperationException("the registry steps read no model file");
    }

    @Override
    public boolean hasArtifact(String runId, String artifactPath) {
        throw new UnsupportedOperationException("the registry steps read no artifact");
    }

    @Override
    public String logArtifact(RunRecord run, String artifactPath, byte[] content, String contentType) {
        throw new UnsupportedOperationException("the registry steps log no artifact");
    }

    @Override
    public void setAlias(String name, String alias, int version) {
        write("set alias " + alias + "=" + version);
        aliases.put(alias, version);
    }

    @Override
    public void setModelTag(String name, String key, String value) {
        write("model tag " + key + "=" + value);
        modelTags.put(key, value);
    }

    @Override
    public void deleteModelTag(String name, String key) {
        write("delete model tag " + key);
        modelTags.remove(key);
    }

    @Override
    public void setVersionTag(String name, int version, String key, String value) {
        write("version " + version + " tag " + key + "=" + value);
        versionTags.get(version).put(key, value);
    }

    @Override
    public ModelVersion transitionStage(String name, int version, String stage, boolean archiveExisting) {
        write("transition " + version + " to " + stage);
        if (archiveExisting) {
            stages.replaceAll((v, s) -> v != version && s.equals(stage) ? "Archived" : s);
        }
        stages.put(version, stage);
        return version(name, version);
    }

    @Override
    public String location() {
        return "memory";
    }

    @Override
    public int calls() {
        return calls;
    }

    private void write(String description) {
        calls++;
        if (interference != null && description.startsWith(interfereBefore)) {
            Runnable other = interference;
            interference = null;
            other.run();
        }
        writes.add(description);
    }

    private void requireModel(String name) {
        if (!model.equals(name)) throw Fault.usage("registered model " + name + " does not exist");
    }
}
