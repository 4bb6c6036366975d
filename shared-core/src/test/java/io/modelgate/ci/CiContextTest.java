package io.modelgate.ci;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The identity an actors rule binds is the person who caused this run, on both platforms. */
class CiContextTest {

    @TempDir
    Path dir;

    private static Map<String, String> github(String actor, String triggering) {
        Map<String, String> env = new HashMap<>(Map.of("GITHUB_ACTIONS", "true", "GITHUB_REF_NAME", "release/1.0", "GITHUB_SHA", "feedc0de",
                "GITHUB_ACTOR", actor));
        if (triggering != null) env.put("GITHUB_TRIGGERING_ACTOR", triggering);
        return env;
    }

    @Test
    void onGitHubAReRunIsBoundToWhoeverStartedIt() {
        assertEquals("mallory", CiContext.detect(github("alice", "mallory"), dir).actor(), "mallory re-ran alice's run");
        assertEquals("alice", CiContext.detect(github("alice", "alice"), dir).actor());
        assertEquals("alice", CiContext.detect(github("alice", null), dir).actor(), "GitHub Enterprise before 3.6 sets no triggering actor");
    }

    @Test
    void onJenkinsTheUserWhoStartedTheBuildElseThePullRequestsAuthorNeverTheAgentsAccount() {
        Map<String, String> env = new HashMap<>(Map.of("JENKINS_URL", "https://ci", "BRANCH_NAME", "release/1.0", "GIT_COMMIT", "feedc0de",
                "USER", "jenkins"));
        assertNull(CiContext.detect(env, dir).actor(), "a build started by a push has no person behind it");
        env.put("CHANGE_AUTHOR", "bob");
        assertEquals("bob", CiContext.detect(env, dir).actor());
        env.put("BUILD_USER_ID", "carol");
        assertEquals("carol", CiContext.detect(env, dir).actor());
    }
}
