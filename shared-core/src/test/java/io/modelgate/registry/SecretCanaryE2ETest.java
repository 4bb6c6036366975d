package io.modelgate.registry;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.modelgate.cli.CommandLineApp;
import io.modelgate.github.GitHubApiStubs;
import io.modelgate.testbed.MlflowExtension;
import io.modelgate.testbed.MlflowServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The secret canary: a secret value that turns up in a test's output, a JUnit failure (message,
 * test name, file), the CI's run URL and branch, is found in no outward channel — stdout,
 * stderr, the report files and the audit file, the GitHub request bodies (check run title,
 * summary and annotations, commit status description, the PR comment), and the MLflow request
 * bodies (tags written on the model version), seen through a recording proxy in front of the
 * real MLflow server.
 */
@Tag("e2e")
@ExtendWith(MlflowExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecretCanaryE2ETest {

    private static final String CANARY = "canary<&\"|\t7f3a9c1d";
    private static final String GITHUB_CANARY = "ghs_canaryCanary00000000000000000000000";

    @TempDir
    Path dir;
    private final WireMockServer github = new WireMockServer(options().dynamicPort());
    private final GitHubApiStubs stubs = new GitHubApiStubs(github);
    private final WireMockServer mlflowProxy = new WireMockServer(options().dynamicPort());
    private final Map<String, String> env = new HashMap<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void start(MlflowServer mlflow) {
        github.start();
        mlflowProxy.start();
        mlflowProxy.stubFor(any(anyUrl()).willReturn(aResponse().proxiedFrom(mlflow.uri())));
        stubs.repository().pullRequestIssue().comments(null).createComment();
        env.putAll(Map.of("PATH", System.getenv("PATH"), "JENKINS_URL", "https://jenkins.example.com/",
                "BUILD_URL", "https://jenkins.example.com/job/fraud/" + CANARY + "/3/", "JOB_NAME", "fraud/PR-42", "CHANGE_ID", "42",
                "CHANGE_BRANCH", "feature/" + CANARY, "CHANGE_TARGET", "main", "GIT_COMMIT", GitHubApiStubs.HEAD_SHA,
                "GITHUB_REPOSITORY", GitHubApiStubs.REPOSITORY));
        env.put("GITHUB_API_URL", stubs.apiUrl());
        env.put("GITHUB_TOKEN", GITHUB_CANARY);
        env.put("CANARY_MLFLOW_TOKEN", CANARY);
    }

    @AfterEach
    void stop() {
        github.stop();
        mlflowProxy.stop();
    }

    private int modelgate(String... args) {
        return new CommandLineApp(env, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), dir)
                .run(args);
    }

    private void config(String model) throws IOException {
        Files.writeString(dir.resolve("modelgate.yaml"), """
                project: fraud
                mlflow: { tracking_uri: "%s", token_env: CANARY_MLFLOW_TOKEN, timeout: 20s }
                tests:
                  unit:
                    command: "echo 'token is %s'; mkdir -p build; cp failing.xml build/unit.xml; exit 1"
                    reports: build/unit.xml
                models:
                  %s: {}
                """.formatted(mlflowProxy.baseUrl(), CANARY.replace("\"", "\\\"").replace("\t", "\\t"), model));
        String xmlCanary = CANARY.replace("&", "&amp;").replace("<", "&lt;").replace("\"", "&quot;").replace("\t", "&#9;");
        Files.writeString(dir.resolve("failing.xml"), "<testsuite name=\"s\"><testcase classname=\"t\" name=\"leaks " + xmlCanary
                + "\" file=\"tests/" + xmlCanary + ".py\" line=\"7\"><failure message=\"got " + xmlCanary + "\">AssertionError: " + xmlCanary
                + "</failure></testcase></testsuite>");
    }

    @Test
    void aSecretReachesNoOutwardChannel(MlflowServer mlflow) throws Exception {
        String model = "canary-" + System.nanoTime();
        new RegistryFixture(mlflow).model(model, 1);
        config(model);

        stubs.createCheckRun().updateCheckRun();
        assertEquals(1, modelgate("unit-tests", "--publish-github", "--output-dir", "build/unit"), err.toString(StandardCharsets.UTF_8));
        List<LoggedRequest> githubRequests = new ArrayList<>(github.findAll(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(anyUrl())));
        github.resetRequests();
        stubs.createCheckRunRefused(403).createStatus(GitHubApiStubs.HEAD_SHA);
        assertEquals(1, modelgate("unit-tests", "--publish-github", "--output-dir", "build/unit-status"));
        githubRequests.addAll(github.findAll(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(anyUrl())));
        github.resetRequests();
        stubs.createCheckRun().updateCheckRun();
        int promoted = modelgate("promote-model", "--model", model, "--version", "1", "--to", "champion", "--publish-github", "--output-dir", "build/promote");
        assertEquals(0, promoted, out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8));
        githubRequests.addAll(github.findAll(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(anyUrl())));

        List<String> places = new ArrayList<>(List.of(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)));
        // What ModelGate wrote (build/unit.xml is the project's own report, the input).
        try (Stream<Path> files = Files.walk(dir.resolve("build")).filter(Files::isRegularFile).filter(f -> !f.equals(dir.resolve("build/unit.xml")))) {
            for (Path file : files.toList()) places.add(file + ": " + Files.readString(file));
        }
        List<String> githubBodies = githubRequests.stream().map(r -> r.getUrl() + " " + r.getBodyAsString()).toList();
        List<String> mlflowBodies = mlflowProxy.findAll(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(anyUrl())).stream()
                .map(r -> r.getUrl() + " " + r.getBodyAsString()).toList();
        places.addAll(githubBodies);
        places.addAll(mlflowBodies);
        List<String> forms = List.of("7f3a9c1d", URLEncoder.encode(CANARY, StandardCharsets.UTF_8), GITHUB_CANARY);
        for (String place : places) {
            for (String form : forms) assertFalse(place.contains(form), () -> "the secret leaked into: " + place);
        }
        // The channels were really exercised, with the secret masked where it was.
        assertTrue(githubBodies.stream().anyMatch(b -> b.contains("/check-runs/") && b.contains("annotations") && b.contains("***")), githubBodies.toString());
        assertTrue(githubBodies.stream().anyMatch(b -> b.contains("/statuses/") && b.contains("***")), githubBodies.toString());
        assertTrue(githubBodies.stream().anyMatch(b -> b.contains("/comments") && b.contains("***")), githubBodies.toString());
        assertTrue(mlflowBodies.stream().anyMatch(b -> b.contains("modelgate.promotion") && b.contains("run_url") && b.contains("***")), mlflowBodies.toString());
    }
}
