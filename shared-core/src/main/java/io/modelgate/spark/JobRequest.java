package io.modelgate.spark;

import io.modelgate.config.JobConfig;

import java.time.Duration;
import java.util.List;

/**
 * One launch of a configured job.
 *
 * @param name    the job's name under {@code jobs:}
 * @param job     the job's settings for the chosen environment
 * @param args    the application arguments, placeholders already substituted
 * @param timeout when to stop the job
 */
public record JobRequest(String name, JobConfig job, List<String> args, Duration timeout) {

    public JobRequest {
        args = List.copyOf(args);
    }
}
