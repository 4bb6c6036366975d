package io.modelgate.init;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.modelgate.cli.CommandLineApp;
import io.modelgate.testbed.SampleProjects;
import io.modelgate.testbed.SampleProjects.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code modelgate init} on a matrix of project shapes: what it finds, what it writes (each
 * modelgate.yaml passes {@code config validate}, in staging too with a model), one ModelGate version
 * everywhere, no overwrite, the dry run, the upgrade. actionlint on the workflows: {@link InitLintTest};
 * the Jenkinsfiles in the simulated Pipeline: jenkins-plugin's StarterJenkinsfilesTest.
 */
class InitTest {

    @TempDir
    Path dir;
    private final Map<String, String> env = new HashMap<>(Map.of("PATH", System.getenv("PATH")));
    private String out;
    private String err;

    private int run(Path workDir, String... args) {
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        int code = new CommandLineApp(env, new PrintStream(outBytes, true, StandardCharsets.UTF_8),
                new PrintStream(errBytes, true, StandardCharsets.UTF_8), workDir).run(args);
        out = outBytes.toString(StandardCharsets.UTF_8);
        err = errBytes.toString(StandardCharsets.UTF_8);
        return code;
    }

    private static String read(Path project, String file) throws Exception {
        return Files.readString(project.resolve(file));
    }

    private static JsonNode yaml(Path project, String file) throws Exception {
        return new YAMLMapper().readTree(project.resolve(file).toFile());
    }

    /** The steps of a workflow's job, as "uses" or "run: ..." texts. */
    private static List<String> steps(JsonNode workflow, String job) {
        List<String> steps = new ArrayList<>();
        workflow.path("jobs").path(job).path("steps").forEach(s -> steps.add(s.has("uses") ? s.path("uses").asText() : "run: " + s.path("run").asText()));
        return steps;
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void theFilesInitWritesValidateAndReferenceOneVersion(Shape shape) throws Exception {
        Path project = SampleProjects.write(shape, dir.resolve(shape.name().toLowerCase()));

        assertEquals(0, run(project, "init", "--suite-version", "v1.4.2"), err);
        String written = out;
        assertTrue(written.contains("wrote modelgate.yaml\nwrote .github/workflows/modelgate.yml\nwrote Jenkinsfile\n"), written);
        assertEquals(0, run(project, "config", "validate"), err);
        assertTrue(out.startsWith("modelgate.yaml is valid: project " + shape.name().toLowerCase() + ", 0 environments"), out);

        String workflow = read(project, StarterFiles.WORKFLOW);
        String jenkinsfile = read(project, StarterFiles.JENKINSFILE);
        assertEquals(Set.of("v1.4.2"), SuiteVersion.referenced(workflow));
        assertEquals(Set.of("v1.4.2"), SuiteVersion.referenced(jenkinsfile));
        assertTrue(jenkinsfile.contains("@Library('modelgate@v1.4.2') _\n"), jenkinsfile);
        assertTrue(jenkinsfile.contains("modelgateUnitTests(failOnEmpty: true)"), jenkinsfile);

        JsonNode parsed = yaml(project, StarterFiles.WORKFLOW);
        assertEquals("main", parsed.path("on").path("pull_request").path("branches").get(0).asText());
        List<String> steps = steps(parsed, "unit-tests");
        assertEquals("OWNER/REPO/actions-runner/unit-tests@v1.4.2", steps.get(steps.size() - 1));
        assertEquals("true", parsed.path("jobs").path("unit-tests").path("steps").get(steps.size() - 1).path("with").path("fail-on-empty").asText());
        assertFalse(parsed.path("jobs").has("validate-model"), "unit tests only until a model is added");

        JsonNode unit = yaml(project, "modelgate.yaml").path("tests").path("unit");
        switch (shape) {
            case PYTEST_REQUIREMENTS -> {
                assertEquals("pytest tests/unit --junitxml=build/unit.xml", unit.path("command").asText());
                assertEquals(List.of("actions/checkout@v4", "actions/setup-python@v5", "run: pip install -r requirements.txt",
                        "OWNER/REPO/actions-runner/setup@v1.4.2", "OWNER/REPO/actions-runner/unit-tests@v1.4.2"), steps);
                assertTrue(jenkinsfile.contains("sh 'python3 -m venv .venv && .venv/bin/pip install -r requirements.txt'"), jenkinsfile);
            }
            case PYTEST_PYPROJECT -> {
                assertEquals("pytest tests --junitxml=build/unit.xml", unit.path("command").asText());
                assertTrue(steps.contains("run: pip install -e ."), steps.toString());
                assertEquals("3.12", parsed.path("jobs").path("unit-tests").path("steps").get(1).path("with").path("python-version").asText());
            }
            case PYTEST_BARE -> {
                assertEquals("pytest --junitxml=build/unit.xml", unit.path("command").asText());
                assertTrue(steps.contains("run: pip install pytest"), "pytest is declared nowhere, so CI installs it: " + steps);
            }
            case PYTEST_MLFLOW -> assertTrue(read(project, "modelgate.yaml").replace("\n# ", " ").contains(
                    "This project uses MLflow (jobs/train.py). To gate its model too: modelgate init --with model:churn --dry-run\n"));
            case MAVEN -> {
                assertEquals("./mvnw -B test", unit.path("command").asText());
                assertEquals("target/surefire-reports/TEST-*.xml", unit.path("reports").asText());
                assertEquals(List.of("actions/checkout@v4", "OWNER/REPO/actions-runner/setup@v1.4.2", "OWNER/REPO/actions-runner/unit-tests@v1.4.2"), steps);
            }
            case GRADLE -> {
                assertEquals("./gradlew test", unit.path("command").asText());
                assertEquals("build/test-results/test/TEST-*.xml", unit.path("reports").asText());
            }
            case JEST -> {
                assertEquals("npx jest --ci --reporters=default --reporters=jest-junit", unit.path("command").asText());
                assertEquals("build/test-results", unit.path("env").path("JEST_JUNIT_OUTPUT_DIR").asText());
                assertEquals(List.of("actions/checkout@v4", "actions/setup-node@v4", "run: npm ci",
                        "OWNER/REPO/actions-runner/setup@v1.4.2", "OWNER/REPO/actions-runner/unit-tests@v1.4.2"), steps);
                assertEquals("18", parsed.path("jobs").path("unit-tests").path("steps").get(1).path("with").path("node-version").asText());
                assertFalse(written.contains("note:"), written);
            }
            case JEST_WITHOUT_REPORTER -> assertTrue(written.contains("note: add Jest's JUnit reporter, which writes the report: "
                    + "npm install --save-dev jest-junit\n"), written);
        }

        // Never overwrites: a second run writes nothing and says why.
        Files.writeString(project.resolve("Jenkinsfile"), "// mine\n");
        assertEquals(2, run(project, "init"));
        assertEquals("modelgate: error: init would overwrite modelgate.yaml, .github/workflows/modelgate.yml, Jenkinsfile: nothing was written; "
                + "move them aside, or print what init would write with --dry-run\n", err);
        assertEquals("// mine\n", read(project, "Jenkinsfile"));
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void withAModelTheConfigurationValidatesInStagingAndTheFilesValidateAndPromoteIt(Shape shape) throws Exception {
        Path project = SampleProjects.write(shape, dir.resolve(shape.name().toLowerCase()));

        assertEquals(0, run(project, "init", "--with", "model:churn", "--actions-repo", "acme/modelgate"), err);
        assertEquals(0, run(project, "config", "validate"), err);
        assertTrue(out.contains("2 environments (dev, staging), 1 model"), out);
        assertEquals(2, run(project, "config", "validate", "--env", "staging"));
        assertTrue(err.contains("environments.staging.mlflow.token_env: environment variable MLFLOW_STAGING_TOKEN is not set"), err);
        env.put("MLFLOW_STAGING_TOKEN", "a-staging-token");
        assertEquals(0, run(project, "config", "validate", "--env", "staging"), err);

        JsonNode workflow = yaml(project, StarterFiles.WORKFLOW);
        assertEquals("main", workflow.path("on").path("push").path("branches").get(0).asText());
        JsonNode validate = workflow.path("jobs").path("validate-model");
        assertEquals("staging", validate.path("environment").asText());
        assertEquals("modelgate-staging", validate.path("concurrency").path("group").asText());
        JsonNode step = validate.path("steps").get(2);
        assertEquals("acme/modelgate/actions-runner/validate-model@main", step.path("uses").asText());
        assertEquals("churn", step.path("with").path("model").asText());
        assertEquals("champion", step.path("with").path("promote-on-pass").asText());
        assertEquals("${{ secrets.MLFLOW_STAGING_TOKEN }}", step.path("env").path("MLFLOW_STAGING_TOKEN").asText());
        String jenkinsfile = read(project, StarterFiles.JENKINSFILE);
        assertTrue(jenkinsfile.contains("modelgateValidateModel(model: 'churn', environment: 'staging', promoteOnPass: 'champion',\n"
                + "                        credentials: [MLFLOW_STAGING_TOKEN: 'mlflow-staging-token'])"), jenkinsfile);
        assertEquals(Set.of("main"), SuiteVersion.referenced(read(project, StarterFiles.WORKFLOW)));

        JsonNode model = yaml(project, "modelgate.yaml").path("models").path("churn");
        if (shape == Shape.PYTEST_MLFLOW) {
            // What the training code says: the metric it logs (a loss: lower is better) and its tracking server.
            assertEquals("false", model.path("validation").path("metrics").path("val_loss").path("greater_is_better").asText());
            assertTrue(read(project, "modelgate.yaml").contains("tracking_uri: \"https://mlflow.acme.example\""));
        } else {
            assertEquals("true", model.path("validation").path("metrics").path("accuracy").path("greater_is_better").asText());
        }
    }

    @Test
    void theDefaultBranchIsTheOneTheRemotesHeadNames() throws Exception {
        Path project = SampleProjects.write(Shape.PYTEST_REQUIREMENTS, dir.resolve("trunk-based"));
        SampleProjects.git(project, "git@github.com:acme/trunk-based.git", "trunk");

        assertEquals(0, run(project, "init", "--with", "model:churn"), err);
        assertTrue(out.startsWith("found: pytest (tests/unit, requirements.txt); git remote git@github.com:acme/trunk-based.git, default branch trunk\n"), out);
        JsonNode workflow = yaml(project, StarterFiles.WORKFLOW);
        assertEquals("trunk", workflow.path("on").path("pull_request").path("branches").get(0).asText());
        assertEquals("trunk", yaml(project, "modelgate.yaml").path("environments").path("staging").path("branches").get(0).asText());
        assertTrue(read(project, "Jenkinsfile").contains("when { branch 'trunk' }"));
    }

    @Test
    void aDryRunPrintsTheFilesAndWritesNothing() throws Exception {
        Path project = SampleProjects.write(Shape.MAVEN, dir.resolve("scoring"));
        assertEquals(0, run(project, "init", "--dry-run"), err);
        assertTrue(out.contains("\n==> modelgate.yaml <==\n# Written by modelgate init"), out);
        assertTrue(out.contains("\n==> .github/workflows/modelgate.yml <==\n"), out);
        assertTrue(out.contains("\n==> Jenkinsfile <==\n"), out);
        assertTrue(out.endsWith("(--dry-run: nothing written)\n"), out);
        assertFalse(Files.exists(project.resolve("modelgate.yaml")));
        assertFalse(Files.exists(project.resolve(".github")));
        assertFalse(Files.exists(project.resolve("Jenkinsfile")));
    }

    @Test
    void upgradeMovesEveryReferenceToTheNewVersionAndLeavesTheRest() throws Exception {
        Path project = SampleProjects.write(Shape.PYTEST_REQUIREMENTS, dir.resolve("churn"));
        assertEquals(0, run(project, "init", "--with", "model:churn", "--suite-version", "1.0.0"), err);
        String workflow = read(project, StarterFiles.WORKFLOW);
        assertEquals(Set.of("v1.0.0"), SuiteVersion.referenced(workflow));
        // The user's own edits stay.
        Files.writeString(project.resolve(StarterFiles.WORKFLOW), workflow + "  lint:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n");
        String config = read(project, "modelgate.yaml");

        assertEquals(0, run(project, "init", "--upgrade", "--suite-version", "v1.1.0", "--dry-run"), err);
        assertEquals("would upgrade .github/workflows/modelgate.yml: v1.0.0 -> v1.1.0\nwould upgrade Jenkinsfile: v1.0.0 -> v1.1.0\n", out);
        assertEquals(Set.of("v1.0.0"), SuiteVersion.referenced(read(project, StarterFiles.WORKFLOW)));

        assertEquals(0, run(project, "init", "--upgrade", "--suite-version", "v1.1.0"), err);
        assertEquals("upgraded .github/workflows/modelgate.yml: v1.0.0 -> v1.1.0\nupgraded Jenkinsfile: v1.0.0 -> v1.1.0\n", out);
        String upgraded = read(project, StarterFiles.WORKFLOW);
        assertEquals(workflow.replace("@v1.0.0", "@v1.1.0") + "  lint:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n", upgraded);
        assertTrue(read(project, "Jenkinsfile").contains("@Library('modelgate@v1.1.0') _"));
        assertEquals(config, read(project, "modelgate.yaml"), "the configuration is not the version's business");

        assertEquals(0, run(project, "init", "--upgrade", "--suite-version", "v1.1.0"), err);
        assertEquals(".github/workflows/modelgate.yml: already at v1.1.0\nJenkinsfile: already at v1.1.0\n", out);
    }

    @Test
    void withoutARunnerItKnowsInitSaysWhatItLooksFor() {
        assertEquals(2, run(dir, "init"));
        assertTrue(err.startsWith("modelgate: error: init found no test runner it knows in " + dir + " (pytest: requirements.txt, pyproject.toml, "
                + "setup.py or pytest.ini; Maven: pom.xml; Gradle: build.gradle; Jest: package.json using jest): run it at the root of the project"), err);
        assertEquals(2, run(dir, "init", "--upgrade"));
        assertTrue(err.startsWith("modelgate: error: nothing to upgrade: no .github/workflows/modelgate.yml or Jenkinsfile in "), err);
    }

    @Test
    void badChoicesAreUsageErrorsNamingTheOption() {
        Path project = SampleProjects.write(Shape.MAVEN, dir.resolve("scoring"));
        assertEquals(2, run(project, "init", "--with", "churn"));
        assertEquals("modelgate: error: --with: expected model:NAME (the registered model's name), got \"churn\"\n", err);
        assertEquals(2, run(project, "init", "--suite-version", "v1..2"));
        assertEquals("modelgate: error: --suite-version: expected a release (v1.2.0), a branch or a commit, got \"v1..2\"\n", err);
        assertEquals(2, run(project, "init", "--actions-repo", "modelgate"));
        assertEquals("modelgate: error: --actions-repo: expected owner/name of a GitHub repository, got \"modelgate\"\n", err);
        assertEquals(2, run(project, "init", "--upgrade", "--with", "model:churn"));
        assertEquals("modelgate: error: --upgrade only moves the version; --with adds files: run them apart\n", err);
        assertFalse(Files.exists(project.resolve("modelgate.yaml")));
    }

    @Test
    void aDevelopmentBuildReferencesMainAndAReleaseItsTag() {
        assertEquals("main", SuiteVersion.ofJar("0.1.0-SNAPSHOT"));
        assertEquals("main", SuiteVersion.ofJar("dev"));
        assertEquals("v1.2.0", SuiteVersion.ofJar("1.2.0"));
        assertEquals("v1.2.0", SuiteVersion.normalize("1.2.0"));
        assertEquals("feature/faster-setup", SuiteVersion.normalize("feature/faster-setup"));
    }
}
