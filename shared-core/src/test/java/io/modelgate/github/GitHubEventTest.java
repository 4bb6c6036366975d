package io.modelgate.github;

import io.modelgate.fault.Fault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Payloads in src/test/resources/github/events follow docs.github.com/webhooks/webhook-events-and-payloads. */
class GitHubEventTest {

    @TempDir
    Path dir;

    private Map<String, String> env(String name, String payload, String actor) throws Exception {
        Path file = dir.resolve(payload);
        Files.writeString(file, GitHubApiStubs.resource("events/" + payload));
        return Map.of("GITHUB_EVENT_NAME", name, "GITHUB_EVENT_PATH", file.toString(), "GITHUB_ACTOR", actor,
                "GITHUB_SHA", GitHubApiStubs.MERGE_SHA, "GITHUB_REPOSITORY", GitHubApiStubs.REPOSITORY);
    }

    @Test
    void pullRequestReportsOnTheHeadCommitNeverTheMergeCommit() throws Exception {
        GitHubEvent event = GitHubEvent.read(env("pull_request", "pull_request.json", "ml-engineer"));
        assertEquals(GitHubApiStubs.HEAD_SHA, event.sha());
        assertEquals(42, event.pullRequest());
        assertEquals(Optional.empty(), event.untrustedReason());
    }

    @Test
    void forkAndDependabotPullRequestsAreUntrusted() throws Exception {
        assertEquals(Optional.of("a pull request from the fork outside-contributor/fraud-detection"),
                GitHubEvent.read(env("pull_request", "pull_request-fork.json", "outside-contributor")).untrustedReason());
        assertEquals(Optional.of("a Dependabot pull request"),
                GitHubEvent.read(env("pull_request", "pull_request.json", "dependabot[bot]")).untrustedReason());
    }

    @Test
    void otherEventsReportOnGithubSha() throws Exception {
        for (String name : new String[] {"push", "workflow_dispatch", "repository_dispatch"}) {
            GitHubEvent event = GitHubEvent.read(env(name, name + ".json", "dependabot[bot]"));
            assertEquals(GitHubApiStubs.MERGE_SHA, event.sha(), name);
            assertNull(event.pullRequest(), name);
            assertTrue(event.untrustedReason().isEmpty(), name);
        }
    }

    @Test
    void anUnreadablePayloadIsAUsageError() {
        Fault error = assertThrows(Fault.class, () -> GitHubEvent.read(Map.of("GITHUB_EVENT_PATH", dir.resolve("missing.json").toString())));
        assertEquals(Fault.Kind.USAGE, error.kind());
        assertTrue(error.getMessage().startsWith("GITHUB_EVENT_PATH " + dir.resolve("missing.json") + ": cannot read the event payload"), error.getMessage());
    }
}
