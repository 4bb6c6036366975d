package io.modelgate.webhook;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.modelgate.github.GitHubApiStubs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The receiver built from modelgate.yaml, with GitHub and Jenkins that fail, come back, or refuse for good. */
class RelayFaultsTest {

    private static final String DISPATCHES = "/repos/" + GitHubApiStubs.REPOSITORY + "/dispatches";

    @TempDir
    Path dir;
    private final WireMockServer github = new WireMockServer(options().dynamicPort());
    private WireMockServer jenkins;
    private int jenkinsPort;
    private ReceiverProject project;

    @BeforeEach
    void start() throws Exception {
        github.start();
        new GitHubApiStubs(github).repository();
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            jenkinsPort = socket.getLocalPort();
        }
        String yaml = """
                project: relay-faults
                webhooks:
                  receiver:
                    listen: 127.0.0.1:0
                    secret_env: WEBHOOK_SECRET
                    journal: { sqlite: state/webhooks.db }
                    forwarding: { workers: 4, max_attempts: 4, initial_backoff: 200ms, max_backoff: 1s, lease: 5s, poll_interval: 100ms }
                  routes:
                    - name: github-deploy
                      events: [model_version.created]
                      model: "fraud-*"
                      github: { repository: %s, event_type: deploy-model, token_env: GH_DISPATCH_TOKEN, api_url: "%s" }
                    - name: jenkins-deploy
                      events: [model_version_alias.created]
                      alias: champion
                      jenkins: { job_url: "http://localhost:%d%s", user_env: JENKINS_USER, token_env: JENKINS_TOKEN, queue_timeout: 5s }
                """.formatted(GitHubApiStubs.REPOSITORY, github.baseUrl(), jenkinsPort, JenkinsStubs.JOB);
        project = new ReceiverProject(dir, yaml, Map.of("WEBHOOK_SECRET", ReceiverProject.SECRET, "GH_DISPATCH_TOKEN", "ghs_relay",
                "JENKINS_USER", "deployer", "JENKINS_TOKEN", "11e2a5b7c9d0"), (step, params, out) -> {
            throw new AssertionError("no steps route here");
        }).start(null);
    }

    @AfterEach
    void stop() {
        project.close();
        github.stop();
        if (jenkins != null) jenkins.stop();
    }

    private void startJenkins() {
        jenkins = new WireMockServer(options().port(jenkinsPort));
        jenkins.start();
        new JenkinsStubs(jenkins).buildWithParameters().queueItemStartsBuild();
    }

    @Test
    void gitHubFailingThenBackIsRetriedWithBackoffAndDeliveredOnce() {
        github.stubFor(post(urlPathEqualTo(DISPATCHES)).inScenario("outage").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("still down"));
        github.stubFor(post(urlPathEqualTo(DISPATCHES)).inScenario("outage").whenScenarioStateIs("still down")
                .willReturn(aResponse().withStatus(502)).willSetStateTo("back"));
        github.stubFor(post(urlPathEqualTo(DISPATCHES)).inScenario("outage").whenScenarioStateIs("back")
                .willReturn(aResponse().withStatus(204)));
        assertEquals(200, project.send(MlflowSender.versionCreated("fraud-detector", "5")));
        project.await("the dispatch delivered", Duration.ofSeconds(20), () -> project.forwards("delivered") == 1);
        github.verify(3, postRequestedFor(urlPathEqualTo(DISPATCHES)));
        JournalEntry entry = project.journal().list(false, 10).get(0);
        assertEquals(3, entry.attempts());
        assertTrue(project.log.stream().anyMatch(l -> l.contains("attempt 1 of") && l.contains("next in")), project.log.toString());
        assertTrue(project.log.stream().anyMatch(l -> l.contains("attempt 2 of")), project.log.toString());
    }

    @Test
    void jenkinsDownThenUpGetsTheBuildOnce() {
        assertEquals(200, project.send(MlflowSender.aliasCreated("fraud-detector", "champion", "5")));
        project.await("a failed attempt", Duration.ofSeconds(10), () -> project.journal().list(false, 1).get(0).attempts() >= 1
                && "pending".equals(project.journal().list(false, 1).get(0).state()));
        assertTrue(project.journal().list(false, 1).get(0).lastError().startsWith("cannot reach Jenkins"), project.journal().list(false, 1).toString());
        startJenkins();
        project.await("the build delivered", Duration.ofSeconds(20), () -> project.forwards("delivered") == 1);
        jenkins.verify(1, postRequestedFor(urlPathEqualTo(JenkinsStubs.JOB + "buildWithParameters")));
        assertEquals("build http://localhost:" + jenkinsPort + JenkinsStubs.JOB + JenkinsStubs.BUILD + "/",
                project.journal().list(false, 1).get(0).detail());
    }

    @Test
    void aPermanentRefusalIsADeadLetterThatRetryReplays() {
        new GitHubApiStubs(github).repositoryDispatchFails(403);
        assertEquals(200, project.send(MlflowSender.versionCreated("fraud-detector", "6")));
        project.await("a dead letter", Duration.ofSeconds(10), () -> project.forwards("dead") == 1);
        github.verify(1, postRequestedFor(urlPathEqualTo(DISPATCHES)));
        ReceiverProject.Run failed = project.cliOk("webhooks", "list", "--failed");
        String[] row = failed.out().lines().skip(1).findFirst().orElseThrow().split("\\s+");
        String id = row[0];
        assertTrue(failed.out().contains("github-deploy") && failed.out().contains("dead") && failed.out().contains("GitHub answered 403"), failed.out());

        new GitHubApiStubs(github).repositoryDispatch();
        assertEquals("dead letter " + id + " is due again; the receiver forwards it at its next poll\n", project.cliOk("webhooks", "retry", "--id", id).out());
        project.await("the replay delivered", Duration.ofSeconds(10), () -> project.forwards("delivered") == 1);
        github.verify(2, postRequestedFor(urlPathEqualTo(DISPATCHES)));
        assertEquals("no dead letters\n", project.cliOk("webhooks", "list", "--failed").out().lines().skip(1).findFirst().orElse("") + "\n");
        ReceiverProject.Run again = project.cli("webhooks", "retry", "--id", id);
        assertEquals(2, again.code(), again.toString());
    }

    @Test
    void aDeliveryNoRouteTakesIsJournaledAndForwardedNowhere() {
        assertEquals(200, project.send(MlflowSender.versionCreated("churn-model", "1")));
        assertEquals(1, project.journal().deliveries());
        assertEquals(Map.of(), project.journal().countByState());
        github.verify(0, postRequestedFor(urlPathEqualTo(DISPATCHES)));
    }
}
