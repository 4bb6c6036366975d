package io.modelgate.testing;

import io.modelgate.config.JobConfig;
import io.modelgate.step.StepContext;

import java.time.Duration;

/**
 * Launches one pipeline job (featurization, training, inference ...) and follows it to its end.
 * The integration-tests stage runs the configured jobs through it before the test commands;
 * the spark-submit step implements it too, once it lands.
 */
public interface PipelineJobLauncher {

    JobRun launch(String name, JobConfig job, StepContext context);

    /**
     * @param name      the job's name under {@code jobs:}
     * @param succeeded whether it ended well
     * @param detail    how it ended, e.g. {@code exit 1} or {@code timed out after 30m}
     * @param duration  wall time
     * @param tail      the last lines of its output
     */
    record JobRun(String name, boolean succeeded, String detail, Duration duration, String tail) {
    }
}
