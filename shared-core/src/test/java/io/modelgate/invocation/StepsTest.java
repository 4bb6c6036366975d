package io.modelgate.invocation;

import io.modelgate.step.StepCatalogue;
import io.modelgate.step.StepDefinition;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertNotNull;

class StepsTest {

    @Test
    void everyCatalogueStepHasAnImplementation() {
        for (StepDefinition step : StepCatalogue.steps()) {
            assertNotNull(Steps.of(step), step.name());
        }
    }
}
