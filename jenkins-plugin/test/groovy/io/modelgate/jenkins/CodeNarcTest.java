package io.modelgate.jenkins;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CodeNarc 3.5.0 with its Jenkins rules (codenarc/jenkins-library.xml, widened to vars/ and src/)
 * finds no CPS mistake in the library or the example Jenkinsfiles, and does find them in a
 * library written with those mistakes. CodeNarc runs on Groovy 3, so it runs in its own JVM.
 */
class CodeNarcTest {

    private static final Path LIBRARY = LibraryRoot.PATH;
    private static final Path TEMPLATES = LIBRARY.resolveSibling("pipeline-templates").resolve("jenkins");

    @TempDir
    Path dir;

    record Violation(String rule, String file, String line) {
    }

    @Test
    void theLibraryHasNoCpsMistake() throws Exception {
        List<String> files;
        try (Stream<Path> all = Stream.concat(Files.walk(LIBRARY.resolve("vars")), Files.walk(LIBRARY.resolve("src")))) {
            files = all.filter(p -> p.toString().endsWith(".groovy")).map(p -> LIBRARY.relativize(p).toString()).sorted().toList();
        }
        Document report = codeNarc(LIBRARY, "vars/*.groovy,src/**/*.groovy");

        assertEquals(List.of(), violations(report));
        assertEquals(files.size(), analysedFiles(report), "every file of " + files + " was analysed");
    }

    @Test
    void theExampleJenkinsfilesHaveNoCpsMistake() throws Exception {
        Document report = codeNarc(TEMPLATES, "*.Jenkinsfile");

        assertEquals(List.of(), violations(report));
        try (Stream<Path> all = Files.list(TEMPLATES)) {
            assertEquals(all.filter(p -> p.toString().endsWith(".Jenkinsfile")).count(), analysedFiles(report));
        }
    }

    @Test
    void theMinimalJenkinsfileHasNoCpsMistake() throws Exception {
        Document report = codeNarc(TEMPLATES.resolveSibling("minimal"), "Jenkinsfile");

        assertEquals(List.of(), violations(report));
        assertEquals(1, analysedFiles(report));
    }

    @Test
    void cpsMistakesAreFound() throws Exception {
        Path fixture = Path.of(getClass().getResource("/cps-mistakes").toURI());

        List<Violation> found = violations(codeNarc(fixture, "vars/*.groovy,src/**/*.groovy"));

        List<String> rules = found.stream().map(v -> v.rule() + " " + v.file()).distinct().sorted().toList();
        assertTrue(rules.contains("ClassNotSerializable src/io/example/Promotion.groovy"), found.toString());
        assertTrue(rules.contains("ClosureInGString vars/deployModel.groovy"), found.toString());
        assertTrue(rules.contains("ExpressionInCpsMethodNotSerializable src/io/example/Deployment.groovy"), found.toString());
    }

    private Document codeNarc(Path baseDir, String includes) throws Exception {
        Path target = LIBRARY.resolve("target");
        String classpath = String.join(File.pathSeparator, target.resolve("codenarc/*").toString(), target.resolve("library-classes").toString());
        Path xml = dir.resolve("codenarc.xml");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, "org.codenarc.CodeNarc",
                "-basedir=" + baseDir,
                "-includes=" + includes,
                "-rulesetfiles=file:" + LIBRARY.resolve("codenarc/jenkins-library.xml"),
                "-report=xml:" + xml)
                .redirectErrorStream(true).redirectOutput(dir.resolve("codenarc.log").toFile()).start();
        int exit = process.waitFor();
        String log = Files.readString(dir.resolve("codenarc.log"));
        assertEquals(0, exit, log);
        assertTrue(!log.contains("Compilation failed") && !log.contains("ERROR"), log);
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
    }

    private static int analysedFiles(Document report) {
        Element summary = (Element) report.getElementsByTagName("PackageSummary").item(0);
        return Integer.parseInt(summary.getAttribute("totalFiles"));
    }

    private static List<Violation> violations(Document report) {
        List<Violation> found = new ArrayList<>();
        NodeList packages = report.getElementsByTagName("Package");
        for (int p = 0; p < packages.getLength(); p++) {
            Element pkg = (Element) packages.item(p);
            NodeList files = pkg.getElementsByTagName("File");
            for (int f = 0; f < files.getLength(); f++) {
                Element file = (Element) files.item(f);
                String path = (pkg.getAttribute("path").isEmpty() ? "" : pkg.getAttribute("path") + "/") + file.getAttribute("name");
                NodeList violations = file.getElementsByTagName("Violation");
                for (int v = 0; v < violations.getLength(); v++) {
                    Element violation = (Element) violations.item(v);
                    found.add(new Violation(violation.getAttribute("ruleName"), path, violation.getAttribute("lineNumber")));
                }
            }
        }
        return found;
    }
}
