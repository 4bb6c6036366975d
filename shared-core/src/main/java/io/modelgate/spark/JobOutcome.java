package io.modelgate.spark;

import java.time.Duration;
import java.util.List;

/**
 * How a job ended.
 *
 * @param ending   succeeded, failed (a verdict), stopped (timeout, termination), or ended by the backend without a verdict
 * @param state    the backend's final state, e.g. FINISHED, FAILED, KILLED (Spark) or SUCCESS (Databricks)
 * @param appId    Spark application id or Databricks run id; null when none was given
 * @param runUrl   the Spark UI or the Databricks run page; null when none was given
 * @param duration wall time from launch to the end
 * @param logTail  the last lines of the driver's output (at most {@link #TAIL_LINES})
 * @param detail   one line on why it failed or stopped; null on success
 */
public record JobOutcome(Ending ending, String state, String appId, String runUrl, Duration duration,
                         List<String> logTail, String detail) {

    public static final int TAIL_LINES = 200;

    /** SUCCEEDED passes; FAILED fails the gate; the others are infrastructure errors (exit 3). */
    public enum Ending { SUCCEEDED, FAILED, TIMED_OUT, CANCELLED, ERROR }

    public JobOutcome {
        logTail = List.copyOf(logTail);
    }
}
