package io.modelgate.actions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.modelgate.github.GitHubApiStubs;
import io.modelgate.step.StepCatalogue;
import io.modelgate.step.StepDefinition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs {@code java -jar target/modelgate-actions.jar} as the Actions runner would: a job's
 * environment (GITHUB_* variables, INPUT_* with hyphens kept, empty GITHUB_OUTPUT and
 * GITHUB_STEP_SUMMARY files, a webhook payload at GITHUB_EVENT_PATH) and GITHUB_API_URL pointing at
 * WireMock answers shaped like GitHub's REST API (GitHubApiStubs). The steps are the catalogue's
 * as they are: a usage error gives an ERROR result and exit 2, through the whole
 * protocol. Runs after the package phase (see the pom).
 */
@Tag("e2e")
@EnabledIfSystemProperty(named = "modelgate.actions.jar", matches = ".+")
class ActionRunnerProcessTest {

    /** Secrets the run can see; neither may appear anywhere but in ::add-mask:: commands. */
    private static final String MLFLOW_CANARY = "mlflow-canary-5b1e/x+Q";
    private static final String TOKEN_CANARY = "ghs_canary0000000000000000000000000000";
    private static final String PUSH_SHA = "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private final WireMockServer server = new WireMockServer(options().dynamicPort());
    private final GitHubApiStubs github = new GitHubApiStubs(server);
    private Path workspace;

    @BeforeEach
    void start() throws IOException {
        server.start();
        github.repository();
        workspace = Files.createDirectories(dir.resolve("workspace"));
        Path sample = Path.of(System.getProperty("modelgate.actions.dir")).resolve("../test-projects/fraud-detection/modelgate.yaml");
        Files.copy(sample, workspace.resolve("modelgate.yaml"));
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    record Run(int code, String stdout, String stderr, String outputs, String summary, Duration elapsed) {
        List<String> commands() {
            return stdout.lines().filter(l -> l.startsWith("::")).toList();
        }
    }

    private Map<String, String> jobEnv(String eventName, String payload) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", System.getenv("PATH"));
        env.putAll(GitHubRunner.variables(dir, workspace, github.apiUrl(), "gate", "step", eventName, payload,
                "feature/november-features", PUSH_SHA));
        env.put("GITHUB_TOKEN", TOKEN_CANARY);
        env.put("MLFLOW_STAGING_TOKEN", MLFLOW_CANARY);
        return env;
    }

    private Run run(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("modelgate.actions.jar")));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workspace.toFile())
                .redirectOutput(dir.resolve("stdout").toFile()).redirectError(dir.resolve("stderr").toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        long start = System.nanoTime();
        Process process = builder.start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "runner did not finish");
        // The stop-commands token is random: TOKEN stands for it.
        Run run = new Run(process.exitValue(), Files.readString(dir.resolve("stdout")).replaceAll("modelgate-[0-9a-f-]{36}", "TOKEN"),
                Files.readString(dir.resolve("stderr")),
                Files.readString(Path.of(env.get("GITHUB_OUTPUT"))), Files.readString(Path.of(env.get("GITHUB_STEP_SUMMARY"))),
                Duration.ofNanos(System.nanoTime() - start));
        assertNoCanary(run);
        return run;
    }

    /** Neither secret appears in any output, file or request, except where the runner registers it as a mask. */
    private void assertNoCanary(Run run) throws IOException {
        List<String> places = new ArrayList<>();
        places.add(run.stdout.lines().filter(l -> !l.startsWith("::add-mask::")).reduce("", (a, b) -> a + b + "\n"));
        places.add(run.stderr);
        places.add(run.outputs);
        places.add(run.summary);
        try (Stream<Path> files = Files.walk(workspace.resolve("build")).filter(Files::isRegularFile)) {
            for (Path file : files.toList()) places.add(Files.readString(file));
        } catch (java.nio.file.NoSuchFileException e) {
            // no reports written
        }
        for (LoggedRequest request : github.requests()) {
            places.add(request.getUrl());
            places.add(request.getBodyAsString());
        }
        for (String place : places) {
            for (String canary : List.of(MLFLOW_CANARY, TOKEN_CANARY, java.net.URLEncoder.encode(MLFLOW_CANARY, StandardCharsets.UTF_8))) {
                assertFalse(place.contains(canary), "secret leaked into: " + place);
            }
        }
    }

    private List<JsonNode> bodies(String method, String path) throws IOException {
        List<JsonNode> bodies = new ArrayList<>();
        for (LoggedRequest request : github.requests()) {
            if (request.getMethod().value().equals(method) && request.getUrl().equals(path)) bodies.add(JSON.readTree(request.getBodyAsString()));
        }
        return bodies;
    }

    // A run that ends in a usage error before any service is called: a candidate that is no version selector.
    // The action names the input as the workflow writes it: candidate, not --candidate.
    private static final String BAD_CANDIDATE_MARKDOWN = "candidate: expected a version number, latest, run:&lt;id>, alias:&lt;name> or stage:&lt;name>, got \"v3\"";
    private static final String BAD_CANDIDATE = "candidate: expected a version number, latest, run:<id>, alias:<name> or stage:<name>, got \"v3\"";

    @Test
    void pullRequestRunMasksFirstThenPublishesCheckRunCommentOutputsAndSummary() throws Exception {
        github.createCheckRun().updateCheckRun().pullRequestIssue().comments(null).createComment();
        Map<String, String> env = jobEnv("pull_request", "pull_request.json");
        env.put("INPUT_MODEL", "fraud-detector");
        env.put("INPUT_CANDIDATE", "v3");
        env.put("INPUT_ENVIRONMENT", "staging");
        env.put("INPUT_GITHUB-TOKEN", TOKEN_CANARY);

        Run run = run(env, "validate-model");

        assertEquals(2, run.code, run.stdout + run.stderr);
        // The URL-encoded form of the secret is masked too; its % is escaped as command.ts escapes data.
        String urlEncoded = java.net.URLEncoder.encode(MLFLOW_CANARY, StandardCharsets.UTF_8).replace("%", "%25");
        assertEquals("::add-mask::" + TOKEN_CANARY + "\n"
                + "::add-mask::" + urlEncoded + "\n"
                + "::add-mask::" + MLFLOW_CANARY + "\n"
                + "::group::modelgate validate-model\n"
                + "::stop-commands::TOKEN\n"
                + "::TOKEN::\n"
                + "::endgroup::\n"
                + "::stop-commands::TOKEN\n"
                + "ERROR  validate-model: " + BAD_CANDIDATE + "\n"
                + "::TOKEN::\n"
                + "::error title=modelgate validate-model::" + BAD_CANDIDATE + "\n", run.stdout);
        assertEquals("", run.stderr);
        assertEquals(Map.of("verdict", "ERROR", "report", workspace.resolve("build/modelgate/result.md").toString()), GitHubRunner.outputs(run.outputs));
        assertEquals("### ⚠️ **validate-model** error: " + BAD_CANDIDATE_MARKDOWN + "\n", run.summary);

        assertEquals(List.of(
                "GET /repos/octo-org/fraud-detection",
                "POST /repos/octo-org/fraud-detection/check-runs",
                "PATCH /repos/octo-org/fraud-detection/check-runs/4",
                "GET /repos/octo-org/fraud-detection/issues/42",
                "GET /repos/octo-org/fraud-detection/issues/42/comments",
                "POST /repos/octo-org/fraud-detection/issues/42/comments"), github.calls());
        JsonNode created = bodies("POST", "/repos/octo-org/fraud-detection/check-runs").get(0);
        assertEquals("modelgate/validate-model (fraud-detector)", created.path("name").asText());
        assertEquals(GitHubApiStubs.HEAD_SHA, created.path("head_sha").asText(), "the PR head, never the merge commit");
        assertEquals("in_progress", created.path("status").asText());
        assertEquals(GitHubRunner.RUN_URL, created.path("details_url").asText());
        JsonNode completed = bodies("PATCH", "/repos/octo-org/fraud-detection/check-runs/4").get(0);
        assertEquals("completed", completed.path("status").asText());
        assertEquals("failure", completed.path("conclusion").asText());
        assertEquals("error: " + BAD_CANDIDATE, completed.at("/output/title").asText());
        assertEquals(run.summary, completed.at("/output/summary").asText());
        assertEquals("<!-- modelgate:PR checks:fraud-detector -->\n<!-- modelgate-step:validate-model -->\n"
                        + "### ⚠️ **validate-model** error: " + BAD_CANDIDATE_MARKDOWN + "\n<!-- /modelgate-step:validate-model -->\n",
                bodies("POST", "/repos/octo-org/fraud-detection/issues/42/comments").get(0).path("body").asText());
        for (LoggedRequest request : github.requests()) {
            assertEquals("Bearer " + TOKEN_CANARY, request.getHeader("Authorization"));
        }
        JsonNode result = JSON.readTree(workspace.resolve("build/modelgate/result.json").toFile());
        assertEquals("ERROR", result.path("verdict").asText());
    }

    @Test
    void aLaterPushUpdatesTheStickyCommentInPlace() throws Exception {
        String existing = "<!-- modelgate:PR checks:fraud-detector -->\n<!-- modelgate-step:validate-model -->\nold\n<!-- /modelgate-step:validate-model -->\n";
        github.createCheckRun().updateCheckRun().pullRequestIssue().comments(existing).updateComment();
        Map<String, String> env = jobEnv("pull_request", "pull_request.json");
        env.put("INPUT_PARAMS", "{\"model\": \"fraud-detector\", \"candidate\": \"v3\"}");

        Run run = run(env, "validate-model");

        assertEquals(2, run.code, run.stdout);
        assertTrue(github.calls().stream().noneMatch(c -> c.equals("POST /repos/octo-org/fraud-detection/issues/42/comments")), github.calls().toString());
        String body = bodies("PATCH", "/repos/octo-org/fraud-detection/issues/comments/1253").get(0).path("body").asText();
        assertEquals(existing.replace("old", "### ⚠️ **validate-model** error: " + BAD_CANDIDATE_MARKDOWN), body);
        assertEquals("modelgate/validate-model (fraud-detector)", bodies("POST", "/repos/octo-org/fraud-detection/check-runs").get(0).path("name").asText());
    }

    @ParameterizedTest
    @ValueSource(ints = {403, 404})
    void withoutChecksWriteTheResultIsACommitStatusWithTheSameName(int refusal) throws Exception {
        github.createCheckRunRefused(refusal).createStatus(PUSH_SHA);
        Map<String, String> env = jobEnv("push", "push.json");
        env.put("INPUT_JOB", "no-such-job"); // a job the config does not declare: the run ends in a known usage error

        Run run = run(env, "spark-submit");

        assertEquals(2, run.code, run.stdout);
        assertEquals(List.of("GET /repos/octo-org/fraud-detection", "POST /repos/octo-org/fraud-detection/check-runs",
                "POST /repos/octo-org/fraud-detection/statuses/" + PUSH_SHA, "POST /repos/octo-org/fraud-detection/statuses/" + PUSH_SHA), github.calls());
        List<JsonNode> statuses = bodies("POST", "/repos/octo-org/fraud-detection/statuses/" + PUSH_SHA);
        assertEquals(List.of("pending", "error"), statuses.stream().map(s -> s.path("state").asText()).toList());
        assertEquals(List.of("modelgate/spark-submit", "modelgate/spark-submit"), statuses.stream().map(s -> s.path("context").asText()).toList());
        assertEquals("error: job \"no-such-job\" is not declared under jobs: in modelgate.yaml (declared: generate, featurize, train, inference, monitor)", statuses.get(1).path("description").asText());
        assertEquals(GitHubRunner.RUN_URL, statuses.get(1).path("target_url").asText());
    }

    @Test
    void aSecondaryRateLimitIsWaitedOutThenTheRunCarriesOn() throws Exception {
        github.createCheckRunAfterSecondaryLimit(1).updateCheckRun();
        Map<String, String> env = jobEnv("push", "push.json");
        env.put("INPUT_JOB", "no-such-job");

        Run run = run(env, "spark-submit");

        assertEquals(2, run.code, run.stdout);
        assertEquals(List.of("GET /repos/octo-org/fraud-detection", "POST /repos/octo-org/fraud-detection/check-runs",
                "POST /repos/octo-org/fraud-detection/check-runs", "PATCH /repos/octo-org/fraud-detection/check-runs/4"), github.calls());
        List<LoggedRequest> posts = github.requests().stream().filter(r -> r.getMethod().value().equals("POST")).toList();
        long waitedMillis = posts.get(1).getLoggedDate().getTime() - posts.get(0).getLoggedDate().getTime();
        assertTrue(waitedMillis >= 1000, "Retry-After: 1 honoured, waited " + waitedMillis + " ms");
        assertEquals(PUSH_SHA, bodies("POST", "/repos/octo-org/fraud-detection/check-runs").get(1).path("head_sha").asText());
    }

    @Test
    void aForkPullRequestSkipsAStepThatNeedsSecretsAndWritesNothingToGitHub() throws Exception {
        Map<String, String> env = jobEnv("pull_request", "pull_request-fork.json");
        env.put("GITHUB_ACTOR", "outside-contributor");
        env.remove("MLFLOW_STAGING_TOKEN"); // GitHub gives fork runs no secrets
        env.put("INPUT_MODEL", "fraud-detector");

        Run run = run(env, "validate-model");

        assertEquals(0, run.code, run.stdout);
        assertEquals(List.of(), github.calls());
        String headline = "skipped on a pull request from the fork outside-contributor/fraud-detection: this step needs secrets, "
                + "which GitHub does not give to such runs; run it from a trusted workflow_run relay (see docs/github-actions.md)";
        assertEquals("### ⏭️ **validate-model** skipped: " + headline + "\n", run.summary);
        assertEquals(Map.of("verdict", "SKIPPED", "report", workspace.resolve("build/modelgate/result.md").toString()), GitHubRunner.outputs(run.outputs));
        assertEquals("::add-mask::" + TOKEN_CANARY + "\n::stop-commands::TOKEN\nSKIPPED  validate-model: " + headline + "\n::TOKEN::\n", run.stdout);
    }

    @Test
    void aDependabotPullRequestRunsAStepWithoutSecretsButPublishesNothing() throws Exception {
        Map<String, String> env = jobEnv("pull_request", "pull_request.json");
        env.put("GITHUB_ACTOR", "dependabot[bot]");
        // unit-tests needs no secrets; its command here passes without writing a report.
        Files.writeString(workspace.resolve("modelgate.yaml"), Files.readString(workspace.resolve("modelgate.yaml"))
                .replace("command: \"pytest tests/unit --junitxml=build/unit.xml\"", "command: \"true\""));

        Run run = run(env, "unit-tests");

        assertEquals(0, run.code, run.stdout);
        assertEquals(List.of(), github.calls());
        assertTrue(run.summary.endsWith("\n> Nothing published to GitHub: a Dependabot pull request runs with a read-only token.\n"), run.summary);
        assertTrue(run.stdout.contains("::group::modelgate unit-tests\n::stop-commands::TOKEN\n$ true\n::TOKEN::\n::endgroup::\n"),
                "the command streams inside the group, commands stopped: " + run.stdout);
    }

    @Test
    void workflowDispatchTakesTheStepFromInputStepAndParametersFromTheParamsDocument() throws Exception {
        github.createCheckRun().updateCheckRun();
        Map<String, String> env = jobEnv("workflow_dispatch", "workflow_dispatch.json");
        env.put("INPUT_STEP", "validate-model");
        env.put("INPUT_PARAMS", "{\"model\": \"fraud-detector\", \"candidate\": \"latest\"}");
        env.put("INPUT_CANDIDATE", "v7"); // an input set one by one wins over the document

        Run run = run(env);

        assertEquals(2, run.code, run.stdout);
        assertTrue(run.stdout.contains("got \"v7\""), "the single input won: " + run.stdout);
        JsonNode created = bodies("POST", "/repos/octo-org/fraud-detection/check-runs").get(0);
        assertEquals("modelgate/validate-model (fraud-detector)", created.path("name").asText());
        assertEquals(PUSH_SHA, created.path("head_sha").asText());
        assertTrue(github.calls().stream().noneMatch(c -> c.contains("/issues/")), "no PR, no comment: " + github.calls());
    }

    @Test
    void repositoryDispatchWithABadParamsDocumentIsAUsageErrorOnOneLine() throws Exception {
        github.createCheckRun().updateCheckRun();
        Map<String, String> env = jobEnv("repository_dispatch", "repository_dispatch.json");
        env.put("INPUT_PARAMS", "{\"model\": [\"fraud-detector\"]}");

        Run run = run(env, "validate-model");

        assertEquals(2, run.code, run.stdout);
        assertTrue(run.commands().contains("::error title=modelgate validate-model::input params: parameter model must be a string, number or boolean"), run.stdout);
        assertEquals("failure", bodies("PATCH", "/repos/octo-org/fraud-detection/check-runs/4").get(0).path("conclusion").asText());
        assertEquals("modelgate/validate-model", bodies("POST", "/repos/octo-org/fraud-detection/check-runs").get(0).path("name").asText());
    }

    @Test
    void aBooleanInputOutsideTheToolkitsSpellingsIsRefusedBeforeAnythingRuns() throws Exception {
        Map<String, String> env = jobEnv("push", "push.json");
        env.put("INPUT_PUBLISH", "yes");

        Run run = run(env, "unit-tests");

        assertEquals(2, run.code);
        // The config (which names MLFLOW_STAGING_TOKEN) is never read, so only the well-known token is masked.
        assertEquals("::add-mask::" + TOKEN_CANARY + "\n"
                + "::error title=modelgate unit-tests::input publish: expected true | True | TRUE | false | False | FALSE, got \"yes\"\n", run.stdout);
        assertEquals(List.of(), github.calls());
    }

    @Test
    void anUnknownStepIsAUsageError() throws Exception {
        Run run = run(jobEnv("push", "push.json"), "deploy-model");
        assertEquals(2, run.code);
        String known = StepCatalogue.steps().stream().map(StepDefinition::name).collect(Collectors.joining(", "));
        assertTrue(known.contains("validate-model"), known);
        assertTrue(run.stdout.endsWith("::error title=modelgate::unknown step \"deploy-model\" (known: " + known + ")\n"), run.stdout);
    }
}
