package io.modelgate.actions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.modelgate.github.GitHubApiStubs;
import io.modelgate.testbed.FraudLifecycle;
import io.modelgate.testbed.MlflowExtension;
import io.modelgate.testbed.MlflowServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.modelgate.testbed.FraudLifecycle.MODEL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fraud-detection lifecycle through the GitHub Actions front end: every step is the real
 * runner jar ({@code java -jar target/modelgate-actions.jar <step>}) started as a workflow step
 * would be, in the job environment of a pull_request run (GITHUB_* variables, the event payload,
 * a fresh GITHUB_OUTPUT and GITHUB_STEP_SUMMARY per step), against a real MLflow server, real
 * spark-submit and pytest, with the GitHub REST API answered by WireMock (GitHubApiStubs, each
 * stub naming its document). Between two steps the stubs answer what GitHub would then hold: the
 * comments the earlier steps created and edited.
 */
@Tag("e2e")
@ExtendWith(MlflowExtension.class)
@EnabledIfSystemProperty(named = "modelgate.actions.jar", matches = ".+")
class FraudLifecycleProcessTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "ghs_lifecycle000000000000000000000000000";
    private static final String REPO = "/repos/" + GitHubApiStubs.REPOSITORY;
    private static final String BRANCH = "feature/november-features";

    @TempDir
    Path dir;
    private final WireMockServer server = new WireMockServer(options().dynamicPort());
    private final GitHubApiStubs github = new GitHubApiStubs(server);
    private FraudLifecycle lifecycle;
    private int stepCount;

    @BeforeEach
    void start(MlflowServer mlflow) throws IOException {
        server.start();
        lifecycle = FraudLifecycle.copy(mlflow, Files.createDirectories(dir.resolve("workspace")));
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    /** One step's run: exit code, log, outputs, job summary and the GitHub requests it made. */
    record Step(String name, int code, String stdout, Map<String, String> outputs, String summary, List<LoggedRequest> requests) {
        List<JsonNode> bodies(String method, String pathPrefix) throws IOException {
            List<JsonNode> bodies = new ArrayList<>();
            for (LoggedRequest request : requests) {
                if (request.getMethod().value().equals(method) && request.getUrl().startsWith(pathPrefix)) {
                    bodies.add(JSON.readTree(request.getBodyAsString()));
                }
            }
            return bodies;
        }

        /** The check run this step created and completed: both bodies. */
        JsonNode checkRun(String expectedName, String expectedConclusion) throws IOException {
            List<JsonNode> created = bodies("POST", REPO + "/check-runs");
            List<JsonNode> completed = bodies("PATCH", REPO + "/check-runs/" + GitHubApiStubs.CHECK_RUN_ID);
            assertEquals(1, created.size(), name + ": one check run: " + requests);
            assertEquals(1, completed.size(), name + ": completed once: " + requests);
            assertEquals(expectedName, created.get(0).path("name").asText());
            assertEquals(GitHubApiStubs.HEAD_SHA, created.get(0).path("head_sha").asText(), "the PR head, never the merge commit");
            assertEquals("in_progress", created.get(0).path("status").asText());
            assertEquals("completed", completed.get(0).path("status").asText());
            assertEquals(expectedConclusion, completed.get(0).path("conclusion").asText(), name + ": " + completed.get(0));
            assertEquals(summary, completed.get(0).at("/output/summary").asText(), "the check run's summary is the job summary");
            return completed.get(0);
        }
    }

    @Test
    void aPullRequestTrainsThreeVersionsPromotesTwoAndBlocksTheWorseOne() throws Exception {
        Step unit = step("unit-tests", Map.of());
        assertEquals(0, unit.code, unit.stdout);
        unit.checkRun("modelgate/unit-tests", "success");
        assertTrue(Integer.parseInt(unit.outputs.get("total")) > 0, "the project's unit tests ran: " + unit.outputs);
        assertEquals("0", unit.outputs.get("failed"));

        List<Step> validations = new ArrayList<>();
        List<Step> evaluations = new ArrayList<>();
        Step contract = null;
        for (int round = 1; round <= FraudLifecycle.ROUNDS; round++) {
            train(round);
            if (round == 1) {
                // The first version's contract: its own environment, the feature table, served over HTTP, its budgets.
                contract = step("check-model", Map.of("model", MODEL));
                assertEquals(0, contract.code, contract.stdout);
                contract.checkRun("modelgate/check-model (" + MODEL + ")", "success");
                assertEquals("1", contract.outputs.get("candidate-version"));
                assertEquals("true", contract.outputs.get("passed"));
                lifecycle.assertContractPassed(1);
            }
            Step evaluate = step("evaluate-model", Map.of("model", MODEL));
            evaluations.add(evaluate);
            assertEquals(0, evaluate.code, evaluate.stdout);
            evaluate.checkRun("modelgate/evaluate-model (" + MODEL + ")", "success");
            FraudLifecycle.assertEvaluationResult(JSON.readTree(report("evaluate-model", "result.json").toFile()), round);
            assertFalse(evaluate.summary.contains("```mermaid"), "GitHub documents no diagrams in job summaries: the tables stand in");
            if (round == FraudLifecycle.NOISE_ROUND) {
                Step confident = step("validate-model", Map.of("model", MODEL, "candidate", "latest", "promote-on-pass", "champion"), FraudLifecycle.CONFIDENT);
                assertEquals(1, confident.code, confident.stdout);
                confident.checkRun("modelgate/validate-model (" + MODEL + ")", "failure");
                FraudLifecycle.assertRejectedWithinNoise(JSON.readTree(report("validate-model", "result.json").toFile()));
                assertTrue(confident.summary.contains("decided by the lower bound"), confident.summary);
            }
            Step validate = step("validate-model", Map.of("model", MODEL, "candidate", "latest", "promote-on-pass", "champion"));
            validations.add(validate);
            assertEquals(FraudLifecycle.validationExit(round), validate.code, validate.stdout);
            JsonNode completed = validate.checkRun("modelgate/validate-model (" + MODEL + ")", round < 3 ? "success" : "failure");
            assertTrue(completed.at("/output/summary").asText().contains("| roc_auc |"), "the validation table: " + completed);
            assertEquals(round < 3 ? "PASSED" : "FAILED", validate.outputs.get("verdict"));
            assertEquals(String.valueOf(round), validate.outputs.get("candidate-version"));
            FraudLifecycle.assertValidationResult(JSON.readTree(report("validate-model", "result.json").toFile()), round);
            assertTrue(Files.readString(report("validate-model", "junit-validate-model.xml")).contains("<testcase"), "one JUnit case per rule");
            lifecycle.assertRegistryAfter(round);
        }

        for (String job : List.of("inference", "monitor")) {
            Step run = step("spark-submit", Map.of("job", job));
            assertEquals(0, run.code, run.stdout);
            run.checkRun("modelgate/spark-submit", "success");
            assertTrue(Files.isRegularFile(report("spark-submit", job + "-driver.log")), "the driver log is kept");
        }
        lifecycle.assertPredictionsScoredBy(FraudLifecycle.championAfter(FraudLifecycle.ROUNDS));
        lifecycle.assertMonitoringSummedUpTheWeek();
        Step check = step("check-data", Map.of("table", "predictions"));
        assertEquals(0, check.code, check.stdout);
        check.checkRun("modelgate/check-data", "success");

        FraudLifecycle.assertAuditTrail(report("validate-model", "registry-audit.jsonl"), BRANCH, GitHubApiStubs.MERGE_SHA);
        FraudLifecycle.assertEvaluationAuditTrail(report("evaluate-model", "registry-audit.jsonl"));
        List<Step> later = new ArrayList<>(evaluations);
        later.addAll(validations);
        assertStickyComments(contract, later, evaluations, validations);
    }

    /** One training round: the project's jobs through spark-submit, each a step with its check run. */
    private void train(int round) throws Exception {
        for (String job : List.of("generate", "featurize", "train")) {
            Step run = step("spark-submit", Map.of("job", job));
            assertEquals(0, run.code, "round " + round + " " + job + ": " + run.stdout);
            run.checkRun("modelgate/spark-submit", "success");
            assertEquals("FINISHED", run.outputs.get("state"));
        }
    }

    /**
     * The sticky comments: one per workflow and model, found again by its marker and edited in place.
     * The model's comment is created by round 1's check-model and updated by every later step of the
     * model, so it holds the contract's table and ends with round 3's evaluation (with its Mermaid
     * charts, which GitHub renders in comments) and validation; the steps without a model (unit
     * tests, jobs) share the other one.
     */
    private void assertStickyComments(Step contract, List<Step> later, List<Step> evaluations, List<Step> validations) {
        assertEquals(List.of("POST " + REPO + "/issues/" + GitHubApiStubs.PULL_REQUEST + "/comments"), commentWrites(contract),
                "round 1's check-model finds no comment of its model and creates it");
        Map<Long, String> comments = github.comments();
        long modelComment = comments.entrySet().stream().filter(c -> c.getValue().contains("<!-- modelgate:PR checks:" + MODEL + " -->"))
                .mapToLong(Map.Entry::getKey).findFirst().orElseThrow();
        for (Step step : later) {
            assertEquals(List.of("PATCH " + REPO + "/issues/comments/" + modelComment), commentWrites(step), "later steps edit it in place");
        }
        String body = comments.get(modelComment);
        assertTrue(body.contains("<!-- modelgate-step:validate-model -->") && body.contains("| roc_auc |"), body);
        assertTrue(body.contains("<!-- modelgate-step:check-model -->") && body.contains("| serves | PASSED |"), body);
        assertEquals(validations.get(validations.size() - 1).summary.strip(), section(body, "validate-model"), "the last validation's report");
        String evaluation = section(body, "evaluate-model");
        assertTrue(evaluation.contains("```mermaid\nxychart-beta"), evaluation);
        String lastEvaluation = evaluations.get(evaluations.size() - 1).summary.strip();
        assertEquals(lastEvaluation, evaluation.replaceAll("(?s)\n```mermaid.*?```\n_Lines:[^\n]*\n", "").strip(),
                "the comment is the job summary plus the charts");
        List<String> others = comments.values().stream().filter(b -> !b.contains("<!-- modelgate:PR checks:" + MODEL + " -->")).toList();
        assertEquals(1, others.size(), "one comment for the steps without a model: " + comments);
        for (String step : List.of("unit-tests", "spark-submit", "check-data")) {
            assertTrue(others.get(0).contains("<!-- modelgate:PR checks:all -->") && others.get(0).contains("<!-- modelgate-step:" + step + " -->"), others.get(0));
        }
    }

    private static List<String> commentWrites(Step step) {
        return step.requests.stream().filter(r -> r.getUrl().contains("/comments") && !r.getMethod().value().equals("GET"))
                .map(r -> r.getMethod().value() + " " + r.getUrl()).toList();
    }

    /** A step's section of a sticky comment. */
    private static String section(String body, String step) {
        String open = "<!-- modelgate-step:" + step + " -->\n";
        int start = body.indexOf(open);
        assertTrue(start >= 0, body);
        return body.substring(start + open.length(), body.indexOf("<!-- /modelgate-step:" + step + " -->")).strip();
    }

    private Path report(String step, String file) {
        return lifecycle.project().resolve("build/modelgate").resolve(step).resolve(file);
    }

    private Step step(String name, Map<String, String> inputs) throws Exception {
        return step(name, inputs, FraudLifecycle.ENVIRONMENT);
    }

    /** Runs one step as a workflow step: a fresh output and summary file, the inputs as INPUT_* variables. */
    private Step step(String name, Map<String, String> inputs, String environment) throws Exception {
        stepCount++;
        server.resetMappings();
        github.repository().createCheckRun().updateCheckRun().pullRequestIssue().thread();
        int before = github.requests().size();

        Map<String, String> env = jobEnv(stepCount);
        inputs.forEach((input, value) -> env.put("INPUT_" + input.toUpperCase(), value));
        env.put("INPUT_ENVIRONMENT", environment);
        env.put("INPUT_OUTPUT-DIR", "build/modelgate/" + name);
        Path stdout = dir.resolve("stdout-" + stepCount);
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("modelgate.actions.jar"), name)
                .directory(lifecycle.project().toFile()).redirectErrorStream(true).redirectOutput(stdout.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        long started = System.nanoTime();
        Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError(name + " did not finish in 5 minutes: " + Files.readString(stdout));
        }
        List<LoggedRequest> all = github.requests();
        Step step = new Step(name, process.exitValue(), Files.readString(stdout), GitHubRunner.outputs(Files.readString(Path.of(env.get("GITHUB_OUTPUT")))),
                Files.readString(Path.of(env.get("GITHUB_STEP_SUMMARY"))), List.copyOf(all.subList(before, all.size())));
        github.remember(step.requests);
        System.out.printf("lifecycle: %s %s exit %d in %.1f s%n", name, inputs, step.code, (System.nanoTime() - started) / 1e9);
        assertNoToken(step);
        return step;
    }

    /** The token is masked first and appears nowhere else: not in the log, summary, outputs or anything sent to GitHub. */
    private static void assertNoToken(Step step) {
        List<String> places = new ArrayList<>(List.of(step.stdout.replaceFirst("::add-mask::" + TOKEN + "\n", ""), step.summary));
        places.addAll(step.outputs.values());
        step.requests.forEach(r -> places.add(r.getBodyAsString()));
        assertTrue(step.stdout.startsWith("::add-mask::" + TOKEN + "\n"), step.stdout);
        for (String place : places) {
            assertFalse(place.contains(TOKEN), step.name + " leaked the token into: " + place);
        }
    }

    private Map<String, String> jobEnv(int step) throws IOException {
        Map<String, String> env = new LinkedHashMap<>(lifecycle.environment());
        env.putAll(GitHubRunner.variables(dir, lifecycle.project(), github.apiUrl(), "lifecycle", String.valueOf(step),
                "pull_request", "pull_request.json", BRANCH, null));
        env.put("GITHUB_TOKEN", TOKEN);
        return env;
    }
}
