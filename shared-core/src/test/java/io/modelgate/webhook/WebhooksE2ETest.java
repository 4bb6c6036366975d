package io.modelgate.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.modelgate.github.GitHubApiStubs;
import io.modelgate.invocation.WebhookSteps;
import io.modelgate.mlflow.MlflowRestClient;
import io.modelgate.mlflow.MlflowWebhook;
import io.modelgate.registry.RegistryFixture;
import io.modelgate.testbed.MlflowExtension;
import io.modelgate.testbed.MlflowServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole loop on a real MLflow server (SQL backend): {@code webhooks sync} declares the webhook,
 * registering a version makes MLflow send a signed delivery to the receiver on loopback, which
 * verifies and journals it, dispatches GitHub, builds on Jenkins (both WireMock, shaped as their
 * documented APIs) and runs validate-model then promote-model against the same registry.
 */
@Tag("e2e")
@ExtendWith(MlflowExtension.class)
class WebhooksE2ETest {

    private final WireMockServer github = new WireMockServer(options().dynamicPort());
    private final WireMockServer jenkins = new WireMockServer(options().dynamicPort());
    private ReceiverProject project;

    @AfterEach
    void stop() {
        if (project != null) project.close();
        github.stop();
        jenkins.stop();
    }

    @Test
    void registeringAVersionDispatchesBuildsAndPromotesThroughTheRelay(MlflowServer mlflow, @TempDir Path dir) throws Exception {
        github.start();
        jenkins.start();
        new GitHubApiStubs(github).repository().repositoryDispatch();
        JenkinsStubs jenkinsStubs = new JenkinsStubs(jenkins).buildWithParameters().queueItemStartsBuild();
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String model = "cd-fraud-" + System.nanoTime();
        String yaml = """
                project: cd-webhooks
                mlflow: { tracking_uri: "%1$s", timeout: 20s }
                models:
                  %2$s:
                    registry: aliases
                    validation: { mode: enabled, metrics: { roc_auc: { greater_is_better: true, threshold: 0.5 } } }
                webhooks:
                  mlflow:
                    - name: modelgate-cd
                      events: [model_version.created, model_version_alias.created]
                      url: "http://127.0.0.1:%3$d/webhooks/mlflow"
                      secret_env: WEBHOOK_SECRET
                  receiver:
                    listen: "127.0.0.1:%3$d"
                    secret_env: WEBHOOK_SECRET
                    previous_secret_env: WEBHOOK_SECRET_PREVIOUS
                    journal: { sqlite: state/webhooks.db }
                    forwarding: { poll_interval: 100ms, initial_backoff: 500ms, max_backoff: 2s }
                  routes:
                    - name: github-deploy
                      events: [model_version.created]
                      model: "cd-*"
                      github: { repository: %4$s, event_type: model-version-created, token_env: GH_DISPATCH_TOKEN, api_url: "%5$s" }
                    - name: jenkins-deploy
                      events: [model_version.created]
                      model: "cd-*"
                      jenkins: { job_url: "%6$s", user_env: JENKINS_USER, token_env: JENKINS_TOKEN, queue_timeout: 10s }
                    - name: challenger
                      events: [model_version.created]
                      model: "cd-*"
                      steps:
                        - step: validate-model
                          params: { model: "{model}", candidate: "{version}" }
                        - step: promote-model
                          params: { model: "{model}", version: "{version}", to: challenger }
                """.formatted(mlflow.uri(), model, port, GitHubApiStubs.REPOSITORY, github.baseUrl(), jenkinsStubs.jobUrl());
        Map<String, String> env = Map.of("WEBHOOK_SECRET", ReceiverProject.SECRET, "GH_DISPATCH_TOKEN", "ghs_cd_token",
                "JENKINS_USER", "deployer", "JENKINS_TOKEN", "11e2a5b7c9d0");
        project = new ReceiverProject(dir, yaml, env, steps(env, dir));
        MlflowRestClient registry = new MlflowRestClient(mlflow.uri(), Duration.ofSeconds(20), MlflowRestClient.Credentials.none());

        // sync: a dry run changes nothing, the real run creates the webhook, a second run finds nothing to do.
        ReceiverProject.Run dry = project.cliOk("webhooks", "sync", "--dry-run");
        assertTrue(dry.out().contains("create    modelgate-cd") && dry.out().contains("1 change would be made"), dry.out());
        assertTrue(registry.webhooks().stream().noneMatch(w -> w.name().equals("modelgate-cd")), "the dry run created nothing");
        ReceiverProject.Run created = project.cliOk("webhooks", "sync");
        assertTrue(created.out().contains("1 change made"), created.out());
        MlflowWebhook hook = registry.webhooks().stream().filter(w -> w.name().equals("modelgate-cd")).findFirst().orElseThrow();
        assertEquals("http://127.0.0.1:" + port + "/webhooks/mlflow", hook.url());
        assertEquals(List.of("model_version.created", "model_version_alias.created"), hook.events().stream().sorted().toList());
        ReceiverProject.Run again = project.cliOk("webhooks", "sync");
        assertTrue(again.out().contains("unchanged modelgate-cd") && again.out().contains("nothing to change"), again.out());
        assertTrue(!again.out().contains(ReceiverProject.SECRET) && !created.out().contains(ReceiverProject.SECRET), "no secret printed");

        // --test: MLflow's own test delivery (its example payload) reaches the receiver and is verified.
        project.start(null);
        ReceiverProject.Run tested = project.cliOk("webhooks", "sync", "--test");
        assertTrue(tested.out().contains("test modelgate-cd: ok: the receiver answered 200"), tested.out());

        // A new version in the registry: MLflow signs and sends model_version.created.
        RegistryFixture fixture = new RegistryFixture(mlflow);
        fixture.model(model, 1);
        project.await("the three routes delivered", Duration.ofSeconds(120), () -> project.forwards("delivered") == 3);
        assertEquals(0, project.forwards("dead"));

        LoggedRequest dispatch = github.findAll(postRequestedFor(urlPathEqualTo("/repos/" + GitHubApiStubs.REPOSITORY + "/dispatches"))).get(0);
        JsonNode body = new ObjectMapper().readTree(dispatch.getBodyAsString());
        assertEquals("model-version-created", body.path("event_type").asText());
        JsonNode payload = body.path("client_payload");
        assertEquals(model, payload.path("model").asText());
        assertEquals("1", payload.path("version").asText());
        assertEquals("model_version.created", payload.path("event").asText());
        String deliveryId = payload.path("delivery_id").asText();
        assertTrue(deliveryId.matches("[0-9a-f-]{36}"), "MLflow's delivery id is passed downstream: " + deliveryId);
        assertEquals("Bearer ghs_cd_token", dispatch.getHeader("Authorization"));

        LoggedRequest build = jenkins.findAll(postRequestedFor(urlPathEqualTo(JenkinsStubs.JOB + "buildWithParameters"))).get(0);
        assertTrue(build.getBodyAsString().contains("MODEL_NAME=" + model) && build.getBodyAsString().contains("MLFLOW_DELIVERY_ID=" + deliveryId),
                build.getBodyAsString());

        assertEquals(Optional.of(1), fixture.alias(model, "challenger"), "the steps route promoted the version on the real registry");
        ReceiverProject.Run runs = project.cliOk("webhooks", "runs");
        List<String> steps = runs.out().lines().skip(1).toList();
        assertEquals(2, steps.size(), runs.out());
        assertTrue(steps.get(0).contains("promote-model") && steps.get(0).contains("PASSED"), runs.out());
        assertTrue(steps.get(1).contains("validate-model") && steps.get(1).contains("PASSED"), runs.out());
        assertTrue(steps.get(1).contains(deliveryId) && steps.get(1).contains(model), runs.out());

        // The promotion's own alias event comes back signed too: journaled, routed nowhere (no loop).
        project.await("the alias event journaled", Duration.ofSeconds(30), () -> project.journal().deliveries() >= 3);
        assertEquals(3, project.forwards("delivered"));
        assertTrue(project.server().metrics().deliveries("accepted") >= 3);
        assertEquals(0, project.server().metrics().deliveries("bad_signature"));

        // Rotation with two active secrets: the receiver takes the new and the old one, sync pushes the new one to MLflow.
        project.close();
        Map<String, String> rotated = new java.util.HashMap<>(env);
        rotated.put("WEBHOOK_SECRET", "whsec-rotated-7c1d2e3f4a5b6c7d");
        rotated.put("WEBHOOK_SECRET_PREVIOUS", ReceiverProject.SECRET);
        project = new ReceiverProject(dir, yaml, rotated, steps(rotated, dir)).start(null);
        assertEquals(200, project.send(MlflowSender.aliasCreated(model, "in-flight", "1")), "a delivery signed with the old secret still verifies");
        ReceiverProject.Run rotate = project.cliOk("webhooks", "sync", "--test");
        assertTrue(rotate.out().contains("update    modelgate-cd: secret (changed)") && rotate.out().contains("1 change made"), rotate.out());
        assertTrue(rotate.out().contains("test modelgate-cd: ok: the receiver answered 200"), rotate.out());
        assertTrue(!rotate.out().contains("whsec-rotated") && !rotate.out().contains(ReceiverProject.SECRET), rotate.out());
        assertTrue(project.cliOk("webhooks", "sync").out().contains("nothing to change"));
    }

    /** The steps as `modelgate webhooks serve` run from this folder would run them. */
    private static WebhookSteps steps(Map<String, String> env, Path dir) {
        return new WebhookSteps(env, new io.modelgate.invocation.Invocation.Options(io.modelgate.step.FrontEnd.COMMAND_LINE, dir,
                dir.resolve("modelgate.yaml"), null, dir.resolve("build/modelgate"), false, false, true));
    }
}
