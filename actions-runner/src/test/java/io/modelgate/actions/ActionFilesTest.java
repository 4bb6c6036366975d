package io.modelgate.actions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.modelgate.step.Param;
import io.modelgate.step.StepCatalogue;
import io.modelgate.step.StepDefinition;
import io.modelgate.testbed.GeneratedFiles;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The committed action.yml files are exactly what the catalogue generates, and say what it says. */
class ActionFilesTest {

    private final Path dir = Path.of(System.getProperty("modelgate.actions.dir", "."));

    @Test
    void committedActionFilesMatchTheCatalogue() throws Exception {
        GeneratedFiles.holdTo(ActionFiles.render(dir), dir, "the step catalogue", ActionFiles.REGENERATE);
    }

    @Test
    void eachActionHasTheStepsParametersAsInputsAndItsOutputs() throws Exception {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        for (StepDefinition step : StepCatalogue.steps()) {
            JsonNode action = yaml.readTree(dir.resolve(step.name()).resolve("action.yml").toFile());
            Set<String> inputs = new LinkedHashSet<>();
            action.path("inputs").fieldNames().forEachRemaining(inputs::add);
            Set<String> expected = new LinkedHashSet<>(step.params().stream().map(Param::name).toList());
            // The common options, from their one declaration, in the actions' spelling.
            expected.addAll(List.of("config", "environment", "output-dir", "params", "publish", "github-token"));
            assertEquals(expected, inputs, step.name());
            for (Param param : step.params()) {
                assertEquals(param.required(), action.path("inputs").path(param.name()).path("required").asBoolean(), step.name() + " " + param.name());
                // Every input reaches the runner under the variable name the Actions runner would use.
                assertEquals("${{ inputs." + param.name() + " }}",
                        action.at("/runs/steps/0/env").path(ActionsCore.inputVariable(param.name())).asText(), step.name() + " " + param.name());
            }
            Set<String> outputs = new LinkedHashSet<>();
            action.path("outputs").fieldNames().forEachRemaining(outputs::add);
            Set<String> expectedOutputs = new LinkedHashSet<>(step.outputs().keySet());
            expectedOutputs.addAll(ActionRunner.COMMON_OUTPUTS.keySet());
            assertEquals(expectedOutputs, outputs, step.name());
            assertEquals("composite", action.at("/runs/using").asText());
            assertTrue(action.at("/runs/steps/0/run").asText().endsWith(" " + step.name()), step.name());
        }
    }
}
