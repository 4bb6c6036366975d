package io.modelgate.evaluation;

/**
 * The candidate could not be loaded or could not score the evaluation set: a failed gate (exit 1),
 * not an infrastructure error — a candidate that cannot score is not a model to promote.
 */
public final class CandidateCannotScore extends RuntimeException {

    public CandidateCannotScore(String message) {
        super(message, null, false, false);
    }
}
