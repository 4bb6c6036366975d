package io.modelgate.teststage;

import io.modelgate.teststage.TestCase.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JUnitXmlReaderTest {

    private final JUnitXmlReader reader = new JUnitXmlReader();

    static Path fixture(String name) {
        try {
            return Path.of(JUnitXmlReaderTest.class.getResource("/junit-reports/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<TestCase> read(Path report) throws InvalidReportException {
        List<TestCase> cases = new ArrayList<>();
        int count = reader.read(report, cases::add);
        assertEquals(cases.size(), count);
        return cases;
    }

    private static TestCase named(List<TestCase> cases, String name) {
        return cases.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError("no case " + name));
    }

    @Test
    void surefireWithRerunsTellsFlakyFromFailedOnEveryRun() throws Exception {
        List<TestCase> cases = read(fixture("surefire-rerun.xml"));
        assertEquals(List.of(Status.PASSED, Status.FLAKY, Status.FAILED, Status.ERROR, Status.SKIPPED), cases.stream().map(TestCase::status).toList());
        TestCase flaky = named(cases, "retriesTheFeatureStore");
        assertEquals("passed after 1 failed run: expected: <3> but was: <2>", flaky.message());
        assertEquals("com/example/ScoringTest.java", flaky.file());
        assertEquals(41, flaky.line());
        TestCase failed = named(cases, "rejectsNegativeAmounts");
        assertEquals("amount must be rejected (failed on all 3 runs)", failed.message());
        // The test's own frame, not the helper it called.
        assertEquals("com/example/ScoringTest.java", failed.file());
        assertEquals(57, failed.line());
        assertEquals("scoring -5.0", failed.output());
        TestCase error = named(cases, "loadsTheModel");
        assertEquals("model.pkl (No such file or directory)", error.message());
        assertEquals(66, error.line());
        assertEquals("no GPU on this agent", named(cases, "usesTheGpu").message());
        assertEquals("com.example.ScoringTest", cases.get(0).suite());
        assertNull(cases.get(0).message());
        assertNull(cases.get(0).detail());
    }

    @Test
    void pytestXunit1TakesTheFailingLineFromTheTraceInTheReportedFile() throws Exception {
        List<TestCase> cases = read(fixture("pytest-xunit1.xml"));
        assertEquals(3, cases.size());
        TestCase failed = named(cases, "test_no_nulls_after_imputation");
        assertEquals(Status.FAILED, failed.status());
        assertEquals("tests/unit/test_features.py", failed.file());
        assertEquals(19, failed.line());
        assertTrue(failed.message().startsWith("AssertionError: 2 nulls left"), failed.message());
        assertEquals("imputing 10 rows", failed.output());
        assertEquals("pytest", failed.suite());
        assertEquals(Status.SKIPPED, named(cases, "test_wide_frames").status());
        assertEquals(0.003, failed.seconds(), 1e-9);
    }

    @Test
    void gradleBareTestsuiteWithModulePrefixedFrames() throws Exception {
        List<TestCase> cases = read(fixture("gradle.xml"));
        assertEquals(3, cases.size());
        TestCase failed = named(cases, "stopsEarly()");
        assertEquals(Status.FAILED, failed.status());
        assertEquals("org/example/TrainerTest.java", failed.file());
        assertEquals(33, failed.line());
        assertEquals(1.9, named(cases, "convergesOnToyData()").seconds(), 1e-9);
    }

    @Test
    void jestJunitTakesTheFileAttributeAndTheLineFromTheTrace(@TempDir Path workspace) throws Exception {
        // jest-junit writes absolute paths: the fixture's @WORKSPACE@ becomes this run's folder.
        Path report = workspace.resolve("jest-junit.xml");
        Files.writeString(report, Files.readString(fixture("jest-junit.xml")).replace("@WORKSPACE@", workspace.toString()));
        List<TestCase> cases = read(report);
        TestCase failed = named(cases, "score client rounds the probability");
        assertEquals(Status.FAILED, failed.status());
        assertEquals(workspace.resolve("web/src/score.test.js").toString(), failed.file());
        assertEquals(14, failed.line());
        assertEquals("Error: expect(received).toBe(expected) // Object.is equality", failed.message());
        assertEquals(Status.SKIPPED, named(cases, "score client retries").status());
        assertEquals("score client", failed.suite());
    }

    @Test
    void vitestFramesGiveFileAndLine() throws Exception {
        List<TestCase> cases = read(fixture("vitest-junit.xml"));
        TestCase failed = named(cases, "psi > grows with the shift");
        assertEquals("src/drift.test.ts", failed.file());
        assertEquals(18, failed.line());
        assertEquals("expected 0.02 to be greater than 0.1", failed.message());
        assertEquals("psi 0.02", failed.output());
    }

    @Test
    void textThatIsNotXmlNamesTheFile() {
        InvalidReportException e = assertThrows(InvalidReportException.class, () -> read(fixture("not-xml.xml")));
        assertTrue(e.getMessage().startsWith(fixture("not-xml.xml") + ":1: not valid XML"), e.getMessage());
    }

    @Test
    void aTruncatedReportNamesFileAndLine() {
        InvalidReportException e = assertThrows(InvalidReportException.class, () -> read(fixture("truncated.xml")));
        assertTrue(e.getMessage().matches(".*truncated\\.xml:\\d+: not valid XML .*"), e.getMessage());
    }

    @Test
    void anotherKindOfXmlIsRefused() {
        InvalidReportException e = assertThrows(InvalidReportException.class, () -> read(fixture("html.xml")));
        assertTrue(e.getMessage().endsWith("not a JUnit XML report: the root element is <html>, expected <testsuites> or <testsuite>"), e.getMessage());
    }

    @Test
    void anEmptyFileIsRefused(@TempDir Path dir) throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.xml"), "");
        InvalidReportException e = assertThrows(InvalidReportException.class, () -> read(empty));
        assertTrue(e.getMessage().startsWith(empty.toString()), e.getMessage());
    }

    @Test
    void externalEntitiesAreNotResolved(@TempDir Path dir) throws IOException {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "s3cr3t");
        Path report = Files.writeString(dir.resolve("xxe.xml"), "<?xml version=\"1.0\"?>\n<!DOCTYPE t [<!ENTITY x SYSTEM \"" + secret.toUri()
                + "\">]>\n<testsuite><testcase classname=\"a\" name=\"b\"><failure message=\"m\">&x;</failure></testcase></testsuite>\n");
        List<TestCase> cases = new ArrayList<>();
        try {
            reader.read(report, cases::add);
        } catch (InvalidReportException refused) {
            return;
        }
        assertTrue(cases.stream().noneMatch(c -> String.valueOf(c.detail()).contains("s3cr3t")), cases.toString());
    }

    @Test
    void textKeptPerCaseIsCapped(@TempDir Path dir) throws Exception {
        String trace = "x".repeat(50_000);
        String printed = "y".repeat(40_000) + "LAST WORDS";
        Path report = Files.writeString(dir.resolve("big.xml"), "<testsuite name=\"s\"><testcase classname=\"a\" name=\"b\"><failure message=\"m\">"
                + trace + "</failure><system-out>" + printed + "</system-out></testcase></testsuite>");
        TestCase big = read(report).get(0);
        assertEquals(JUnitXmlReader.MAX_DETAIL, big.detail().length());
        assertTrue(big.output().length() <= JUnitXmlReader.MAX_OUTPUT + 3);
        assertTrue(big.output().endsWith("LAST WORDS"));
    }

    @Test
    void markupThatTheParserWouldHoldWholeIsCappedWhileReading(@TempDir Path dir) throws Exception {
        String head = "<testsuite name=\"s\">\n<testcase classname=\"a\" name=\"b\">\n";
        String huge = "z".repeat(MarkupLimits.MAX_MARKUP + 1);
        Map<String, String> reports = Map.of(
                "an attribute value", head + "<failure message=\"" + huge + "\"/></testcase></testsuite>",
                "a comment", head + "<!--" + huge + "--></testcase></testsuite>",
                "a processing instruction", head + "<?pi " + huge + "?></testcase></testsuite>",
                "a CDATA section", head + "<system-out><![CDATA[" + "z".repeat(MarkupLimits.MAX_CDATA + 1) + "]]></system-out></testcase></testsuite>");
        for (Map.Entry<String, String> report : reports.entrySet()) {
            Path file = Files.writeString(dir.resolve("huge.xml"), report.getValue());
            InvalidReportException e = assertThrows(InvalidReportException.class, () -> read(file), report.getKey());
            assertTrue(e.getMessage().startsWith(file + ":3: " + report.getKey() + " longer than "), e.getMessage());
        }
        // Plain text streams in pieces, and a large (not huge) CDATA section is read as before.
        Path text = Files.writeString(dir.resolve("text.xml"), head + "<system-out>" + huge + huge + "END</system-out>"
                + "<system-err><![CDATA[" + huge + "]]></system-err></testcase></testsuite>");
        assertEquals(1, read(text).size());
    }

    @Test
    void reportsInOtherEncodingsAreReadByTheirMarkOrDeclaration(@TempDir Path dir) throws Exception {
        String xml = "<testsuite name=\"s\"><testcase classname=\"a\" name=\"caf\u00e9\"/></testsuite>";
        Path utf16 = dir.resolve("utf16.xml");
        Files.write(utf16, ("<?xml version=\"1.0\" encoding=\"UTF-16\"?>" + xml).getBytes(java.nio.charset.StandardCharsets.UTF_16));
        Path latin1 = dir.resolve("latin1.xml");
        Files.write(latin1, ("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>" + xml).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        for (Path report : List.of(utf16, latin1)) {
            assertEquals("caf\u00e9", read(report).get(0).name(), report.toString());
        }
    }

    @Test
    void nestedSuitesNameTheInnermost(@TempDir Path dir) throws Exception {
        Path report = Files.writeString(dir.resolve("nested.xml"), "<testsuites><testsuite name=\"outer\"><testsuite name=\"inner\">"
                + "<testcase classname=\"a\" name=\"one\" time=\"1.5\"/></testsuite><testcase classname=\"a\" name=\"two\"/></testsuite></testsuites>");
        List<TestCase> cases = read(report);
        assertEquals(List.of("inner", "outer"), cases.stream().map(TestCase::suite).toList());
    }
}
