package io.modelgate.github;

import io.modelgate.fault.Fault;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GitHubTargetTest {

    private static final String TOKEN = "ghp_canary000000000000000000000000000";

    @Test
    void jenkinsMultibranchPullRequestBuild() {
        GitHubTarget target = GitHubTarget.fromJenkins(Map.of("CHANGE_ID", "42", "GIT_COMMIT", GitHubApiStubs.HEAD_SHA,
                "GITHUB_REPOSITORY", GitHubApiStubs.REPOSITORY, "JOB_NAME", "fraud-detection/PR-42"), TOKEN);
        assertEquals(new GitHubTarget("https://api.github.com", GitHubApiStubs.REPOSITORY, GitHubApiStubs.HEAD_SHA, 42, "fraud-detection/PR-42", TOKEN), target);
        assertFalse(target.toString().contains(TOKEN), target.toString());
    }

    @Test
    void jenkinsBranchBuildHasNoPullRequestAndEnterpriseUrlsAreKept() {
        GitHubTarget target = GitHubTarget.fromJenkins(Map.of("GIT_COMMIT", "abc", "GITHUB_REPOSITORY", "o/r",
                "GITHUB_API_URL", "https://github.example.com/api/v3"), TOKEN);
        assertEquals(null, target.pullRequest());
        assertEquals("https://github.example.com/api/v3", target.apiUrl());
    }

    @Test
    void missingOrBadVariablesAreUsageErrors() {
        assertEquals("GIT_COMMIT is not set: needed to publish results to GitHub",
                assertThrows(Fault.class, () -> GitHubTarget.fromJenkins(Map.of("GITHUB_REPOSITORY", "o/r"), TOKEN)).getMessage());
        assertEquals("CHANGE_ID: expected a pull request number, got \"PR-7\"",
                assertThrows(Fault.class, () -> GitHubTarget.fromJenkins(Map.of("CHANGE_ID", "PR-7", "GIT_COMMIT", "a", "GITHUB_REPOSITORY", "o/r"), TOKEN)).getMessage());
    }
}
