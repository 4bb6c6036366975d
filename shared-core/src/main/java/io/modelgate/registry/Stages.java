package io.modelgate.registry;

import io.modelgate.fault.Fault;

import java.util.List;

/** The fixed stages of the stage-style registry, spelled as MLflow spells them. */
final class Stages {

    static final List<String> ALL = List.of("None", "Staging", "Production", "Archived");

    private Stages() {
    }

    /** The canonical spelling of a stage name, any case; a usage error for anything else. */
    static String canonical(String name, String where) {
        return ALL.stream().filter(s -> s.equalsIgnoreCase(name)).findFirst()
                .orElseThrow(() -> Fault.usage(where + ": \"" + name + "\" is not a stage (" + String.join(", ", ALL) + ")"));
    }

    static boolean isStage(String name) {
        return ALL.stream().anyMatch(s -> s.equalsIgnoreCase(name));
    }
}
