package io.modelgate.step;

/** The logic of one step. Throws {@link Fault} when it cannot reach a verdict. */
@FunctionalInterface
public interface Step {

    StepResult run(StepContext context);

}
