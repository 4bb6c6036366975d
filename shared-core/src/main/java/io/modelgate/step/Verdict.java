package io.modelgate.step;

/** The outcome of one step, as every front end shows it. */
public enum Verdict {
    PASSED, FAILED, ERROR, SKIPPED
}
