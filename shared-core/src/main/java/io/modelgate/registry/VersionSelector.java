package io.modelgate.registry;

import io.modelgate.mlflow.ModelRegistry;
import io.modelgate.mlflow.ModelVersion;
import io.modelgate.mlflow.RegisteredModel;

import io.modelgate.fault.Fault;
import io.modelgate.step.StepContext;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which version of a model a user means: {@code 7}, {@code latest} (the newest READY version),
 * {@code run:<run_id>} (the newest version registered from that run), {@code alias:<name>} or
 * {@code stage:<name>}.
 */
public record VersionSelector(Kind kind, String value) {

    public enum Kind { NUMBER, LATEST, RUN, ALIAS, STAGE }

    /** How many of the newest versions {@code latest} looks through for a READY one. */
    private static final int LATEST_WINDOW = 50;

    public static VersionSelector parse(String text, String option) {
        String t = text.strip();
        if (t.matches("[1-9][0-9]{0,9}")) return new VersionSelector(Kind.NUMBER, t);
        if (t.equalsIgnoreCase("latest")) return new VersionSelector(Kind.LATEST, null);
        int colon = t.indexOf(':');
        String value = colon < 0 ? "" : t.substring(colon + 1).strip();
        if (colon > 0 && !value.isEmpty()) {
            switch (t.substring(0, colon).toLowerCase(Locale.ROOT)) {
                case "run" -> {
                    if (!value.matches("[A-Za-z0-9_-]+")) throw Fault.usage(option + ": not a run id: " + value);
                    return new VersionSelector(Kind.RUN, value);
                }
                case "alias" -> { return new VersionSelector(Kind.ALIAS, value); }
                case "stage" -> { return new VersionSelector(Kind.STAGE, Stages.canonical(value, option)); }
                default -> { }
            }
        }
        throw Fault.usage(option + ": expected a version number, latest, run:<id>, alias:<name> or stage:<name>, got \"" + text + "\"");
    }

    /** The selector a step's parameter names (e.g. candidate), when given; errors spell it as the front end does. */
    public static Optional<VersionSelector> param(StepContext ctx, String name) {
        return ctx.params().has(name) ? Optional.of(parse(ctx.params().string(name), ctx.spell(name))) : Optional.empty();
    }

    /** Whether resolving needs the registered model's state (a stage's holder), not only its name. */
    public boolean needsModel() {
        return kind == Kind.STAGE;
    }

    /** The version this selector names, read from the registry; a usage error when there is none. */
    public ModelVersion resolve(ModelRegistry registry, RegisteredModel model) {
        return resolve(registry, model.name(), model);
    }

    /** The same, by the model's name alone, reading the model only when {@link #needsModel()}. */
    public ModelVersion resolve(ModelRegistry registry, String name) {
        return resolve(registry, name, needsModel() ? registry.model(name) : null);
    }

    private ModelVersion resolve(ModelRegistry registry, String name, RegisteredModel model) {
        return switch (kind) {
            case NUMBER -> registry.version(name, Integer.parseInt(value));
            case LATEST -> registry.newestVersions(name, null, LATEST_WINDOW).stream().filter(ModelVersion::isReady).findFirst()
                    .orElseThrow(() -> Fault.usage("model " + name + " has no READY version among its " + LATEST_WINDOW + " newest"));
            case RUN -> {
                List<ModelVersion> fromRun = registry.newestVersions(name, "run_id='" + value + "'", 1);
                if (fromRun.isEmpty()) throw Fault.usage("model " + name + " has no version registered from run " + value);
                yield registry.version(name, fromRun.get(0).version());
            }
            case ALIAS -> registry.versionByAlias(name, value)
                    .orElseThrow(() -> Fault.usage("model " + name + " has no alias " + value));
            case STAGE -> registry.version(name, model.stageVersion(value)
                    .orElseThrow(() -> Fault.usage("model " + name + " has no version in stage " + value)));
        };
    }

    @Override
    public String toString() {
        return kind == Kind.NUMBER ? value : kind == Kind.LATEST ? "latest" : kind.name().toLowerCase(Locale.ROOT) + ":" + value;
    }
}
