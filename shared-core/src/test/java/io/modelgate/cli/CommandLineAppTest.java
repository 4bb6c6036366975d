package io.modelgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

class CommandLineAppTest {

    private static final String CONFIG = """
            project: demo
            mlflow:
              tracking_uri: http://127.0.0.1:5000
              token_env: DEMO_MLFLOW_TOKEN
            environments:
              staging: { branches: [main] }
              prod:
                branches: ["release/*"]
                mlflow: { tracking_uri: http://mlflow.prod, token_env: DEMO_PROD_TOKEN }
            models:
              fraud: {}
            """;

    @TempDir
    Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Map<String, String> env = new HashMap<>();

    private int run(String... args) {
        return new CommandLineApp(env, new PrintStream(out, true), new PrintStream(err, true), dir).run(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void versionPrintsTheVersion() {
        assertEquals(0, run("--version"));
        assertTrue(out().startsWith("modelgate "), out());
    }

    @Test
    void unknownStepIsAUsageError() {
        assertEquals(2, run("deploy-model"));
        assertEquals("modelgate: error: Unmatched argument at index 0: 'deploy-model' (see 'modelgate --help')\n", err());
    }

    @Test
    void unknownOptionIsAUsageError() throws Exception {
        Files.writeString(dir.resolve("modelgate.yaml"), CONFIG);
        assertEquals(2, run("promote-model", "--model", "fraud", "--colour", "red"));
        assertEquals("modelgate: error: Unknown options: '--colour', 'red' (see 'modelgate promote-model --help')\n", err());
    }

    @Test
    void aUsageErrorOfAStepStillWritesAnErrorResult() throws Exception {
        Files.writeString(dir.resolve("modelgate.yaml"), CONFIG);
        // Refused before any service is called: the reports say why, for CI front ends to show.
        env.put("DEMO_MLFLOW_TOKEN", "demo-token-value");
        int code = run("validate-model", "--model", "fraud", "--candidate", "newest", "--env", "staging");
        assertEquals(2, code);
        assertEquals("modelgate: error: --candidate: expected a version number, latest, run:<id>, alias:<name> or stage:<name>, got \"newest\"\n", err());
        JsonNode result = new ObjectMapper().readTree(dir.resolve("build/modelgate/result.json").toFile());
        assertEquals("ERROR", result.get("verdict").asText());
        assertEquals(2, result.get("exit_code").asInt());
        assertTrue(Files.readString(dir.resolve("build/modelgate/junit-validate-model.xml")).contains("<error message=\"--candidate: expected a version number"));
    }

    @Test
    void missingRequiredParameterNamesIt() throws Exception {
        Files.writeString(dir.resolve("modelgate.yaml"), CONFIG);
        assertEquals(2, run("check-data", "--env", "staging"));
        assertTrue(err().contains("step check-data needs --table"), err());
    }

    @Test
    void paramsFileIsReadAndFlagsWinOverIt() throws Exception {
        Files.writeString(dir.resolve("modelgate.yaml"), CONFIG);
        Files.writeString(dir.resolve("params.json"), "{\"table\": \"features\", \"version\": \"x\"}");
        // The document's version is not an integer: the error proves the document was read...
        assertEquals(2, run("check-data", "--params-file", "params.json", "--env", "staging"));
        assertTrue(err().contains("--version: expected an integer, got \"x\""), err());
        err.reset();
        // ...and a flag overrides it, so parameters check out and the step itself answers.
        assertEquals(2, run("check-data", "--params-file", "params.json", "--version", "3", "--env", "staging"));
        assertTrue(err().contains("table \"features\" is not declared under tables:"), err());
    }

    @Test
    void paramsFileAcceptsCamelCaseNamesAsJenkinsWritesThem() throws Exception {
        Files.writeString(dir.resolve("modelgate.yaml"), CONFIG);
        Files.writeString(dir.resolve("params.json"), "{\"model\": \"fraud\", \"version\": \"1\", \"to\": \"champion\", \"dryRun\": \"maybe\"}");
        assertEquals(2, run("promote-model", "--params-file", "params.json", "--env", "staging"));
        assertTrue(err().contains("--dry-run: expected true or false, got \"maybe\""), err());
    }

    @Test
    void jsonFormatPrintsTheResultDocument() throws Exception {
        Files.writeString(dir.resolve("modelgate.yaml"), CONFIG);
        assertEquals(2, run("check-data", "--table", "t", "--env", "staging", "--format", "json", "--output-dir", "out"));
        JsonNode printed = new ObjectMapper().readTree(out());
        assertEquals("check-data", printed.get("step").asText());
        assertTrue(Files.exists(dir.resolve("out/result.json")));
    }

    @Test
    void configErrorsAreExitTwoWithFileAndLine() throws Exception {
        Files.writeString(dir.resolve("modelgate.yaml"), "project: demo\nmodels:\n  fraud:\n    registry: tags\n");
        assertEquals(2, run("promote-model", "--model", "fraud", "--version", "1", "--to", "champion"));
        assertEquals("modelgate: error: modelgate.yaml:4: models.fraud.registry: expected one of aliases, stages, got \"tags\"\n", err());
    }

    @Test
    void missingConfigFileSaysWhereItLooked() {
        assertEquals(2, run("config", "validate"));
        assertTrue(err().contains("modelgate.yaml: not found; create a modelgate.yaml (modelgate init writes one) or pass --config PATH"), err());
    }

    @Test
    void environmentIsDerivedFromTheCiBranch() throws Exception {
        Files.writeString(dir.resolve("modelgate.yaml"), CONFIG);
        env.put("GITHUB_ACTIONS", "true");
        env.put("GITHUB_REF_NAME", "release/2.1");
        env.put("GITHUB_SHA", "abc123");
        assertEquals(0, run("config", "show"));
        assertTrue(out().startsWith("environment: prod\n"), out());
        assertTrue(out().contains("tracking_uri: http://mlflow.prod"), out());
    }

    @Test
    void aPullRequestRunsInItsTargetBranchEnvironment() throws Exception {
        Files.writeString(dir.resolve("modelgate.yaml"), CONFIG);
        env.put("JENKINS_URL", "http://jenkins");
        env.put("BRANCH_NAME", "PR-12");
        env.put("CHANGE_BRANCH", "feature/new-features");
        env.put("CHANGE_TARGET", "main");
        env.put("GIT_COMMIT", "abc123");
        assertEquals(0, run("config", "show"));
        assertTrue(out().startsWith("environment: staging\n"), out());
    }

    @Test
    void aBranchNoEnvironmentServesIsAUsageError() throws Exception {
        Files.writeString(dir.resolve("modelgate.yaml"), CONFIG);
        env.put("GITHUB_ACTIONS", "true");
        env.put("GITHUB_REF_NAME", "experiment/x");
        env.put("GITHUB_SHA", "abc123");
        assertEquals(2, run("config", "show"));
        assertEquals("modelgate: error: modelgate.yaml: no environment serves branch \"experiment/x\" (staging: main; prod: release/*); pass --env NAME\n", err());
    }

    @Test
    void secretValuesAreMaskedEverywhere() throws Exception {
        Files.writeString(dir.resolve("modelgate.yaml"), CONFIG);
        String canary = "canary-s3cr3t-value-42";
        env.put("DEMO_MLFLOW_TOKEN", canary);
        assertEquals(0, run("config", "show", "--env", "staging"));
        assertTrue(out().contains("DEMO_MLFLOW_TOKEN: \"*** (set), named by mlflow.token_env\""), out());
        // A secret echoed back in a parameter is masked in the console and in every report file.
        assertEquals(2, run("check-data", "--table", "t-" + canary, "--env", "staging", "--format", "json"));
        assertFalse(out().contains(canary), out());
        assertFalse(err().contains(canary), err());
        for (String report : new String[] {"result.json", "result.md", "junit-check-data.xml"}) {
            assertFalse(Files.readString(dir.resolve("build/modelgate/" + report)).contains(canary), report);
        }
        assertTrue(Files.readString(dir.resolve("build/modelgate/result.json")).contains("\"step\""));
    }

    @Test
    void validateWithAnEnvironmentChecksItsSecretsAreSet() throws Exception {
        Files.writeString(dir.resolve("modelgate.yaml"), CONFIG);
        assertEquals(2, run("config", "validate", "--env", "prod"));
        assertEquals("modelgate: error: modelgate.yaml:9: environments.prod.mlflow.token_env: environment variable DEMO_PROD_TOKEN is not set\n", err());
        env.put("DEMO_PROD_TOKEN", "x-token");
        out.reset();
        assertEquals(0, run("config", "validate", "--env", "prod"));
        assertTrue(out().contains("environment prod resolves and its secrets are set"), out());
    }

    @Test
    void catalogueListsEveryStep() throws Exception {
        assertEquals(0, run("catalogue"));
        JsonNode catalogue = new ObjectMapper().readTree(out());
        assertEquals(StepCatalogue.steps().size(), catalogue.get("steps").size());
        JsonNode promote = catalogue.get("steps").get(StepCatalogue.steps().indexOf(StepCatalogue.find("promote-model").orElseThrow()));
        assertEquals("promote-model", promote.get("name").asText());
        assertEquals("dryRun", promote.get("params").get(3).get("camel_name").asText());
    }

    @Test
    void aUsageErrorNamesTheParameterAsTheCommandLineSpellsIt() throws Exception {
        Files.writeString(dir.resolve("modelgate.yaml"), CONFIG);
        assertEquals(2, run("promote-model", "--model", "fraud", "--version", "1", "--to", "champion", "--lock-timeout", "soon", "--env", "staging"));
        assertTrue(err().startsWith("modelgate: error: step promote-model, --lock-timeout: "), err());
    }

    @Test
    void runByTheJenkinsLibraryTheJarSpeaksJenkins() throws Exception {
        Files.writeString(dir.resolve("modelgate.yaml"), CONFIG);
        env.put("MODELGATE_FRONT_END", "jenkins");
        assertEquals(2, run("promote-model", "--model", "fraud", "--version", "1", "--to", "champion", "--lock-timeout", "soon", "--env", "staging"));
        assertTrue(err().startsWith("modelgate: error: step promote-model, lockTimeout: "), err());
        err.reset();
        env.put("DEMO_MLFLOW_TOKEN", "demo-token-value");
        assertEquals(2, run("rollback-model", "--model", "fraud", "--to", "newest", "--env", "staging"));
        assertEquals("modelgate: error: to: expected a version number, latest, run:<id>, alias:<name> or stage:<name>, got \"newest\"\n", err());
        err.reset();
        env.put("MODELGATE_FRONT_END", "gitlab");
        assertEquals(2, run("config", "validate"));
        assertEquals("modelgate: error: MODELGATE_FRONT_END: expected jenkins or command-line, got \"gitlab\"\n", err());
    }

    @Test
    void aSiblingCommandRunsInTheEnvelopeWithItsDebugTrace() throws Exception {
        Files.writeString(dir.resolve("modelgate.yaml"), CONFIG);
        assertEquals(2, run("audit", "show", "--limit", "0"));
        assertEquals("modelgate: error: audit show: --limit must be between 1 and 100000, got 0\n", err());
        err.reset();
        env.put("DEMO_MLFLOW_TOKEN", "canary-s3cr3t-value-42");
        assertEquals(2, run("config", "validate", "--env", "prod", "--debug"));
        String printed = err();
        assertTrue(printed.startsWith("io.modelgate.config.ConfigError: modelgate.yaml:9: environments.prod.mlflow.token_env"), printed);
        assertTrue(printed.contains("\tat io.modelgate.invocation.ConfigValidateCommand.run"), printed);
        assertTrue(printed.endsWith("\nmodelgate: error: modelgate.yaml:9: environments.prod.mlflow.token_env: environment variable DEMO_PROD_TOKEN is not set\n"), printed);
    }

    @Test
    void everyStepTakesTheCommonOptionsFromTheirOneDeclaration() {
        for (io.modelgate.step.StepDefinition step : io.modelgate.step.StepCatalogue.steps()) {
            out.reset();
            assertEquals(0, run(step.name(), "--help"));
            for (io.modelgate.step.CommonOption option : io.modelgate.step.CommonOption.carriedBy(io.modelgate.step.FrontEnd.COMMAND_LINE)) {
                assertTrue(out().contains(option.commandLine()), step.name() + " lacks " + option.commandLine() + ":\n" + out());
                if (option.defaultValue() != null && option.type() == io.modelgate.step.CommonOption.Type.STRING) {
                    assertTrue(out().contains("(default: " + option.defaultValue() + ")"), step.name() + " " + option.commandLine());
                }
            }
        }
        out.reset();
        assertEquals(0, run("config", "show", "--help"));
        assertTrue(out().contains("--config") && out().contains("--env") && out().contains("--debug") && !out().contains("--output-dir"), out());
    }

    /** The tree is built for the command named first; every command is still reached that way, and the root's help still lists them all. */
    @Test
    void everyCommandIsReachedWhenNamedFirstAndTheRootHelpListsThemAll() {
        for (io.modelgate.invocation.Command command : io.modelgate.invocation.Commands.all()) {
            out.reset();
            String[] words = (command.name() + " --help").split(" ");
            assertEquals(0, run(words), command.name());
            assertTrue(out().startsWith("Usage: modelgate " + command.name()), command.name() + ":\n" + out());
        }
        out.reset();
        assertEquals(0, run("--help"));
        for (io.modelgate.step.StepDefinition step : io.modelgate.step.StepCatalogue.steps()) {
            assertTrue(out().contains("  " + step.name() + " "), step.name() + " missing from:\n" + out());
        }
        for (String group : io.modelgate.invocation.Commands.groups().keySet()) {
            assertTrue(out().contains("  " + group + " "), group + " missing from:\n" + out());
        }
    }
}
