package io.modelgate.teststage;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where in the source a failure happened, read from its stack trace when the report has no
 * file and line attributes: Java ({@code at x.YTest.m(YTest.java:42)}, module prefixes such as
 * {@code app//} allowed), Python (pytest's
 * {@code tests/test_x.py:42: AssertionError}, tracebacks' {@code File "x.py", line 42}) and
 * JavaScript ({@code at fn (src/x.test.js:42:7)}).
 *
 * @param file a path as the trace gives it; for Java a package path such as {@code io/x/YTest.java}
 * @param line the line number
 */
public record SourceLocation(String file, int line) {

    private static final Pattern JAVA = Pattern.compile("at (?:[\\w.$@-]*/+)?([\\w$.]+)\\.[\\w$<>]+\\(([\\w$]+\\.(?:java|kt|scala|groovy)):(\\d+)\\)");
    private static final Pattern PYTEST = Pattern.compile("(?m)^([^\\s:\"]+\\.py):(\\d+):");
    private static final Pattern PY_TRACEBACK = Pattern.compile("File \"([^\"]+\\.py)\", line (\\d+)");
    private static final Pattern JS = Pattern.compile("([^\\s()]+\\.[cm]?[jt]sx?):(\\d+):\\d+");
    private static final List<String> FRAMEWORK = List.of("java.", "javax.", "jdk.", "sun.", "org.junit.", "junit.",
            "org.opentest4j.", "org.assertj.", "org.hamcrest.", "org.apache.maven.", "org.gradle.", "kotlin.", "scala.");

    /** The best location in {@code trace} for a test of class (or module, or file) {@code className}. */
    public static Optional<SourceLocation> fromTrace(String className, String trace) {
        if (trace == null || trace.isEmpty()) {
            return Optional.empty();
        }
        Optional<SourceLocation> java = java(className, trace);
        if (java.isPresent()) return java;
        Optional<SourceLocation> python = python(className, trace);
        if (python.isPresent()) return python;
        return javascript(trace);
    }

    /** The frame of the test class itself, else the first frame outside test frameworks and the JDK. */
    private static Optional<SourceLocation> java(String className, String trace) {
        Matcher frame = JAVA.matcher(trace);
        SourceLocation firstOwn = null;
        while (frame.find()) {
            String frameClass = frame.group(1);
            SourceLocation location = new SourceLocation(packagePath(frameClass) + frame.group(2), Integer.parseInt(frame.group(3)));
            if (className != null && (frameClass.equals(className) || frameClass.startsWith(className + "$"))) {
                return Optional.of(location);
            }
            if (firstOwn == null && FRAMEWORK.stream().noneMatch(frameClass::startsWith)) {
                firstOwn = location;
            }
        }
        return Optional.ofNullable(firstOwn);
    }

    private static String packagePath(String className) {
        int dot = className.lastIndexOf('.');
        return dot < 0 ? "" : className.substring(0, dot).replace('.', '/') + "/";
    }

    /** The deepest frame in the test's own module, else the first frame (the test function). */
    private static Optional<SourceLocation> python(String className, String trace) {
        List<SourceLocation> frames = new ArrayList<>();
        Matcher pytest = PYTEST.matcher(trace);
        while (pytest.find()) frames.add(new SourceLocation(pytest.group(1), Integer.parseInt(pytest.group(2))));
        if (frames.isEmpty()) {
            Matcher traceback = PY_TRACEBACK.matcher(trace);
            while (traceback.find()) frames.add(new SourceLocation(traceback.group(1), Integer.parseInt(traceback.group(2))));
        }
        if (frames.isEmpty()) return Optional.empty();
        if (className != null && !className.isEmpty()) {
            // pytest's classname is the module path with dots, plus the class for methods of a test class.
            String module = className.replace('.', '/');
            for (int i = frames.size() - 1; i >= 0; i--) {
                String file = frames.get(i).file().replace('\\', '/');
                String withoutSuffix = file.substring(0, file.length() - 3);
                if (module.equals(withoutSuffix) || module.startsWith(withoutSuffix + "/") || withoutSuffix.endsWith("/" + module)) {
                    return Optional.of(frames.get(i));
                }
            }
        }
        return Optional.of(frames.get(0));
    }

    private static Optional<SourceLocation> javascript(String trace) {
        Matcher frame = JS.matcher(trace);
        while (frame.find()) {
            String file = frame.group(1);
            if (!file.contains("node_modules/") && !file.startsWith("node:")) {
                return Optional.of(new SourceLocation(file.startsWith("file://") ? file.substring(7) : file, Integer.parseInt(frame.group(2))));
            }
        }
        return Optional.empty();
    }
}
