package io.modelgate.fault;

/**
 * A step could not reach a verdict. The kind decides the exit code, so that a CI tells
 * "your configuration is wrong" (2) from "MLflow is down" (3) without reading the message.
 */
public class Fault extends RuntimeException {

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

    public Fault(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Fault(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public static Fault usage(String message) {
        return new Fault(Kind.USAGE, message);
    }

    public static Fault infrastructure(String message, Throwable cause) {
        return new Fault(Kind.INFRASTRUCTURE, message, cause);
    }

    public static Fault infrastructure(String message) {
        return new Fault(Kind.INFRASTRUCTURE, message);
    }

    public Kind kind() {
        return kind;
    }
}
