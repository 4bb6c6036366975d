package io.modelgate.testprojects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelgate.cli.CommandLineApp;
import io.modelgate.testbed.MlflowExtension;
import io.modelgate.testbed.MlflowServer;
import io.modelgate.testbed.PythonToolchain;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The document-classifier sample project through the real command line: its jobs on a real
 * Spark (spark-submit, Delta tables), its model in a real MLflow server, its pytest suites run
 * by the test stages. The model is trained once and made champion; the serving code must then
 * pass its tests against it, and a change to that code that alters predictions is caught.
 */
@Tag("e2e")
@ExtendWith(MlflowExtension.class)
class DocumentClassifierE2ETest {

    private static final String PROJECT = "test-projects/document-classifier";
    private static final String MODEL = "document-classifier";
    // The line of docclf/text.py the "refactoring" below removes.
    private static final String CASE_FOLDING = "    text = text.casefold()\n";

    @TempDir
    Path tmp;
    private Path project;
    private final Map<String, String> env = new HashMap<>();
    private String out;

    @Test
    void serving_code_is_gated_against_the_trained_once_champion(MlflowServer mlflow) throws Exception {
        PythonToolchain python = PythonToolchain.get();
        project = copyProject(python.repoRoot().resolve(PROJECT), tmp.resolve("document-classifier"));
        env.put("PATH", python.venv().resolve("bin") + ":" + System.getenv("PATH"));
        env.put("HOME", System.getProperty("user.home"));
        if (System.getenv("JAVA_HOME") != null) env.put("JAVA_HOME", System.getenv("JAVA_HOME"));
        env.put("SPARK_HOME", python.venv().resolve("lib/python3.11/site-packages/pyspark").toString());
        env.put("MLFLOW_TRACKING_URI", mlflow.uri());
        env.put("MODELGATE_LOCK_DIR", tmp.resolve("locks").toString());
        deltaJarsUnlessInstalled(python);

        // Train once, make it champion.
        assertEquals(0, run("spark-submit", "--job", "generate"), out);
        assertEquals(0, run("spark-submit", "--job", "train_once"), out);
        assertTrue(out.contains("registered document-classifier version 1"), out);
        assertEquals(0, run("validate-model", "--model", MODEL, "--candidate", "1"), out);
        // Its contract, in the serving code's environment (env: local, the python on PATH).
        assertEquals(0, run("check-model", "--model", MODEL, "--candidate", "1"), out);
        assertTrue(out.contains("passed: " + MODEL + " v1 (first model)"), out);
        assertEquals(0, run("promote-model", "--model", MODEL, "--version", "1", "--to", "champion"), out);

        // The code as committed passes both stages against that champion.
        assertEquals(0, run("unit-tests", "--fail-on-empty"), out);
        JsonNode unit = result();
        assertEquals("PASSED", unit.path("verdict").asText());
        assertEquals("29", output(unit, "total"));
        assertEquals("0", output(unit, "failed"));

        assertEquals(0, run("integration-tests", "--fail-on-empty"), out);
        JsonNode integration = result();
        assertEquals("PASSED", integration.path("verdict").asText(), out);
        assertEquals("17", output(integration, "total"));
        assertEquals("0", output(integration, "failed"));
        assertTrue(checkNames(integration, "PASSED").contains(
                "tests.integration.test_batch_inference.test_scored_just_now_by_the_champion"), integration.toString());
        // What the stage's batch_inference job wrote passes the table's declared checks.
        assertEquals(0, run("check-data", "--table", "predictions"), out);
        assertEquals("0", output(result(), "failed"));

        // A refactoring drops case folding: the champion now sees words it never learnt.
        Path text = project.resolve("docclf/text.py");
        String source = Files.readString(text);
        assertTrue(source.contains(CASE_FOLDING), "docclf/text.py no longer folds case as this test expects");
        Files.writeString(text, source.replace(CASE_FOLDING, ""));

        assertEquals(1, run("integration-tests", "--fail-on-empty"), out);
        JsonNode broken = result();
        assertEquals("FAILED", broken.path("verdict").asText());
        assertEquals("17", output(broken, "total"));
        List<String> failed = checkNames(broken, "FAILED");
        assertTrue(failed.contains("tests.integration.test_serving.test_golden_document[refund-twice]"), failed.toString());
        assertTrue(failed.contains("tests.integration.test_serving.test_held_out_accuracy_of_served_predictions"), failed.toString());
        assertEquals(String.valueOf(failed.size()), output(broken, "failed"));
        assertTrue(out.contains("test_golden_document[refund-twice]"), out);
        // The contract and the table checks still hold: it is the predictions that moved.
        assertTrue(checkNames(broken, "PASSED").contains("tests.integration.test_serving.test_output_contract"));
    }

    private int run(String... args) {
        List<String> command = new ArrayList<>(List.of(args));
        command.addAll(List.of("--env", "dev", "--output-dir", project.resolve("build/modelgate").toString()));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        long start = System.nanoTime();
        int exit = new CommandLineApp(env, print, print, project).run(command.toArray(String[]::new));
        out = String.join(" ", args) + " -> exit " + exit + "\n" + bytes.toString(StandardCharsets.UTF_8);
        // One line per step in the test's output: where the minutes of this test go.
        System.out.printf("document-classifier: %s -> exit %d in %.1f s%n", String.join(" ", args), exit,
                (System.nanoTime() - start) / 1e9);
        return exit;
    }

    private JsonNode result() throws IOException {
        return new ObjectMapper().readTree(project.resolve("build/modelgate/result.json").toFile());
    }

    private static String output(JsonNode result, String name) {
        return result.path("outputs").path(name).asText();
    }

    private static List<String> checkNames(JsonNode result, String verdict) {
        List<String> names = new ArrayList<>();
        result.path("checks").forEach(check -> {
            if (check.path("verdict").asText().equals(verdict)) names.add(check.path("name").asText());
        });
        return names;
    }

    /** The project as committed: no build output, caches or reports of earlier runs. */
    private static Path copyProject(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path relative = from.relativize(file);
                String first = relative.getNameCount() == 0 ? "" : relative.getName(0).toString();
                if (first.equals("build") || first.equals("spark-warehouse") || first.equals(".pytest_cache")
                        || relative.toString().contains("__pycache__")) continue;
                Path target = to.resolve(relative.toString());
                if (Files.isDirectory(file)) Files.createDirectories(target);
                else Files.copy(file, target);
            }
        }
        return to;
    }

    /**
     * Spark must find the Delta jars on its class path. Where the venv's pyspark does not carry
     * them, a spark-defaults.conf of this test (SPARK_CONF_DIR) names the jars
     * scripts/spark-jars.sh resolved, for the jobs and for pytest's own Spark session alike.
     */
    private void deltaJarsUnlessInstalled(PythonToolchain python) throws IOException, InterruptedException {
        Path installed = python.venv().resolve("lib/python3.11/site-packages/pyspark/jars");
        try (Stream<Path> jars = Files.list(installed)) {
            if (jars.anyMatch(jar -> jar.getFileName().toString().startsWith("delta-spark"))) return;
        }
        Process process = new ProcessBuilder("bash", python.script("scripts/spark-jars.sh").toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String jars = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!process.waitFor(20, TimeUnit.MINUTES) || process.exitValue() != 0 || jars.isEmpty()) {
            throw new IllegalStateException("scripts/spark-jars.sh failed");
        }
        Path conf = Files.createDirectories(tmp.resolve("spark-conf"));
        Files.writeString(conf.resolve("spark-defaults.conf"), "spark.jars " + jars + "\n");
        env.put("SPARK_CONF_DIR", conf.toString());
    }
}
