package io.modelgate.github;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/**
 * WireMock answers of the GitHub REST API for repository octo-org/fraud-detection, shaped as
 * GitHub documents them (bodies in src/test/resources/github, trimmed of fields the suite does not
 * read; headers as in "Rate limits for the REST API"). Each stub names its document. Shared with the
 * actions runner's tests through the shared-core test-jar.
 */
public final class GitHubApiStubs {

    public static final String REPOSITORY = "octo-org/fraud-detection";
    public static final String HEAD_SHA = "ce587453ced02b1526dfb4cb910479d431683101";
    public static final String MERGE_SHA = "e5bd3914e2e596debea16f433f57875b5b90bcd6";
    public static final int PULL_REQUEST = 42;
    public static final long CHECK_RUN_ID = 4;
    public static final long COMMENT_ID = 1253;
    private static final String REPO = "/repos/" + REPOSITORY;

    private final WireMockServer server;
    /** The pull request's comments after the runs so far, id → body (see thread()). */
    private final Map<Long, String> thread = new java.util.LinkedHashMap<>();

    public GitHubApiStubs(WireMockServer server) {
        this.server = server;
    }

    public String apiUrl() {
        return server.baseUrl();
    }

    /** docs.github.com/rest/repos/repos#get-a-repository: 200 with the full repository. */
    public GitHubApiStubs repository() {
        server.stubFor(get(urlPathEqualTo(REPO)).willReturn(json(200, "repository.json")));
        return this;
    }

    /** docs.github.com/rest/checks/runs#create-a-check-run: 201 with the check run. */
    public GitHubApiStubs createCheckRun() {
        server.stubFor(post(urlPathEqualTo(REPO + "/check-runs")).willReturn(json(201, "check-run-in-progress.json")));
        return this;
    }

    /** docs.github.com/rest/checks/runs#update-a-check-run: 200 with the check run. */
    public GitHubApiStubs updateCheckRun() {
        server.stubFor(patch(urlPathEqualTo(REPO + "/check-runs/" + CHECK_RUN_ID)).willReturn(json(200, "check-run-completed.json")));
        return this;
    }

    /**
     * docs.github.com/rest/checks/runs#create-a-check-run: a GITHUB_TOKEN without checks: write (or
     * a PAT) is answered 403 "Resource not accessible by integration"; a token that cannot see the
     * endpoint, 404 "Not Found".
     */
    public GitHubApiStubs createCheckRunRefused(int status) {
        server.stubFor(post(urlPathEqualTo(REPO + "/check-runs"))
                .willReturn(json(status, status == 403 ? "forbidden.json" : "not-found.json")));
        return this;
    }

    /**
     * docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#exceeding-the-rate-limit:
     * a secondary limit is a 403 with Retry-After (seconds); the first check-run creation gets it,
     * the retry succeeds.
     */
    public GitHubApiStubs createCheckRunAfterSecondaryLimit(int retryAfterSeconds) {
        server.stubFor(post(urlPathEqualTo(REPO + "/check-runs")).inScenario("secondary").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(403, "secondary-rate-limit.json").withHeader("Retry-After", String.valueOf(retryAfterSeconds)))
                .willSetStateTo("waited"));
        server.stubFor(post(urlPathEqualTo(REPO + "/check-runs")).inScenario("secondary").whenScenarioStateIs("waited")
                .willReturn(json(201, "check-run-in-progress.json")));
        return this;
    }

    /** The same document: a secondary limit that never lifts, to check that retries are bounded. */
    public GitHubApiStubs createCheckRunAlwaysLimited() {
        server.stubFor(post(urlPathEqualTo(REPO + "/check-runs"))
                .willReturn(json(403, "secondary-rate-limit.json").withHeader("Retry-After", "0")));
        return this;
    }

    /**
     * Same document, primary limit: 403 with x-ratelimit-remaining 0 and x-ratelimit-reset (epoch
     * seconds) on the first status; the retry after the reset succeeds.
     */
    public GitHubApiStubs createStatusAfterPrimaryLimit(long resetEpochSeconds) {
        server.stubFor(post(urlPathEqualTo(REPO + "/statuses/" + HEAD_SHA)).inScenario("primary").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/json; charset=utf-8")
                        .withHeader("x-ratelimit-limit", "1000").withHeader("x-ratelimit-remaining", "0")
                        .withHeader("x-ratelimit-used", "1000").withHeader("x-ratelimit-resource", "core")
                        .withHeader("x-ratelimit-reset", String.valueOf(resetEpochSeconds))
                        .withBody("{\"message\":\"API rate limit exceeded for installation ID 2311213.\","
                                + "\"documentation_url\":\"https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting\",\"status\":\"403\"}"))
                .willSetStateTo("reset"));
        server.stubFor(post(urlPathEqualTo(REPO + "/statuses/" + HEAD_SHA)).inScenario("primary").whenScenarioStateIs("reset")
                .willReturn(json(201, "status.json")));
        return this;
    }

    /** docs.github.com/rest/repos/repos#create-a-repository-dispatch-event: 204 No Content. */
    public GitHubApiStubs repositoryDispatch() {
        server.stubFor(post(urlPathEqualTo(REPO + "/dispatches")).willReturn(ok(204)));
        return this;
    }

    /** The same endpoint answering {@code status} with GitHub's error body (e.g. 403 for a token without contents: write, 502). */
    public GitHubApiStubs repositoryDispatchFails(int status) {
        server.stubFor(post(urlPathEqualTo(REPO + "/dispatches")).willReturn(status == 403 ? json(403, "forbidden.json")
                : status == 404 ? json(404, "not-found.json") : ok(status).withBody("{\"message\":\"Server Error\"}")));
        return this;
    }

    /** "Rate limits for the REST API": a secondary limit (403 with Retry-After) on every dispatch, to check the waits are bounded. */
    public GitHubApiStubs repositoryDispatchAlwaysLimited() {
        server.stubFor(post(urlPathEqualTo(REPO + "/dispatches"))
                .willReturn(json(403, "secondary-rate-limit.json").withHeader("Retry-After", "0")));
        return this;
    }

    /** docs.github.com/rest/actions/workflows#get-a-workflow (by file name): 200 with the workflow. */
    public GitHubApiStubs workflow(String file) {
        server.stubFor(get(urlPathEqualTo(REPO + "/actions/workflows/" + file)).willReturn(json(200, "workflow.json")));
        return this;
    }

    /** docs.github.com/rest/actions/workflows#create-a-workflow-dispatch-event: 204 No Content (by the workflow's id). */
    public GitHubApiStubs workflowDispatch() {
        server.stubFor(post(urlPathEqualTo(REPO + "/actions/workflows/161335/dispatches")).willReturn(ok(204)));
        return this;
    }

    /** docs.github.com/rest/commits/statuses#create-a-commit-status: 201 with the status. */
    public GitHubApiStubs createStatus(String sha) {
        server.stubFor(post(urlPathEqualTo(REPO + "/statuses/" + sha)).willReturn(json(201, "status.json")));
        return this;
    }

    /** docs.github.com/rest/issues/issues#get-an-issue: a pull request is an issue with a pull_request key. */
    public GitHubApiStubs pullRequestIssue() {
        server.stubFor(get(urlPathEqualTo(REPO + "/issues/" + PULL_REQUEST)).willReturn(json(200, "issue.json")));
        return this;
    }

    /**
     * docs.github.com/rest/issues/comments#list-issue-comments: 200 with the comments; none, or one
     * (id 1253) whose body is {@code existingBody}.
     */
    public GitHubApiStubs comments(String existingBody) {
        String list = existingBody == null ? "[]" : "[" + comment(existingBody) + "]";
        server.stubFor(get(urlPathEqualTo(REPO + "/issues/" + PULL_REQUEST + "/comments"))
                .willReturn(ok(200).withBody(list)));
        return this;
    }

    /** docs.github.com/rest/issues/comments#create-an-issue-comment: 201 with the comment. */
    public GitHubApiStubs createComment() {
        server.stubFor(post(urlPathEqualTo(REPO + "/issues/" + PULL_REQUEST + "/comments"))
                .willReturn(ok(201).withBody(comment("created"))));
        return this;
    }

    /** docs.github.com/rest/issues/comments#update-an-issue-comment: 200 with the comment. */
    public GitHubApiStubs updateComment() {
        server.stubFor(patch(urlPathEqualTo(REPO + "/issues/comments/" + COMMENT_ID))
                .willReturn(ok(200).withBody(comment("updated"))));
        return this;
    }

    /**
     * The pull request's comment thread as GitHub holds it after the runs so far (see
     * {@link #remember}): list-issue-comments answers those comments, create-an-issue-comment
     * answers the next id, and update-an-issue-comment answers for each listed id (the documents
     * above). For tests where several runs, one after another, share one pull request.
     */
    public GitHubApiStubs thread() {
        List<String> listed = new ArrayList<>();
        thread.forEach((id, body) -> {
            listed.add(comment(id, body));
            server.stubFor(patch(urlPathEqualTo(REPO + "/issues/comments/" + id)).willReturn(ok(200).withBody(comment(id, "updated"))));
        });
        server.stubFor(get(urlPathEqualTo(REPO + "/issues/" + PULL_REQUEST + "/comments"))
                .willReturn(ok(200).withBody("[" + String.join(",", listed) + "]")));
        server.stubFor(post(urlPathEqualTo(REPO + "/issues/" + PULL_REQUEST + "/comments"))
                .willReturn(ok(201).withBody(comment(COMMENT_ID + thread.size(), "created"))));
        return this;
    }

    /** Applies a run's requests to the thread: the comments it created (with the ids answered) and edited. */
    public void remember(List<LoggedRequest> requests) {
        for (LoggedRequest request : requests) {
            String url = request.getUrl();
            String method = request.getMethod().value();
            if (method.equals("POST") && url.equals(REPO + "/issues/" + PULL_REQUEST + "/comments")) {
                thread.put(COMMENT_ID + thread.size(), body(request));
            } else if (method.equals("PATCH") && url.startsWith(REPO + "/issues/comments/")) {
                thread.put(Long.parseLong(url.substring(url.lastIndexOf('/') + 1)), body(request));
            }
        }
    }

    /** The thread's comments now: id → body, oldest first. */
    public Map<Long, String> comments() {
        return java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(thread));
    }

    private static String body(LoggedRequest request) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(request.getBodyAsString()).path("body").asText();
        } catch (IOException e) {
            throw new UncheckedIOException("not a JSON comment body: " + request.getBodyAsString(), e);
        }
    }

    /** Every request the stub server received, oldest first. */
    public List<LoggedRequest> requests() {
        return server.findAll(anyRequestedFor(anyUrl()));
    }

    /** "METHOD /path" of every request, oldest first. */
    public List<String> calls() {
        return requests().stream().map(r -> r.getMethod().value() + " " + r.getUrl()).toList();
    }

    private static String comment(String body) {
        return comment(COMMENT_ID, body);
    }

    private static String comment(long id, String body) {
        return resource("comment.json").replace(String.valueOf(COMMENT_ID), String.valueOf(id)).replace("\"BODY\"", quote(body));
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r") + "\"";
    }

    private static ResponseDefinitionBuilder json(int status, String file) {
        return ok(status).withBody(resource(file));
    }

    /** The headers GitHub sends with every REST answer. */
    private static ResponseDefinitionBuilder ok(int status) {
        return aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json; charset=utf-8")
                .withHeader("x-github-api-version-selected", "2022-11-28")
                .withHeader("x-ratelimit-limit", "5000").withHeader("x-ratelimit-remaining", "4990")
                .withHeader("x-ratelimit-used", "10").withHeader("x-ratelimit-resource", "core")
                .withHeader("x-ratelimit-reset", String.valueOf(java.time.Instant.now().plusSeconds(3600).getEpochSecond()));
    }

    public static String resource(String file) {
        try (InputStream in = GitHubApiStubs.class.getResourceAsStream("/github/" + file)) {
            if (in == null) throw new IllegalArgumentException("no test resource github/" + file);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
