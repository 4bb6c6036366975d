package io.modelgate.cli;

import io.modelgate.step.StepCatalogue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The messages of a user's first hour (issue 20): a misspelled step or option gets "did you mean",
 * help ends with where the docs are, modelgate.yaml is found from a subfolder with the reports next
 * to it, and a secret the environment names that is unset is exit 2 for every step that would use
 * it, on CI; locally only --allow-unset-secrets makes it a warning.
 */
class TeachingErrorsTest {

    private static final String CONFIG = """
            project: churn-model
            environments:
              dev:
                branches: ["feature/*"]
              staging:
                branches: [main]
                mlflow: { tracking_uri: "http://127.0.0.1:9", token_env: MLFLOW_STAGING_TOKEN }
            tests:
              unit:
                command: "mkdir -p build && printf '<testsuite><testcase classname=\\"t\\" name=\\"ok\\"/></testsuite>' > build/unit.xml"
                reports: "build/unit*.xml"
              integration:
                command: "mkdir -p build && printf '<testsuite><testcase classname=\\"t\\" name=\\"it\\"/></testsuite>' > build/it.xml"
                reports: "build/it.xml"
            """;

    @TempDir
    Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Map<String, String> env = new HashMap<>(Map.of("PATH", System.getenv("PATH")));

    private int run(Path workDir, String... args) {
        out.reset();
        err.reset();
        env.put("MODELGATE_LOCK_DIR", dir.resolve(".locks").toString());
        return new CommandLineApp(env, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), workDir)
                .run(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aMisspelledStepCommandOrOptionGetsDidYouMean() {
        assertEquals(2, run(dir, "unit-test"));
        assertEquals("modelgate: error: Unmatched argument at index 0: 'unit-test'; did you mean 'unit-tests'? (see 'modelgate --help')\n", err());
        assertEquals(2, run(dir, "unit-tests", "--fail-on-emty"));
        assertEquals("modelgate: error: Unknown option: '--fail-on-emty'; did you mean '--fail-on-empty'? (see 'modelgate unit-tests --help')\n", err());
        assertEquals(2, run(dir, "config", "valdate"));
        assertTrue(err().contains("'valdate'; did you mean 'validate'?"), err());
        assertEquals(2, run(dir, "unit-tests", "--retry", "2"));
        assertTrue(err().contains("; did you mean '--retries'?"), err());
        // Nothing close: no guess.
        assertEquals(2, run(dir, "deploy-model"));
        assertFalse(err().contains("did you mean"), err());
    }

    @Test
    void aMisspelledParameterInAParamsDocumentGetsDidYouMeanToo() throws Exception {
        Files.writeString(dir.resolve("modelgate.yaml"), CONFIG);
        Files.writeString(dir.resolve("params.json"), "{\"fail-on-emtpy\": true}");
        assertEquals(2, run(dir, "unit-tests", "--params-file", "params.json"));
        assertTrue(err().contains("unknown parameter --fail-on-emtpy for step unit-tests (known: --shard, --retries, --fail-on-empty, --timeout); "
                + "did you mean '--fail-on-empty'?"), err());
    }

    @Test
    void helpEndsWithTheDocsAddress() {
        assertEquals(0, run(dir, "--help"));
        assertTrue(out().endsWith("Documentation: " + StepCatalogue.DOCS + System.lineSeparator()), out());
        assertEquals(0, run(dir, "unit-tests", "--help"));
        assertTrue(out().endsWith("Documentation: " + StepCatalogue.DOCS + "steps/unit-tests.md" + System.lineSeparator()), out());
        assertEquals(0, run(dir, "config", "validate", "--help"));
        assertTrue(out().endsWith("Documentation: " + StepCatalogue.DOCS + System.lineSeparator()), out());
    }

    @Test
    void fromASubfolderTheFileAboveIsUsedAndTheReportsGoNextToIt() throws Exception {
        Files.createDirectories(dir.resolve(".git"));
        Files.writeString(dir.resolve("modelgate.yaml"), CONFIG);
        Path subfolder = Files.createDirectories(dir.resolve("src/churn"));

        assertEquals(0, run(subfolder, "unit-tests", "--env", "dev"), err());
        assertTrue(Files.isRegularFile(dir.resolve("build/modelgate/result.json")));
        assertTrue(Files.isRegularFile(dir.resolve("build/unit.xml")), "the command ran in the project's folder");
        assertFalse(Files.exists(subfolder.resolve("build")), "nothing lands in the subfolder");

        // --config naming the folder: the same.
        Files.delete(dir.resolve("build/modelgate/result.json"));
        assertEquals(0, run(subfolder, "unit-tests", "--env", "dev", "--config", "../.."), err());
        assertTrue(Files.isRegularFile(dir.resolve("build/modelgate/result.json")));
        assertFalse(Files.exists(subfolder.resolve("build")));

        // An output folder given explicitly is where the user typed it.
        assertEquals(0, run(subfolder, "unit-tests", "--env", "dev", "--output-dir", "reports"), err());
        assertTrue(Files.isRegularFile(subfolder.resolve("reports/result.json")));
    }

    @Test
    void theSearchStopsAtTheRootOfTheRepository() throws Exception {
        Files.writeString(dir.resolve("modelgate.yaml"), CONFIG);
        Path repository = Files.createDirectories(dir.resolve("other-repo"));
        Files.createDirectories(repository.resolve(".git"));
        assertEquals(2, run(repository, "config", "validate"));
        assertTrue(err().startsWith("modelgate: error: " + repository.resolve("modelgate.yaml") + ": not found; create a modelgate.yaml "
                + "(modelgate init writes one) or pass --config PATH"), err());
    }

    @Test
    void onCiAnUnsetSecretOfTheEnvironmentIsExit2InEveryStepThatWouldUseIt() throws Exception {
        Files.writeString(dir.resolve("modelgate.yaml"), CONFIG);
        env.putAll(Map.of("GITHUB_ACTIONS", "true", "GITHUB_REF_NAME", "main", "GITHUB_SHA", "0123456789abcdef0123456789abcdef01234567"));

        // The same answer config validate --env gives.
        assertEquals(2, run(dir, "config", "validate", "--env", "staging"));
        String expected = "modelgate: error: modelgate.yaml:7: environments.staging.mlflow.token_env: environment variable MLFLOW_STAGING_TOKEN is not set\n";
        assertEquals(expected, err());
        assertEquals(2, run(dir, "integration-tests", "--env", "staging"));
        assertEquals(expected, err());
        assertFalse(Files.exists(dir.resolve("build/it.xml")), "nothing ran");
        assertEquals(2, run(dir, "validate-model", "--model", "churn", "--env", "staging"));
        assertTrue(err().contains("MLFLOW_STAGING_TOKEN is not set"), err());
        // The flag is for local runs: on CI it changes nothing.
        assertEquals(2, run(dir, "integration-tests", "--env", "staging", "--allow-unset-secrets"));
        assertEquals(expected, err());
        // unit-tests never uses the token: it runs.
        assertEquals(0, run(dir, "unit-tests", "--env", "staging"), err());
    }

    @Test
    void locallyAnUnsetSecretIsExit2UnlessTheFlagMakesItAWarning() throws Exception {
        Files.writeString(dir.resolve("modelgate.yaml"), CONFIG);
        assertEquals(2, run(dir, "integration-tests", "--env", "staging"));
        assertEquals("modelgate: error: modelgate.yaml:7: environments.staging.mlflow.token_env: environment variable MLFLOW_STAGING_TOKEN "
                + "is not set (export it; to run locally without it, pass --allow-unset-secrets)\n", err());

        assertEquals(0, run(dir, "integration-tests", "--env", "staging", "--allow-unset-secrets"), err());
        assertTrue(err().startsWith("modelgate: warning: modelgate.yaml:7: environments.staging.mlflow.token_env: environment variable "
                + "MLFLOW_STAGING_TOKEN is not set; going on without it (--allow-unset-secrets)\n"), err());
        assertTrue(out().contains("PASSED  integration-tests: 1 tests passed"), out());

        env.put("MLFLOW_STAGING_TOKEN", "a-staging-token");
        assertEquals(0, run(dir, "integration-tests", "--env", "staging"), err());
        assertFalse(out().contains("a-staging-token"));
    }
}
