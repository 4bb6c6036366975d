package io.modelgate.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.modelgate.step.StepResult;
import io.modelgate.step.Verdict;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The publisher against WireMock answers shaped like GitHub's REST API (see GitHubApiStubs). */
class GitHubPublisherTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "ghs_canaryToken0000000000000000000000";

    private final WireMockServer server = new WireMockServer(options().dynamicPort());
    private final GitHubApiStubs github = new GitHubApiStubs(server);
    private final List<Duration> waits = new ArrayList<>();
    private GitHubPublisher publisher;

    @BeforeEach
    void start() throws IOException {
        server.start();
        github.repository();
        publisher = new GitHubPublisher(new GitHubTarget(github.apiUrl(), GitHubApiStubs.REPOSITORY, GitHubApiStubs.HEAD_SHA,
                GitHubApiStubs.PULL_REQUEST, "PR checks", TOKEN), waits::add, GitHubPublisher.Timeouts.DEFAULT);
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private static StepResult failedWithAnnotations(int count) {
        StepResult.Builder result = StepResult.builder("check-data", Verdict.FAILED, count + " checks failed");
        for (int i = 1; i <= count; i++) {
            result.annotation(new StepResult.Annotation(StepResult.Annotation.Level.ERROR, "data/features.yaml", i, "range", "value out of range in row " + i));
        }
        // No file: GitHub refuses an annotation without a path, so this one stays in the summary only.
        result.annotation(new StepResult.Annotation(StepResult.Annotation.Level.WARNING, null, null, null, "no file"));
        return result.build();
    }

    private List<JsonNode> bodies(String method, String path) throws IOException {
        List<JsonNode> bodies = new ArrayList<>();
        for (LoggedRequest request : github.requests()) {
            if (request.getMethod().value().equals(method) && request.getUrl().equals(path)) {
                bodies.add(JSON.readTree(request.getBodyAsString()));
            }
        }
        return bodies;
    }

    @Test
    void checkRunGoesInProgressThenCompletesWithAnnotationsInBatchesOf50() throws Exception {
        github.createCheckRun().updateCheckRun();
        GitHubPublisher.Check check = publisher.start(GitHubPublisher.checkName("check-data", null), "https://github.com/run/1");
        String longReport = "### report\n" + "| metric | value |\n".repeat(5_000);
        publisher.complete(check, failedWithAnnotations(120), longReport, "https://github.com/run/1");

        JsonNode created = bodies("POST", "/repos/octo-org/fraud-detection/check-runs").get(0);
        assertEquals("modelgate/check-data", created.path("name").asText());
        assertEquals(GitHubApiStubs.HEAD_SHA, created.path("head_sha").asText());
        assertEquals("in_progress", created.path("status").asText());
        List<JsonNode> updates = bodies("PATCH", "/repos/octo-org/fraud-detection/check-runs/4");
        assertEquals(List.of(50, 50, 20), updates.stream().map(u -> u.at("/output/annotations").size()).toList());
        JsonNode first = updates.get(0);
        assertEquals("completed", first.path("status").asText());
        assertEquals("failure", first.path("conclusion").asText());
        assertEquals("failed: 120 checks failed", first.at("/output/title").asText());
        String summary = first.at("/output/summary").asText();
        assertTrue(summary.length() <= GitHubPublisher.SUMMARY_LIMIT, "summary of " + summary.length() + " characters");
        assertTrue(summary.endsWith("the full report is in the job summary._\n"), summary.substring(summary.length() - 100));
        JsonNode annotation = first.at("/output/annotations/0");
        assertEquals("data/features.yaml", annotation.path("path").asText());
        assertEquals(1, annotation.path("start_line").asInt());
        assertEquals("failure", annotation.path("annotation_level").asText());
        assertEquals("range", annotation.path("title").asText());
        assertEquals("Bearer " + TOKEN, github.requests().get(0).getHeader("Authorization"));
        assertEquals(List.of("GET /repos/octo-org/fraud-detection", "POST /repos/octo-org/fraud-detection/check-runs",
                "PATCH /repos/octo-org/fraud-detection/check-runs/4", "PATCH /repos/octo-org/fraud-detection/check-runs/4",
                "PATCH /repos/octo-org/fraud-detection/check-runs/4"), github.calls());
    }

    @ParameterizedTest
    @ValueSource(ints = {403, 404})
    void withoutChecksWritePermissionItFallsBackToACommitStatusWithTheSameName(int refusal) throws Exception {
        github.createCheckRunRefused(refusal).createStatus(GitHubApiStubs.HEAD_SHA);
        String name = GitHubPublisher.checkName("validate-model", "fraud-detector");
        GitHubPublisher.Check check = publisher.start(name, "https://github.com/run/1");
        assertTrue(check.isStatus());
        publisher.complete(check, StepResult.builder("validate-model", Verdict.FAILED, "roc_auc 0.71 below threshold 0.80").build(), "report", "https://github.com/run/1");

        List<JsonNode> statuses = bodies("POST", "/repos/octo-org/fraud-detection/statuses/" + GitHubApiStubs.HEAD_SHA);
        assertEquals(2, statuses.size());
        assertEquals("pending", statuses.get(0).path("state").asText());
        assertEquals("failure", statuses.get(1).path("state").asText());
        assertEquals("modelgate/validate-model (fraud-detector)", statuses.get(1).path("context").asText());
        assertEquals("failed: roc_auc 0.71 below threshold 0.80", statuses.get(1).path("description").asText());
        assertEquals("https://github.com/run/1", statuses.get(1).path("target_url").asText());
        assertEquals(1, bodies("POST", "/repos/octo-org/fraud-detection/check-runs").size(), "no retry of a refusal");
    }

    @Test
    void secondaryRateLimitIsWaitedOutForRetryAfterThenRetried() throws Exception {
        github.createCheckRunAfterSecondaryLimit(7);
        GitHubPublisher.Check check = publisher.start("modelgate/unit-tests", null);
        assertEquals(GitHubApiStubs.CHECK_RUN_ID, check.checkRunId());
        assertEquals(List.of(Duration.ofSeconds(7)), waits);
        assertEquals(2, bodies("POST", "/repos/octo-org/fraud-detection/check-runs").size());
    }

    @Test
    void retriesAreBounded() {
        github.createCheckRunAlwaysLimited();
        IOException error = assertThrows(IOException.class, () -> publisher.start("modelgate/unit-tests", null));
        // github-api makes three attempts per request; the publisher's own budget caps the waits of a whole run.
        assertTrue(error.getMessage().contains("Ran out of retries") || error.getMessage().contains("gave up after 3 waits"), error.getMessage());
        assertEquals(3, github.calls().stream().filter(c -> c.startsWith("POST")).count(), github.calls().toString());
        assertTrue(waits.size() <= 3, waits.toString());
    }

    @Test
    void exhaustedPrimaryLimitWaitsUntilTheReset() throws Exception {
        long reset = Instant.now().plusSeconds(30).getEpochSecond();
        github.createCheckRunRefused(403).createStatusAfterPrimaryLimit(reset);
        publisher.start("modelgate/unit-tests", null);
        assertEquals(1, waits.size());
        assertTrue(waits.get(0).toSeconds() > 20 && waits.get(0).toSeconds() <= 30, waits.toString());
        assertEquals(2, bodies("POST", "/repos/octo-org/fraud-detection/statuses/" + GitHubApiStubs.HEAD_SHA).size());
    }

    @Test
    void anApiThatNeverAnswersCostsOneReadTimeoutAndPublishingStaysAWarning() throws Exception {
        server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.any(com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching(".*/(check-runs|statuses|issues).*"))
                .atPriority(1).willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(201).withFixedDelay(20_000)));
        GitHubTarget target = new GitHubTarget(github.apiUrl(), GitHubApiStubs.REPOSITORY, GitHubApiStubs.HEAD_SHA,
                GitHubApiStubs.PULL_REQUEST, "PR checks", TOKEN);
        GitHubPublisher.Timeouts quick = new GitHubPublisher.Timeouts(Duration.ofSeconds(2), Duration.ofMillis(500), Duration.ofSeconds(5));
        List<String> warnings = new ArrayList<>();
        long started = System.nanoTime();
        GitHubReport report = GitHubReport.start(() -> new GitHubPublisher(target, waits::add, quick), target, "unit-tests", null, null, warnings::add);
        report.finish(StepResult.builder("unit-tests", Verdict.PASSED, "12 tests passed").build(), io.modelgate.secret.SecretMasker.none());
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertTrue(took.compareTo(Duration.ofSeconds(8)) < 0, "bounded by the read timeouts, not the 20 s the API takes: " + took);
        assertEquals(2, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("could not start the check modelgate/unit-tests: GitHub did not answer POST /repos/"), warnings.get(0));
        assertTrue(warnings.get(1).contains("GitHub did not answer"), warnings.get(1));
    }

    @Test
    void aPhaseOfPublishingStopsWhenItsBudgetIsSpent() throws Exception {
        server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching(".*/issues/.*"))
                .atPriority(1).willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(200).withFixedDelay(20_000)));
        GitHubPublisher slow = new GitHubPublisher(new GitHubTarget(github.apiUrl(), GitHubApiStubs.REPOSITORY, GitHubApiStubs.HEAD_SHA,
                GitHubApiStubs.PULL_REQUEST, "PR checks", TOKEN), waits::add,
                new GitHubPublisher.Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofMillis(1500)));
        long started = System.nanoTime();
        IOException spent = assertThrows(IOException.class, () -> slow.upsertComment("<!-- m -->", "unit-tests", "passed"));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, "cut to the 1.5 s left of the budget, not the 10 s read limit: " + took);
        assertTrue(GitHubReport.why(spent).startsWith("GitHub did not answer GET /repos/"), GitHubReport.why(spent));
    }

    @Test
    void stickyCommentIsCreatedOnceThenUpdatedInPlace() throws Exception {
        String marker = StickyComment.marker("PR checks", "fraud-detector");
        github.pullRequestIssue().comments(null).createComment();
        assertEquals(GitHubApiStubs.COMMENT_ID, publisher.upsertComment(marker, "validate-model", "### validation table"));
        JsonNode created = bodies("POST", "/repos/octo-org/fraud-detection/issues/42/comments").get(0);
        assertEquals("<!-- modelgate:PR checks:fraud-detector -->\n<!-- modelgate-step:validate-model -->\n### validation table\n<!-- /modelgate-step:validate-model -->\n",
                created.path("body").asText());

        server.resetAll();
        github.repository().pullRequestIssue().comments(created.path("body").asText()
                + "\n<!-- modelgate-step:unit-tests -->\n12 tests passed\n<!-- /modelgate-step:unit-tests -->\n").updateComment();
        publisher.upsertComment(marker, "validate-model", "### new validation table");
        List<JsonNode> updates = bodies("PATCH", "/repos/octo-org/fraud-detection/issues/comments/1253");
        assertEquals(1, updates.size());
        String body = updates.get(0).path("body").asText();
        assertTrue(body.startsWith(marker), body);
        assertTrue(body.contains("### new validation table") && !body.contains("### validation table"), body);
        assertTrue(body.contains("12 tests passed"), "the other step's section is kept: " + body);
        assertFalse(github.calls().stream().anyMatch(c -> c.startsWith("POST")), "never a new comment: " + github.calls());
    }
}
