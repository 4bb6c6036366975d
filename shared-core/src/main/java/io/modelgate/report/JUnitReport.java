package io.modelgate.report;

import io.modelgate.step.StepResult;
import io.modelgate.step.Verdict;

import java.util.List;

/**
 * The JUnit XML rendering, for Jenkins' {@code junit} step and test-report actions: one test
 * case per check; a result without checks is one test case for the step itself.
 */
public final class JUnitReport {

    private JUnitReport() {
    }

    public static String render(StepResult result) {
        List<StepResult.Check> checks = result.checks().isEmpty()
                ? List.of(new StepResult.Check(result.step(), result.verdict(), result.headline()))
                : result.checks();
        long failures = checks.stream().filter(c -> c.verdict() == Verdict.FAILED).count();
        long errors = checks.stream().filter(c -> c.verdict() == Verdict.ERROR).count();
        long skipped = checks.stream().filter(c -> c.verdict() == Verdict.SKIPPED).count();
        String suite = "modelgate." + result.step();
        StringBuilder out = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        out.append("<testsuites>\n");
        out.append("  <testsuite name=\"").append(attr(suite)).append("\" tests=\"").append(checks.size())
                .append("\" failures=\"").append(failures).append("\" errors=\"").append(errors)
                .append("\" skipped=\"").append(skipped).append("\">\n");
        for (StepResult.Check check : checks) {
            out.append("    <testcase classname=\"").append(attr(suite)).append("\" name=\"").append(attr(check.name())).append('"');
            String detail = check.detail() == null ? "" : check.detail();
            switch (check.verdict()) {
                case PASSED -> out.append("/>\n");
                case FAILED -> out.append(">\n      <failure message=\"").append(attr(firstLine(detail))).append("\">")
                        .append(text(detail)).append("</failure>\n    </testcase>\n");
                case ERROR -> out.append(">\n      <error message=\"").append(attr(firstLine(detail))).append("\">")
                        .append(text(detail)).append("</error>\n    </testcase>\n");
                case SKIPPED -> out.append(">\n      <skipped message=\"").append(attr(firstLine(detail))).append("\"/>\n    </testcase>\n");
            }
        }
        out.append("  </testsuite>\n</testsuites>\n");
        return out.toString();
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    private static String text(String value) {
        return clean(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String attr(String value) {
        return text(value).replace("\"", "&quot;").replace("\n", "&#10;");
    }

    /** Drops characters XML 1.0 cannot carry (test output often has them). */
    private static String clean(String value) {
        if (allAllowed(value)) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length());
        value.codePoints().filter(c -> c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
                || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF)).forEach(out::appendCodePoint);
        return out.toString();
    }

    /** The common case, checked without copying: no control characters, no surrogates, no U+FFFE/U+FFFF. */
    private static boolean allAllowed(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != 0x9 && c != 0xA && c != 0xD) || (c >= 0xD800 && c <= 0xDFFF) || c >= 0xFFFE) {
                return false;
            }
        }
        return true;
    }
}
