package io.modelgate.webhook;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/**
 * WireMock answers of a Jenkins controller for job "deploy", shaped as Jenkins documents its
 * Remote access API (jenkins.io/doc/book/using/remote-access-api: "Submitting jobs", the queue
 * item's api/json, "CSRF Protection" with /crumbIssuer/api/json). Each stub names its document.
 */
final class JenkinsStubs {

    static final String JOB = "/job/fraud-detection/job/deploy/";
    static final int QUEUE_ITEM = 17;
    static final int BUILD = 42;

    private final WireMockServer server;

    JenkinsStubs(WireMockServer server) {
        this.server = server;
    }

    String jobUrl() {
        return server.baseUrl() + JOB;
    }

    String buildUrl() {
        return server.baseUrl() + JOB + BUILD + "/";
    }

    /** Remote access API, "Submitting jobs": 201 Created with Location: the queue item. */
    JenkinsStubs buildWithParameters() {
        server.stubFor(post(urlPathEqualTo(JOB + "buildWithParameters")).willReturn(queued()));
        return this;
    }

    /** The same endpoint answering {@code status} (503 while Jenkins restarts, 401 for a bad token: Jenkins' HTML error page). */
    JenkinsStubs buildWithParametersFails(int status) {
        server.stubFor(post(urlPathEqualTo(JOB + "buildWithParameters")).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "text/html;charset=utf-8")
                .withBody("<html><head><title>Error " + status + "</title></head><body><h2>HTTP ERROR " + status + "</h2></body></html>")));
        return this;
    }

    /**
     * "CSRF Protection": without the crumb header Jenkins answers 403 "No valid crumb was included
     * in the request"; /crumbIssuer/api/json gives {crumbRequestField, crumb} and a session cookie.
     */
    JenkinsStubs buildWithParametersAsksForACrumb() {
        server.stubFor(post(urlPathEqualTo(JOB + "buildWithParameters")).withHeader("Jenkins-Crumb", absent())
                .willReturn(aResponse().withStatus(403).withHeader("Content-Type", "text/html;charset=utf-8")
                        .withBody("<html><head><title>Error 403 No valid crumb was included in the request</title></head>"
                                + "<body><h2>HTTP ERROR 403 No valid crumb was included in the request</h2></body></html>")));
        server.stubFor(get(urlPathEqualTo("/crumbIssuer/api/json")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json;charset=utf-8")
                .withHeader("Set-Cookie", "JSESSIONID.2d5f4b3c=node01abc; Path=/; HttpOnly")
                .withBody("{\"_class\":\"hudson.security.csrf.DefaultCrumbIssuer\",\"crumb\":\"2c1a5f3b9e\",\"crumbRequestField\":\"Jenkins-Crumb\"}")));
        server.stubFor(post(urlPathEqualTo(JOB + "buildWithParameters")).withHeader("Jenkins-Crumb", equalTo("2c1a5f3b9e"))
                .withCookie("JSESSIONID.2d5f4b3c", equalTo("node01abc")).willReturn(queued()));
        return this;
    }

    /**
     * The queue item's api/json: a WaitingItem ("In the quiet period") first, then a LeftItem whose
     * executable names the build.
     */
    JenkinsStubs queueItemStartsBuild() {
        String item = "/queue/item/" + QUEUE_ITEM + "/api/json";
        server.stubFor(get(urlPathEqualTo(item)).inScenario("queue").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json("{\"_class\":\"hudson.model.Queue$WaitingItem\",\"blocked\":false,\"buildable\":false,\"id\":" + QUEUE_ITEM
                        + ",\"inQueueSince\":1767225600000,\"stuck\":false,\"why\":\"In the quiet period. Expires in 0 ms\"}"))
                .willSetStateTo("started"));
        server.stubFor(get(urlPathEqualTo(item)).inScenario("queue").whenScenarioStateIs("started")
                .willReturn(json("{\"_class\":\"hudson.model.Queue$LeftItem\",\"blocked\":false,\"buildable\":false,\"id\":" + QUEUE_ITEM
                        + ",\"cancelled\":false,\"executable\":{\"_class\":\"org.jenkinsci.plugins.workflow.job.WorkflowRun\",\"number\":" + BUILD
                        + ",\"url\":\"" + buildUrl() + "\"}}")));
        return this;
    }

    private com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder queued() {
        return aResponse().withStatus(201).withHeader("Location", server.baseUrl() + "/queue/item/" + QUEUE_ITEM + "/");
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json;charset=utf-8").withBody(body);
    }
}
