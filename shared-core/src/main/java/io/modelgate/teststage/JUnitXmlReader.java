package io.modelgate.teststage;

import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * Reads JUnit XML as the tools write it, streaming (StAX): one test case at a time goes to the
 * consumer, and the text kept per case is capped, so memory does not grow with the report.
 * Handles Maven surefire (including {@code flakyFailure}, {@code flakyError}, {@code rerunFailure},
 * {@code rerunError}), pytest's junitxml, Gradle, and the Jest and vitest junit reporters: a
 * {@code testsuites} root with nested suites, or a bare {@code testsuite}.
 */
public final class JUnitXmlReader {

    /** Characters of a failure's text (the stack trace) kept: its head, where the frames that matter are. */
    static final int MAX_DETAIL = 4000;
    /** Characters of a failing test's printed output kept: its tail, where the last words are. */
    static final int MAX_OUTPUT = 2000;

    private static final int PROLOG = 256;
    private static final Pattern ENCODING = Pattern.compile("encoding\\s*=\\s*[\"']([A-Za-z0-9._-]+)[\"']");

    private final XMLInputFactory factory;

    public JUnitXmlReader() {
        // The JDK's own parser, not whichever StAX provider a dependency puts on the class path
        // (Hadoop's client ships a shaded Woodstox): the same behaviour and messages everywhere.
        factory = XMLInputFactory.newDefaultFactory();
        // Reports are untrusted input: no DTDs, no external entities.
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    }

    /**
     * One report's test cases, or the problem that kept it from being read.
     *
     * @param report  the report as named in messages (e.g. relative to the project)
     * @param cases   its test cases, in order; empty when unreadable
     * @param problem null when read; else file, line and what is wrong
     */
    public record Read(Path report, List<TestCase> cases, String problem) {
    }

    /**
     * Reads reports (named relative to {@code base}) on all cores, one reader per thread; the
     * results come in the order of {@code reports}, so the outcome does not depend on timing.
     */
    public static List<Read> readAll(Path base, List<Path> reports) {
        int threads = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), reports.size()));
        Read[] reads = new Read[reports.size()];
        IntStream.range(0, threads).parallel().forEach(thread -> {
            JUnitXmlReader reader = new JUnitXmlReader();
            for (int i = thread; i < reports.size(); i += threads) {
                Path report = reports.get(i);
                List<TestCase> cases = new ArrayList<>();
                try {
                    reader.read(report, base.resolve(report), cases::add);
                    reads[i] = new Read(report, cases, null);
                } catch (InvalidReportException e) {
                    reads[i] = new Read(report, List.of(), e.getMessage());
                }
            }
        });
        return List.of(reads);
    }

    /** Reads one report; returns how many test cases it held. */
    public int read(Path report, Consumer<TestCase> sink) throws InvalidReportException {
        return read(report, report, sink);
    }

    /** Reads {@code file}, naming it {@code report} (e.g. relative to the project) in cases and errors. */
    public int read(Path report, Path file, Consumer<TestCase> sink) throws InvalidReportException {
        String reportName = report.toString();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 65536)) {
            XMLStreamReader xml = factory.createXMLStreamReader(new MarkupLimits(new InputStreamReader(in, charset(in))));
            try {
                return read(xml, reportName, report, sink);
            } finally {
                xml.close();
            }
        } catch (XMLStreamException e) {
            MarkupLimits.TooLarge tooLarge = tooLarge(e);
            if (tooLarge != null) throw new InvalidReportException(report, tooLarge.line, tooLarge.getMessage());
            Location where = e.getLocation();
            throw new InvalidReportException(report, where == null ? null : where.getLineNumber(),
                    "not valid XML (truncated or not a JUnit report): " + problem(e));
        } catch (IOException e) {
            throw new InvalidReportException(report, null, "cannot be read: " + e.getMessage());
        }
    }

    /**
     * The report's encoding, from its byte order mark or its declaration (UTF-8, as the tools
     * write them, when it says none): the JDK's decoder reads it, several times faster than the
     * XML parser's own, and the text passes the markup limits on its way. Skips a UTF-8 byte
     * order mark; leaves the stream at its start otherwise.
     */
    private static Charset charset(InputStream in) throws IOException {
        in.mark(PROLOG);
        byte[] head = in.readNBytes(PROLOG);
        in.reset();
        if (head.length >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF) {
            in.skipNBytes(3);
            return StandardCharsets.UTF_8;
        }
        if (head.length >= 2 && (head[0] & 0xFF) >= 0xFE) return StandardCharsets.UTF_16; // reads the byte order mark
        if (head.length >= 2 && head[0] == 0) return StandardCharsets.UTF_16BE;
        if (head.length >= 2 && head[1] == 0) return StandardCharsets.UTF_16LE;
        String prolog = new String(head, StandardCharsets.ISO_8859_1);
        if (!prolog.startsWith("<?xml")) return StandardCharsets.UTF_8;
        int end = prolog.indexOf("?>");
        Matcher encoding = ENCODING.matcher(end < 0 ? prolog : prolog.substring(0, end));
        try {
            return encoding.find() ? Charset.forName(encoding.group(1)) : StandardCharsets.UTF_8;
        } catch (IllegalArgumentException unknown) {
            throw new java.io.CharConversionException("the declared encoding \"" + encoding.group(1) + "\" is not known");
        }
    }

    private static MarkupLimits.TooLarge tooLarge(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof MarkupLimits.TooLarge tooLarge) return tooLarge;
            if (cause instanceof XMLStreamException xml && xml.getNestedException() instanceof MarkupLimits.TooLarge tooLarge) return tooLarge;
        }
        return null;
    }

    private int read(XMLStreamReader xml, String reportName, Path report, Consumer<TestCase> sink)
            throws XMLStreamException, InvalidReportException {
        Deque<String> suites = new ArrayDeque<>();
        CaseBuilder current = null;
        int count = 0;
        boolean rootSeen = false;
        while (xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                String element = xml.getLocalName();
                if (!rootSeen) {
                    rootSeen = true;
                    if (!element.equals("testsuites") && !element.equals("testsuite")) {
                        throw new InvalidReportException(report, xml.getLocation().getLineNumber(),
                                "not a JUnit XML report: the root element is <" + element + ">, expected <testsuites> or <testsuite>");
                    }
                }
                if (element.equals("testsuite")) {
                    suites.push(attribute(xml, "name", ""));
                } else if (element.equals("testcase")) {
                    current = new CaseBuilder(suites.isEmpty() ? "" : suites.peek(), xml, reportName);
                } else if (current != null) {
                    current.start(element, xml);
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                String element = xml.getLocalName();
                if (element.equals("testsuite") && !suites.isEmpty()) {
                    suites.pop();
                } else if (element.equals("testcase") && current != null) {
                    sink.accept(current.build());
                    count++;
                    current = null;
                } else if (current != null) {
                    current.end(element);
                }
            } else if (current != null && (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA
                    || event == XMLStreamConstants.SPACE)) {
                current.text(xml);
            }
        }
        if (!rootSeen) {
            throw new InvalidReportException(report, null, "empty: no <testsuites> or <testsuite> element");
        }
        return count;
    }

    private static String attribute(XMLStreamReader xml, String name, String fallback) {
        String value = xml.getAttributeValue(null, name);
        return value == null ? fallback : value;
    }

    private static String problem(XMLStreamException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        int marker = message.indexOf("Message: ");
        return (marker >= 0 ? message.substring(marker + 9) : message).strip();
    }

    /** Seconds as surefire, pytest, Gradle and Jest write them; surefire may group thousands with commas. */
    static double seconds(String text) {
        if (text == null || text.isBlank()) return 0;
        try {
            double value = Double.parseDouble(text.replace(",", "").trim());
            return Double.isFinite(value) && value >= 0 ? value : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The parts of one testcase element, collected as its children stream past. */
    private static final class CaseBuilder {
        private final String suite;
        private final String className;
        private final String name;
        private final double seconds;
        private final String file;
        private final Integer line;
        private final String report;
        private TestCase.Status outcome = TestCase.Status.PASSED;
        private String message;
        private final StringBuilder detail = new StringBuilder();
        private final StringBuilder output = new StringBuilder();
        private final StringBuilder flakyDetail = new StringBuilder();
        private String flakyMessage;
        private int flakyRuns;
        private int reruns;
        /** Where character data goes now: detail, output, flakyDetail, or nowhere. */
        private StringBuilder capture;
        private int captureLimit;
        private boolean inRerun;

        CaseBuilder(String suite, XMLStreamReader xml, String report) {
            this.suite = suite;
            this.className = attribute(xml, "classname", "");
            this.name = attribute(xml, "name", "");
            this.seconds = seconds(xml.getAttributeValue(null, "time"));
            String fileAttribute = xml.getAttributeValue(null, "file");
            this.file = fileAttribute == null || fileAttribute.isBlank() ? null : fileAttribute;
            this.line = positive(xml.getAttributeValue(null, "line"));
            this.report = report;
        }

        private static Integer positive(String text) {
            if (text == null) return null;
            try {
                int value = Integer.parseInt(text.trim());
                return value > 0 ? value : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }

        void start(String element, XMLStreamReader xml) {
            switch (element) {
                case "failure", "error" -> {
                    if (!inRerun) {
                        TestCase.Status status = element.equals("failure") ? TestCase.Status.FAILED : TestCase.Status.ERROR;
                        // A case with both keeps the first; surefire writes one.
                        if (!outcome.failing()) {
                            outcome = status;
                            message = messageOf(xml);
                        }
                        capture(detail, MAX_DETAIL);
                    }
                }
                case "skipped" -> {
                    if (outcome == TestCase.Status.PASSED) {
                        outcome = TestCase.Status.SKIPPED;
                        message = messageOf(xml);
                    }
                    capture(detail, MAX_DETAIL);
                }
                case "flakyFailure", "flakyError" -> {
                    inRerun = true;
                    flakyRuns++;
                    if (flakyMessage == null) flakyMessage = messageOf(xml);
                    capture(flakyDetail.isEmpty() ? flakyDetail : null, MAX_DETAIL);
                }
                case "rerunFailure", "rerunError" -> {
                    inRerun = true;
                    reruns++;
                    capture = null;
                }
                case "stackTrace" -> {
                    if (inRerun && flakyRuns > 0 && flakyDetail.isEmpty()) capture(flakyDetail, MAX_DETAIL);
                }
                case "system-out", "system-err" -> {
                    if (!inRerun) capture(output, Integer.MAX_VALUE);
                }
                default -> capture = null;
            }
        }

        void end(String element) {
            switch (element) {
                case "flakyFailure", "flakyError", "rerunFailure", "rerunError" -> inRerun = false;
                default -> { }
            }
            capture = null;
            if (output.length() > 2 * MAX_OUTPUT) {
                output.delete(0, output.length() - MAX_OUTPUT);
            }
        }

        private void capture(StringBuilder target, int limit) {
            capture = target;
            captureLimit = limit;
        }

        void text(XMLStreamReader xml) {
            if (capture == null) return;
            int room = captureLimit - capture.length();
            if (room <= 0) return;
            int length = Math.min(room, xml.getTextLength());
            capture.append(xml.getTextCharacters(), xml.getTextStart(), length);
            if (capture == output && output.length() > 2 * MAX_OUTPUT) {
                output.delete(0, output.length() - MAX_OUTPUT);
            }
        }

        private static String messageOf(XMLStreamReader xml) {
            String value = xml.getAttributeValue(null, "message");
            return value == null ? null : value.strip();
        }

        TestCase build() {
            TestCase.Status status = outcome;
            String text = detail.toString().strip();
            String why = message;
            if (status == TestCase.Status.PASSED && flakyRuns > 0) {
                // surefire: failed, then passed on a re-run (rerunFailingTestsCount).
                status = TestCase.Status.FLAKY;
                why = "passed after " + flakyRuns + " failed run" + (flakyRuns > 1 ? "s" : "")
                        + (flakyMessage == null || flakyMessage.isEmpty() ? "" : ": " + flakyMessage);
                text = flakyDetail.toString().strip();
            } else if (status.failing() && reruns > 0) {
                why = (why == null ? "" : why + " ") + "(failed on all " + (reruns + 1) + " runs)";
            }
            if ((why == null || why.isEmpty()) && !text.isEmpty() && status != TestCase.Status.PASSED) {
                why = text.lines().findFirst().orElse("").strip();
            }
            boolean keepsText = status != TestCase.Status.PASSED;
            String printed = status.failing() || status == TestCase.Status.FLAKY ? tail(output.toString().strip()) : null;
            String where = file;
            Integer at = line;
            SourceLocation traced = keepsText ? SourceLocation.fromTrace(className, text).orElse(null) : null;
            if (traced != null && (where == null || sameFile(where, traced.file()))) {
                // The trace's line is where it failed; a report's line attribute is where the test starts
                // (and pytest's counts from 0).
                where = where == null ? traced.file() : where;
                at = traced.line();
            }
            return new TestCase(suite, className, name, status, seconds, keepsText ? why : null,
                    keepsText && !text.isEmpty() ? text : null, printed == null || printed.isEmpty() ? null : printed,
                    where, at, report);
        }

        private static boolean sameFile(String a, String b) {
            String x = a.replace('\\', '/');
            String y = b.replace('\\', '/');
            return x.equals(y) || x.endsWith("/" + y) || y.endsWith("/" + x);
        }

        private static String tail(String text) {
            return text.length() <= MAX_OUTPUT ? text : "..." + text.substring(text.length() - MAX_OUTPUT);
        }
    }
}
