package io.modelgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.modelgate.github.GitHubApiStubs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code modelgate <step> --publish-github} as a Jenkins multibranch PR build runs it: the same
 * publisher as the actions, fed from CHANGE_ID, GIT_COMMIT, GITHUB_REPOSITORY and GITHUB_TOKEN,
 * against WireMock answers shaped like GitHub's REST API.
 */
class PublishGitHubTest {

    private static final String TOKEN = "ghp_canaryJenkins000000000000000000000";
    private static final String MLFLOW_SECRET = "mlflow-canary-jenkins-77";

    @TempDir
    Path dir;
    private final WireMockServer server = new WireMockServer(options().dynamicPort());
    private final GitHubApiStubs github = new GitHubApiStubs(server);
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void start() throws Exception {
        server.start();
        github.repository();
        Files.writeString(dir.resolve("modelgate.yaml"), """
                project: demo
                mlflow: { tracking_uri: "http://127.0.0.1:5000", token_env: DEMO_MLFLOW_TOKEN }
                environments:
                  staging: { branches: [main] }
                models:
                  fraud-detector: {}
                """);
        env.putAll(Map.of("JENKINS_URL", "https://jenkins.example.com/", "BUILD_URL", "https://jenkins.example.com/job/fraud/job/PR-42/3/",
                "JOB_NAME", "fraud/PR-42", "CHANGE_ID", "42", "CHANGE_BRANCH", "feature/november-features", "CHANGE_TARGET", "main",
                "GIT_COMMIT", GitHubApiStubs.HEAD_SHA, "GITHUB_REPOSITORY", GitHubApiStubs.REPOSITORY));
        env.put("GITHUB_API_URL", github.apiUrl());
        env.put("GITHUB_TOKEN", TOKEN);
        env.put("DEMO_MLFLOW_TOKEN", MLFLOW_SECRET);
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private int run(String... args) {
        return new CommandLineApp(env, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), dir).run(args);
    }

    @Test
    void aJenkinsPullRequestBuildPublishesTheCheckRunAndTheStickyComment() throws Exception {
        github.createCheckRun().updateCheckRun().pullRequestIssue().comments(null).createComment();

        int code = run("validate-model", "--model", "fraud-detector", "--candidate", "v3", "--env", "staging", "--publish-github");

        assertEquals(2, code);
        assertEquals("modelgate: error: --candidate: expected a version number, latest, run:<id>, alias:<name> or stage:<name>, got \"v3\"\n", err.toString(StandardCharsets.UTF_8));
        assertEquals(List.of("GET /repos/octo-org/fraud-detection", "POST /repos/octo-org/fraud-detection/check-runs",
                "PATCH /repos/octo-org/fraud-detection/check-runs/4", "GET /repos/octo-org/fraud-detection/issues/42",
                "GET /repos/octo-org/fraud-detection/issues/42/comments", "POST /repos/octo-org/fraud-detection/issues/42/comments"), github.calls());
        ObjectMapper json = new ObjectMapper();
        JsonNode created = json.readTree(github.requests().get(1).getBodyAsString());
        assertEquals("modelgate/validate-model (fraud-detector)", created.path("name").asText());
        assertEquals(GitHubApiStubs.HEAD_SHA, created.path("head_sha").asText());
        assertEquals("https://jenkins.example.com/job/fraud/job/PR-42/3/", created.path("details_url").asText());
        assertEquals("failure", json.readTree(github.requests().get(2).getBodyAsString()).path("conclusion").asText());
        String comment = json.readTree(github.requests().get(5).getBodyAsString()).path("body").asText();
        assertEquals("<!-- modelgate:fraud/PR-42:fraud-detector -->\n<!-- modelgate-step:validate-model -->\n", comment.substring(0, comment.indexOf("###")));
        for (LoggedRequest request : github.requests()) {
            assertFalse(request.getBodyAsString().contains(TOKEN) || request.getBodyAsString().contains(MLFLOW_SECRET));
        }
    }

    @Test
    void withoutATokenNothingIsPublishedAndTheVerdictIsUnchanged() {
        env.remove("GITHUB_TOKEN");
        assertEquals(2, run("spark-submit", "--job", "no-such-job", "--publish-github"));
        assertEquals("modelgate: warning: --publish-github: GITHUB_TOKEN is not set; nothing published\n"
                + "modelgate: error: job \"no-such-job\" is not declared under jobs: in modelgate.yaml" + "\n", err.toString(StandardCharsets.UTF_8));
        assertEquals(List.of(), github.calls());
    }

    @Test
    void aGitHubFailureIsAWarningNotAVerdict() {
        // No check-run stub: WireMock answers 404, taken as "no checks: write"; the status endpoint is missing too.
        int code = run("spark-submit", "--job", "no-such-job", "--publish-github");
        assertEquals(2, code);
        String errors = err.toString(StandardCharsets.UTF_8);
        assertTrue(errors.startsWith("modelgate: warning: could not start the check modelgate/spark-submit: "), errors);
        assertFalse(errors.contains(TOKEN), errors);
    }
}
