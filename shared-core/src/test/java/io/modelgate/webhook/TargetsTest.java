package io.modelgate.webhook;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.modelgate.config.GitHubDispatchConfig;
import io.modelgate.config.JenkinsJobConfig;
import io.modelgate.github.GitHubApiStubs;
import io.modelgate.github.RepositoryDispatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The GitHub and Jenkins targets against WireMock answers shaped as their documented APIs. */
class TargetsTest {

    private final WireMockServer wiremock = new WireMockServer(options().dynamicPort());
    private final List<String> log = new CopyOnWriteArrayList<>();
    private static final Forward FORWARD = new Forward(7, "deploy", 1,
            new RegistryEvent("4f1c-delivery", "model_version.created", "fraud-detector", "3", null, null, null));

    @BeforeEach
    void start() {
        wiremock.start();
    }

    @AfterEach
    void stop() {
        wiremock.stop();
    }

    private Target github(GitHubDispatchConfig config) throws Exception {
        return new GitHubDispatchTarget(config, new RepositoryDispatch(wiremock.baseUrl(), "ghs_dispatch_token"), Map.of("environment", "prod"));
    }

    private static GitHubDispatchConfig dispatch(String eventType) {
        return new GitHubDispatchConfig(GitHubApiStubs.REPOSITORY, eventType, null, null, null, "GH_TOKEN", null);
    }

    @Test
    void repositoryDispatchCarriesTheEventAndTheDeliveryId() throws Exception {
        new GitHubApiStubs(wiremock).repository().repositoryDispatch();
        Target.Outcome outcome = github(dispatch("model-{event}")).forward(FORWARD);
        assertEquals(Target.Outcome.delivered("repository_dispatch octo-org/fraud-detection"), outcome);
        wiremock.verify(1, postRequestedFor(urlPathEqualTo("/repos/octo-org/fraud-detection/dispatches"))
                .withHeader("Authorization", equalTo("Bearer ghs_dispatch_token"))
                .withRequestBody(equalToJson("""
                        {"event_type": "model-model_version.created",
                         "client_payload": {"model": "fraud-detector", "version": "3", "event": "model_version.created",
                                            "delivery_id": "4f1c-delivery", "environment": "prod"}}""")));
    }

    @Test
    void workflowDispatchSendsTheRouteInputsOnItsRef() throws Exception {
        new GitHubApiStubs(wiremock).repository().workflow("modelgate-deploy.yml").workflowDispatch();
        GitHubDispatchConfig config = new GitHubDispatchConfig(GitHubApiStubs.REPOSITORY, null, "modelgate-deploy.yml", "release/1.4",
                Map.of("model_name", "{model}", "model_version", "{version}", "dedup", "{delivery_id}"), "GH_TOKEN", null);
        assertEquals(Target.Outcome.Kind.DELIVERED, github(config).forward(FORWARD).kind());
        wiremock.verify(1, postRequestedFor(urlPathEqualTo("/repos/octo-org/fraud-detection/actions/workflows/161335/dispatches"))
                .withRequestBody(equalToJson("""
                        {"ref": "release/1.4", "inputs": {"model_name": "fraud-detector", "model_version": "3", "dedup": "4f1c-delivery"}}""")));
    }

    @Test
    void gitHubRefusalsAreFinalAndOutagesAreRetried() throws Exception {
        GitHubApiStubs stubs = new GitHubApiStubs(wiremock).repository();
        stubs.repositoryDispatchFails(403);
        assertEquals(Target.Outcome.Kind.REFUSED, github(dispatch("deploy")).forward(FORWARD).kind());
        stubs.repositoryDispatchFails(404);
        assertEquals(Target.Outcome.Kind.REFUSED, github(dispatch("deploy")).forward(FORWARD).kind());
        stubs.repositoryDispatchFails(502);
        Target.Outcome outage = github(dispatch("deploy")).forward(FORWARD);
        assertEquals(Target.Outcome.Kind.RETRY, outage.kind(), outage.detail());
        Target down = github(dispatch("deploy"));
        wiremock.stop();
        Target.Outcome unreachable = down.forward(FORWARD);
        assertEquals(Target.Outcome.Kind.RETRY, unreachable.kind(), unreachable.detail());
        assertTrue(unreachable.detail().startsWith("GitHub: ") || unreachable.detail().startsWith("cannot reach GitHub"), unreachable.detail());
    }

    @Test
    void aRateLimitThatOutlastsTheAllowedWaitsIsRetriedLaterNotRefused() throws Exception {
        new GitHubApiStubs(wiremock).repository().repositoryDispatchAlwaysLimited();
        Target.Outcome outcome = github(dispatch("deploy")).forward(FORWARD);
        assertEquals(Target.Outcome.Kind.RETRY, outcome.kind(), outcome.detail());
        int attempts = wiremock.findAll(postRequestedFor(urlPathEqualTo("/repos/octo-org/fraud-detection/dispatches"))).size();
        assertTrue(attempts > 1 && attempts <= 4, "waited out the limit a bounded number of times: " + attempts);
    }

    private Target jenkins(Map<String, String> parameters) {
        JenkinsStubs stubs = new JenkinsStubs(wiremock);
        return new JenkinsBuildTarget(new JenkinsJobConfig(stubs.jobUrl(), "JENKINS_USER", "JENKINS_TOKEN", parameters, Duration.ofSeconds(5)),
                "deployer", "11e2a5b7c9d0f1a3b5c7d9e1f3a5b7c9d1", Map.of("environment", "prod"), log::add, Duration.ofMillis(20));
    }

    @Test
    void jenkinsBuildIsQueuedWithTheEventsParametersAndFollowedUntilItStarts() {
        JenkinsStubs stubs = new JenkinsStubs(wiremock).buildWithParameters().queueItemStartsBuild();
        Target.Outcome outcome = jenkins(null).forward(FORWARD);
        assertEquals(Target.Outcome.delivered("build " + stubs.buildUrl()), outcome);
        LoggedRequest request = wiremock.findAll(postRequestedFor(urlPathEqualTo(JenkinsStubs.JOB + "buildWithParameters"))).get(0);
        assertEquals("Basic ZGVwbG95ZXI6MTFlMmE1YjdjOWQwZjFhM2I1YzdkOWUxZjNhNWI3YzlkMQ==", request.getHeader("Authorization"));
        assertEquals("MODEL_NAME=fraud-detector&MODEL_VERSION=3&MODEL_ALIAS=&MLFLOW_EVENT=model_version.created&MLFLOW_DELIVERY_ID=4f1c-delivery",
                request.getBodyAsString());
        assertTrue(log.contains("jenkins: build started: " + stubs.buildUrl()), log.toString());
    }

    @Test
    void aCrumbIsFetchedOnlyWhenJenkinsAsksForOne() {
        new JenkinsStubs(wiremock).buildWithParametersAsksForACrumb().queueItemStartsBuild();
        Target.Outcome outcome = jenkins(Map.of("VERSION", "{version}", "ENV", "{environment}")).forward(FORWARD);
        assertEquals(Target.Outcome.Kind.DELIVERED, outcome.kind(), outcome.detail());
        List<LoggedRequest> posts = wiremock.findAll(postRequestedFor(urlPathEqualTo(JenkinsStubs.JOB + "buildWithParameters")));
        assertEquals(2, posts.size(), "once refused for want of a crumb, once with it");
        assertTrue(posts.get(1).getBodyAsString().contains("ENV=prod"), posts.get(1).getBodyAsString());
    }

    @Test
    void jenkinsOutagesAreRetriedAndRefusalsAreFinal() {
        JenkinsStubs stubs = new JenkinsStubs(wiremock);
        stubs.buildWithParametersFails(503);
        assertEquals(Target.Outcome.Kind.RETRY, jenkins(null).forward(FORWARD).kind());
        stubs.buildWithParametersFails(401);
        assertEquals(Target.Outcome.Kind.REFUSED, jenkins(null).forward(FORWARD).kind());
    }
}
