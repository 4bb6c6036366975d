package io.modelgate.invocation;

import io.modelgate.step.FrontEnd;
import io.modelgate.step.StepCatalogue;
import io.modelgate.step.StepDefinition;
import io.modelgate.step.StepParams;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which secrets of the configuration a step would use, so that only those must be set: its catalogue secrets, a job's for the job it runs. */
class RequiredSecretsTest {

    @Test
    void aStepUsesItsCatalogueSecretsAndOnlyTheJobItRuns() {
        StepDefinition spark = StepCatalogue.find("spark-submit").orElseThrow();
        StepParams train = StepParams.parse(spark, Map.of("job", "train"), FrontEnd.COMMAND_LINE);
        assertTrue(StepRunner.uses(spark, "mlflow.token_env", train));
        assertTrue(StepRunner.uses(spark, "jobs.train.databricks.token_env", train));
        assertFalse(StepRunner.uses(spark, "jobs.score.databricks.token_env", train), "another job's token is not this run's business");

        StepDefinition unit = StepCatalogue.find("unit-tests").orElseThrow();
        assertFalse(StepRunner.uses(unit, "mlflow.token_env", StepParams.parse(unit, Map.of(), FrontEnd.COMMAND_LINE)), "unit tests run without secrets");
        StepDefinition integration = StepCatalogue.find("integration-tests").orElseThrow();
        assertTrue(StepRunner.uses(integration, "mlflow.password_env", StepParams.parse(integration, Map.of(), FrontEnd.COMMAND_LINE)));
    }
}
