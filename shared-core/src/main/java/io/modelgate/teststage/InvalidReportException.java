package io.modelgate.teststage;

import java.nio.file.Path;

/** A report that is not JUnit XML, or is cut short: the message names the file and line. */
public final class InvalidReportException extends Exception {

    public InvalidReportException(Path report, Integer line, String problem) {
        super(report + (line != null && line > 0 ? ":" + line : "") + ": " + problem);
    }
}
