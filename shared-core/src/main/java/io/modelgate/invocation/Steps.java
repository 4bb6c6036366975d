package io.modelgate.invocation;

import io.modelgate.contract.CheckModelStep;
import io.modelgate.datacheck.CheckDataStep;
import io.modelgate.evaluation.EvaluateModelStep;
import io.modelgate.registry.RegistryStep;
import io.modelgate.registry.VerifyRegistryStep;
import io.modelgate.spark.SparkSubmitStep;
import io.modelgate.step.Step;
import io.modelgate.step.StepDefinition;
import io.modelgate.teststage.TestStage;
import io.modelgate.validation.ValidateModelStep;

import java.util.Map;

/**
 * The implementation of each catalogue step, by name. The catalogue is metadata only; this is the
 * one place that knows every capability, so the dependency picture stays a ladder (ground, step
 * model, capabilities, this envelope, front ends). {@code StepsTest} holds every catalogue step to an implementation.
 */
public final class Steps {

    private static final Map<String, Step> IMPLEMENTATIONS = Map.of(
            "unit-tests", TestStage.unitTests(),
            "integration-tests", TestStage.integrationTests(),
            "spark-submit", new SparkSubmitStep(),
            "validate-model", new ValidateModelStep(),
            "check-model", new CheckModelStep(),
            "evaluate-model", new EvaluateModelStep(),
            "promote-model", RegistryStep.promote(),
            "rollback-model", RegistryStep.rollback(),
            "verify-registry", new VerifyRegistryStep(),
            "check-data", new CheckDataStep());

    private Steps() {
    }

    /** The implementation of a catalogue step. */
    public static Step of(StepDefinition definition) {
        Step step = IMPLEMENTATIONS.get(definition.name());
        if (step == null) throw new IllegalStateException("no implementation registered for step " + definition.name());
        return step;
    }
}
