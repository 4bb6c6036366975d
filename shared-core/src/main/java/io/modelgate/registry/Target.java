package io.modelgate.registry;

import io.modelgate.mlflow.ModelVersion;
import io.modelgate.mlflow.RegisteredModel;

import io.modelgate.config.ModelConfig.Registry;
import io.modelgate.fault.Fault;

import java.util.Optional;

/** Where a version is moved: an alias (aliases style) or a stage (stages style). */
public record Target(Registry style, String name) {

    public static final String CHAMPION = "champion";
    public static final String PRODUCTION = "Production";

    /** @param option the parameter that gave the target, as the user's front end spells it (e.g. {@code --to}) */
    public static Target parse(String text, Registry style, String model, String option) {
        String name = text.strip();
        if (style == Registry.STAGES) {
            if (!Stages.isStage(name)) {
                throw Fault.usage("model " + model + " uses stages (registry: stages): " + option + " must be one of "
                        + String.join(", ", Stages.ALL) + ", got \"" + name + "\"");
            }
            return new Target(style, Stages.canonical(name, option));
        }
        if (Stages.isStage(name)) {
            throw Fault.usage("model " + model + " uses aliases (registry: aliases): " + option + " " + name
                    + " is a stage; use an alias such as champion, or set registry: stages for this model");
        }
        // MLflow's own alias rules: word characters and dashes, not "latest", not v<number>.
        if (!name.matches("[A-Za-z0-9_-]+") || name.equalsIgnoreCase("latest") || name.matches("[vV][0-9]+")) {
            throw Fault.usage(option + ": \"" + name + "\" is not a valid MLflow alias (letters, digits, _ and -; not latest or v<number>)");
        }
        return new Target(style, name);
    }

    /** The champion alias or the Production stage: what rollback restores. */
    public static Target champion(Registry style) {
        return new Target(style, style == Registry.STAGES ? PRODUCTION : CHAMPION);
    }

    public boolean isAlias() {
        return style == Registry.ALIASES;
    }

    /** Whether one version at most holds it: every alias, and Staging and Production with archive_existing_versions. */
    public boolean exclusive() {
        return isAlias() || name.equals("Staging") || name.equals(PRODUCTION);
    }

    /** The version holding it now, for an exclusive target. */
    public Optional<Integer> holder(RegisteredModel model) {
        if (!exclusive()) return Optional.empty();
        return isAlias() ? model.aliasVersion(name) : model.stageVersion(name);
    }

    public boolean heldBy(ModelVersion version) {
        return isAlias() ? version.aliases().contains(name) : version.stage().equals(name);
    }

    /** The alias that remembers the version this one replaced, e.g. previous-champion. */
    public String previousAlias() {
        return "previous-" + name;
    }

    @Override
    public String toString() {
        return isAlias() ? "alias " + name : "stage " + name;
    }
}
