package io.modelgate.jenkins;

/** What Jenkins' error step and a missing credential throw (hudson.AbortException there): it fails the build. */
public class AbortException extends RuntimeException {
    public AbortException(String message) {
        super(message);
    }
}
