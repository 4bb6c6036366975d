package io.modelgate.teststage;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The unit-tests step running real pytest on a small project and reading the junitxml it writes. */
@Tag("e2e")
class PytestStageTest {

    private static final String TESTS = """
            import os
            import pytest

            def impute(rows):
                return [r if r is not None else 0 for r in rows]

            def test_imputes_nulls():
                assert impute([1, None]) == [1, 0]

            def test_keeps_the_row_count():
                rows = impute([None, None, 3])
                assert len(rows) == 2, "row count changed"

            @pytest.fixture
            def feature_store():
                raise ConnectionError("feature store unreachable")

            def test_reads_features(feature_store):
                pass

            @pytest.mark.skip(reason="needs a GPU")
            def test_on_gpu():
                pass

            @pytest.mark.xfail(reason="known drift bug")
            def test_drift():
                assert False

            @pytest.mark.parametrize("n", [1, 2, 3])
            def test_positive(n):
                assert n > 0
            """;

    private static String python;

    @TempDir
    Path dir;

    @BeforeAll
    static void findPython() throws Exception {
        python = PythonForTests.python();
    }

    private StageRun project(String tests, String extra) {
        StageRun stage = new StageRun(dir);
        stage.write("tests/test_scoring.py", tests);
        stage.config("project: demo\ntests:\n  unit:\n    command: \"" + python + " -m pytest -q tests --junitxml=build/unit.xml\"\n"
                + "    reports: build/unit.xml\n" + extra);
        return stage;
    }

    @Test
    void failuresErrorsSkipsAndParametrizedCasesFromARealPytestRun() {
        StageRun stage = project(TESTS, "").run("unit-tests");
        assertEquals(1, stage.exitCode, stage.toString());
        assertEquals("8", stage.output("total"));
        assertEquals("2", stage.output("failed"));
        assertEquals("2", stage.output("skipped"));
        JsonNode annotations = stage.result().path("annotations");
        JsonNode rowCount = null;
        for (JsonNode a : annotations) if (a.path("title").asText().endsWith("test_keeps_the_row_count")) rowCount = a;
        assertTrue(rowCount != null, annotations.toString());
        assertEquals("tests/test_scoring.py", rowCount.path("file").asText());
        assertEquals(12, rowCount.path("line").asInt());
        assertTrue(rowCount.path("message").asText().contains("row count changed"), rowCount.toString());
        assertTrue(annotations.toString().contains("feature store unreachable"), annotations.toString());
        assertTrue(stage.out.contains("1 failed, 4 passed, 1 skipped, 1 xfailed, 1 error"), "pytest's output streams live: " + stage.out);
    }

    @Test
    void aRetryReRunsOnlyTheFailedTestsAndReportsThemFlaky() {
        String flaky = """
                import pathlib

                def test_stable():
                    pass

                def test_other_stable():
                    pass

                def test_warms_up():
                    marker = pathlib.Path("warmed")
                    first = not marker.exists()
                    marker.touch()
                    assert not first, "cold cache"
                """;
        StageRun stage = project(flaky, "").run("unit-tests", "--retries", "1");
        assertEquals(0, stage.exitCode, stage.toString());
        assertEquals("1", stage.output("flaky"));
        assertEquals("3", stage.output("total"));
        assertTrue(stage.out.contains("--last-failed"), stage.out);
        assertTrue(stage.out.matches("(?s).*re-run 1 of 1: [^\n]*--last-failed.*\n1 passed in .*"), "only the failed test re-ran: " + stage.out);
    }

    @Test
    void shardsRunTheirShareOfTheTestFiles() {
        StageRun stage = new StageRun(dir);
        for (int i = 1; i <= 4; i++) stage.write("tests/test_part" + i + ".py", "def test_" + i + "():\n    pass\n");
        stage.config("project: demo\ntests:\n  unit:\n    command: \"" + python + " -m pytest -q {files} --junitxml=build/unit.xml\"\n"
                + "    reports: build/unit.xml\n    files: \"tests/test_*.py\"\n");
        stage.run("unit-tests", "--shard", "1/2");
        assertEquals(0, stage.exitCode, stage.toString());
        assertEquals("2", stage.output("total"));
        assertTrue(stage.result().path("checks").toString().contains("test_part3"), stage.result().path("checks").toString());
    }
}
