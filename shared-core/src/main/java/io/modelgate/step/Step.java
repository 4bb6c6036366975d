package io.modelgate.step;

/** The logic of one step. Throws {@link StepError} when it cannot reach a verdict. */
@FunctionalInterface
public interface Step {

    StepResult run(StepContext context);

    /** For a catalogue step whose logic has not landed yet: a usage error, never a fake success. */
    static Step notImplemented(String name) {
        return context -> {
            throw StepError.usage("step " + name + " is not implemented yet in this version of modelgate");
        };
    }
}
