package io.modelgate.step;

/**
 * A step could not reach a verdict. The kind decides the exit code, so that a CI tells
 * "your configuration is wrong" (2) from "MLflow is down" (3) without reading the message.
 */
public class StepError extends RuntimeException {

    public enum Kind {
        /** Wrong parameters or configuration: exit 2. */
        USAGE(2),
        /** A service unreachable, refused credentials, a timeout: exit 3. */
        INFRASTRUCTURE(3);

        public final int exitCode;

        Kind(int exitCode) {
            this.exitCode = exitCode;
        }
    }

    private final Kind kind;

    public StepError(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public StepError(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public static StepError usage(String message) {
        return new StepError(Kind.USAGE, message);
    }

    public static StepError infrastructure(String message, Throwable cause) {
        return new StepError(Kind.INFRASTRUCTURE, message, cause);
    }

    public static StepError infrastructure(String message) {
        return new StepError(Kind.INFRASTRUCTURE, message);
    }

    public Kind kind() {
        return kind;
    }
}
