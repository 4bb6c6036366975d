package io.modelgate.webhook;

import java.nio.file.Path;
import java.util.Map;

/**
 * Runs one catalogue step, the way the command line runs it. The invocation envelope hands the
 * relay this function, so the relay (a capability) runs steps without depending on the envelope.
 */
@FunctionalInterface
public interface StepLauncher {

    /** Runs {@code step} with these parameters, its reports going to {@code outputDir}. */
    Result run(String step, Map<String, String> params, Path outputDir);

    /** The step's verdict (PASSED, FAILED, ERROR, SKIPPED), exit code and headline. */
    record Result(String verdict, int exitCode, String headline) {
    }

    /** Whether the launcher knows this step, checked when the receiver starts. */
    default boolean knows(String step) {
        return true;
    }
}
