package io.modelgate.webhook;

/** Where a route sends an event: GitHub, Jenkins, or ModelGate's own steps. */
public interface Target {

    /** Forwards the event once; never throws: every failure is an {@link Outcome}. */
    Outcome forward(Forward forward);

    /** What came of one attempt. */
    record Outcome(Kind kind, String detail) {

        public enum Kind {
            /** The target took the event; nothing more to do. */
            DELIVERED,
            /** A failure that may pass (the target down, a 5xx, a rate limit): try again later. */
            RETRY,
            /** The target refused it for good (401, 403, 404, 422, a bad configuration): a dead letter at once. */
            REFUSED
        }

        public static Outcome delivered(String detail) {
            return new Outcome(Kind.DELIVERED, detail);
        }

        public static Outcome retry(String why) {
            return new Outcome(Kind.RETRY, why);
        }

        public static Outcome refused(String why) {
            return new Outcome(Kind.REFUSED, why);
        }

        /** An HTTP answer of a target: 2xx delivered; 408, 429 and 5xx worth another try; any other refused. */
        public static Outcome ofStatus(int status, String what) {
            if (status >= 200 && status < 300) return delivered(what);
            if (status == 408 || status == 429 || status >= 500) return retry(what);
            return refused(what);
        }
    }
}
