package io.modelgate.teststage;

/**
 * One test case as a JUnit XML report records it, after any re-runs.
 *
 * @param suite     the enclosing testsuite's name
 * @param className the classname attribute (a Java class, a Python module, a JS file)
 * @param name      the test's name
 * @param status    how it ended
 * @param seconds   its duration
 * @param message   the failure, error or skip message; null when passed
 * @param detail    the stack trace or failure text, trimmed; null when passed
 * @param output    what the test printed (system-out, system-err), trimmed; kept for failures only
 * @param file      the source file, from the report or the stack trace; null when unknown
 * @param line      the line in that file; null when unknown
 * @param report    the report file it was read from
 */
public record TestCase(
        String suite,
        String className,
        String name,
        Status status,
        double seconds,
        String message,
        String detail,
        String output,
        String file,
        Integer line,
        String report) {

    public enum Status {
        PASSED, FAILED, ERROR, SKIPPED,
        /** Failed, then passed on a re-run: reported, never counted as a plain pass. */
        FLAKY;

        public boolean failing() {
            return this == FAILED || this == ERROR;
        }
    }

    /** The name a reviewer recognises: {@code classname.name}, or the name alone. */
    public String displayName() {
        return className == null || className.isEmpty() ? name : className + "." + name;
    }

    public TestCase withStatus(Status newStatus, String newMessage) {
        return new TestCase(suite, className, name, newStatus, seconds, newMessage, detail, output, file, line, report);
    }

    public TestCase withLocation(String newFile, Integer newLine) {
        return new TestCase(suite, className, name, status, seconds, message, detail, output, newFile, newLine, report);
    }
}
