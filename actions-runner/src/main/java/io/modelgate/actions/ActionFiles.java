package io.modelgate.actions;

import io.modelgate.step.CommonOption;
import io.modelgate.step.FrontEnd;
import io.modelgate.step.Param;
import io.modelgate.step.StepCatalogue;
import io.modelgate.step.StepDefinition;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Generates {@code actions-runner/<step>/action.yml} from the step catalogue: one composite
 * action per step whose inputs are the step's parameters plus the common options the actions carry
 * ({@link CommonOption}), whose outputs are
 * the step's outputs, and which runs the runner jar that the setup action put in place.
 * ActionFilesTest fails when a committed file differs from what this renders.
 */
public final class ActionFiles {

    /** The repository's one regeneration command (it runs ActionFilesTest with -Dmodelgate.regenerate=true). */
    static final String REGENERATE = "scripts/regenerate.sh";

    private ActionFiles() {
    }

    /** Writes every step's action.yml under {@code dir}: {@code java -cp modelgate-actions.jar io.modelgate.actions.ActionFiles actions-runner}. */
    public static void main(String[] args) throws IOException {
        for (Map.Entry<Path, String> file : render(Path.of(args.length > 0 ? args[0] : "actions-runner")).entrySet()) {
            Files.createDirectories(file.getKey().getParent());
            Files.writeString(file.getKey(), file.getValue());
        }
    }

    /** Path to content of every step's action.yml under {@code dir}. */
    public static Map<Path, String> render(Path dir) {
        Map<Path, String> files = new LinkedHashMap<>();
        for (StepDefinition step : StepCatalogue.steps()) {
            files.put(dir.resolve(step.name()).resolve("action.yml"), render(step));
        }
        return files;
    }

    public static String render(StepDefinition step) {
        StringBuilder yaml = new StringBuilder();
        yaml.append("# Generated from the step catalogue by io.modelgate.actions.ActionFiles: do not edit.\n")
                .append("# Regenerate with: ").append(REGENERATE).append('\n')
                .append("name: ").append(quote("ModelGate " + step.name())).append('\n')
                .append("description: ").append(quote(step.summary())).append('\n')
                .append("author: ModelGate\n")
                .append("branding:\n  icon: check-circle\n  color: green\n")
                .append("inputs:\n");
        for (Param param : step.params()) {
            // No defaults here: the core applies them, so that the params document can set any parameter.
            String doc = param.doc() + (param.defaultValue() != null && param.type() != Param.Type.BOOLEAN ? " (default: " + param.defaultValue() + ")" : "")
                    + (param.type() == Param.Type.BOOLEAN ? " (true or false, default: " + param.defaultValue() + ")" : "");
            input(yaml, param.name(), doc, param.required(), null);
        }
        for (CommonOption common : CommonOption.carriedBy(FrontEnd.ACTIONS)) {
            // A default written as an expression only the Actions runner can evaluate goes into action.yml; the core applies the others.
            boolean expression = common.defaultValue() != null && common.defaultValue().startsWith("${{");
            String doc = common.doc() + (common.defaultValue() == null || expression ? ""
                    : common.type() == CommonOption.Type.BOOLEAN ? " (true or false, default: " + common.defaultValue() + ")"
                    : " (default: " + common.defaultValue() + ")");
            input(yaml, common.action(), doc, false, expression ? common.defaultValue() : null);
        }
        yaml.append("outputs:\n");
        // Sorted: the catalogue's output maps have no stable order, the generated file must.
        Map<String, String> outputs = new LinkedHashMap<>(new java.util.TreeMap<>(step.outputs()));
        outputs.putAll(ActionRunner.COMMON_OUTPUTS);
        for (Map.Entry<String, String> output : outputs.entrySet()) {
            yaml.append("  ").append(output.getKey()).append(":\n")
                    .append("    description: ").append(quote(output.getValue())).append('\n')
                    .append("    value: ${{ steps.run.outputs.").append(output.getKey()).append(" }}\n");
        }
        yaml.append("runs:\n  using: composite\n  steps:\n")
                .append("    - id: run\n      shell: bash\n")
                .append("      run: java ").append(step.jvmOptions().stream().map(o -> o + " ").collect(java.util.stream.Collectors.joining()))
                .append("${MODELGATE_JAVA_OPTIONS:-} -jar \"${MODELGATE_ACTIONS_JAR:?run the ModelGate setup action (actions-runner/setup) first}\" ").append(step.name()).append('\n')
                .append("      env:\n");
        for (Param param : step.params()) {
            env(yaml, param.name());
        }
        for (CommonOption common : CommonOption.carriedBy(FrontEnd.ACTIONS)) {
            env(yaml, common.action());
        }
        return yaml.toString();
    }

    private static void input(StringBuilder yaml, String name, String description, boolean required, String defaultValue) {
        yaml.append("  ").append(name).append(":\n")
                .append("    description: ").append(quote(description)).append('\n')
                .append("    required: ").append(required).append('\n');
        if (defaultValue != null) yaml.append("    default: ").append(quote(defaultValue)).append('\n');
    }

    /** Composite actions do not set INPUT_* variables themselves; set them as the runner would for any action. */
    private static void env(StringBuilder yaml, String input) {
        yaml.append("        ").append(ActionsCore.inputVariable(input)).append(": ${{ inputs.").append(input).append(" }}\n");
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
