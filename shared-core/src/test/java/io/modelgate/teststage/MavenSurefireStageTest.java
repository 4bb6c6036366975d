package io.modelgate.teststage;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The unit-tests step running real Maven (offline) on a tiny JUnit 5 project with surefire's
 * own re-runs, and reading the surefire reports it writes: failed on every run, flaky, skipped.
 */
@Tag("e2e")
class MavenSurefireStageTest {

    @TempDir
    Path dir;

    @Test
    void surefireReportsWithRerunsGiveFailuresFlakyTestsAndSourceLines() throws Exception {
        copy(Path.of(getClass().getResource("/sample-projects/maven").toURI()), dir);
        StageRun stage = new StageRun(dir).config("""
                project: scoring
                tests:
                  unit:
                    command: "mvn -o -q -B -Dsurefire.rerunFailingTestsCount=1 test"
                    reports: "target/surefire-reports/TEST-*.xml"
                    timeout: 5m
                """).run("unit-tests");
        assertEquals(1, stage.exitCode, stage.toString());
        assertEquals("4", stage.output("total"));
        assertEquals("1", stage.output("failed"));
        assertEquals("1", stage.output("flaky"));
        assertEquals("1", stage.output("skipped"));
        JsonNode failure = stage.result().path("annotations").get(0);
        assertEquals("com.example.ScoringTest.rejectsNegativeAmounts", failure.path("title").asText());
        assertEquals("src/test/java/com/example/ScoringTest.java", failure.path("file").asText());
        assertEquals(21, failure.path("line").asInt());
        assertTrue(failure.path("message").asText().contains("(failed on all 2 runs)"), failure.toString());
        JsonNode flaky = stage.result().path("annotations").get(1);
        assertEquals("WARNING", flaky.path("level").asText());
        assertEquals(27, flaky.path("line").asInt());
        assertTrue(stage.result().path("checks").toString().contains("scoring -5.0"), "the failing test's output is kept");
    }

    private static void copy(Path from, Path to) throws IOException, URISyntaxException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) Files.createDirectories(target);
                else Files.copy(file, target);
            }
        }
    }
}
