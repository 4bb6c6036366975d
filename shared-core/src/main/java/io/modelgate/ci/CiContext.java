package io.modelgate.ci;

import io.modelgate.git.GitInfo;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where and why this run happens: the code's branch, the pull request's target branch (if
 * any), the commit, who started it and the CI run's URL. CI variables win over what git says,
 * since CIs check out detached heads and merge commits.
 *
 * @param platform     github, jenkins or local
 * @param branch       the branch the code comes from (a PR's head branch)
 * @param targetBranch a pull request's target branch, null outside pull requests
 * @param commit       the commit the code is at
 * @param actor        the person who caused this run, whom an {@code actors} rule binds: on GitHub
 *                     {@code GITHUB_TRIGGERING_ACTOR} (who started it, also a re-run), else
 *                     {@code GITHUB_ACTOR}; on Jenkins the user who started the build
 *                     ({@code BUILD_USER_ID}), else a pull request's author ({@code CHANGE_AUTHOR}),
 *                     else nobody (an SCM-triggered build has no person; the agent's account is
 *                     not one); locally the login
 * @param runUrl       link to the CI run, null when local
 */
public record CiContext(String platform, String branch, String targetBranch, String commit, String actor, String runUrl) {

    public boolean isPullRequest() {
        return targetBranch != null;
    }

    /** Reads GitHub Actions or Jenkins variables; falls back to git for what they do not say. */
    public static CiContext detect(Map<String, String> env, Path projectDir) {
        CiContext fromCi;
        if ("true".equals(env.get("GITHUB_ACTIONS"))) {
            String headRef = blankToNull(env.get("GITHUB_HEAD_REF"));
            fromCi = new CiContext("github",
                    headRef != null ? headRef : blankToNull(env.get("GITHUB_REF_NAME")),
                    headRef != null ? blankToNull(env.get("GITHUB_BASE_REF")) : null,
                    blankToNull(env.get("GITHUB_SHA")),
                    // A re-run keeps GITHUB_ACTOR (the first run's) but runs at its triggering actor's word.
                    firstNonNull(env.get("GITHUB_TRIGGERING_ACTOR"), env.get("GITHUB_ACTOR")),
                    runUrl(env));
        } else if (env.get("JENKINS_URL") != null || env.get("BUILD_URL") != null) {
            String changeBranch = blankToNull(env.get("CHANGE_BRANCH"));
            String target = blankToNull(env.get("CHANGE_TARGET"));
            fromCi = new CiContext("jenkins",
                    changeBranch != null ? changeBranch : blankToNull(env.get("BRANCH_NAME")),
                    target,
                    blankToNull(env.get("GIT_COMMIT")),
                    firstNonNull(env.get("BUILD_USER_ID"), env.get("CHANGE_AUTHOR")),
                    runUrl(env));
        } else {
            fromCi = new CiContext("local", null, null, null, firstNonNull(env.get("USER"), env.get("LOGNAME")), null);
        }
        if (fromCi.branch != null && fromCi.commit != null) {
            return fromCi;
        }
        Optional<GitInfo> git = GitInfo.read(projectDir);
        return new CiContext(fromCi.platform,
                fromCi.branch != null ? fromCi.branch : git.map(GitInfo::branch).orElse(null),
                fromCi.targetBranch,
                fromCi.commit != null ? fromCi.commit : git.map(GitInfo::commit).orElse(null),
                fromCi.actor,
                fromCi.runUrl);
    }

    /** The link to the CI run: the Actions run page, or the Jenkins build's BUILD_URL; null when neither. */
    public static String runUrl(Map<String, String> env) {
        if ("true".equals(env.get("GITHUB_ACTIONS"))) {
            return env.get("GITHUB_SERVER_URL") != null && env.get("GITHUB_REPOSITORY") != null && env.get("GITHUB_RUN_ID") != null
                    ? env.get("GITHUB_SERVER_URL") + "/" + env.get("GITHUB_REPOSITORY") + "/actions/runs/" + env.get("GITHUB_RUN_ID")
                    : null;
        }
        return blankToNull(env.get("BUILD_URL"));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static String firstNonNull(String... values) {
        for (String value : values) {
            if (blankToNull(value) != null) return value;
        }
        return null;
    }
}
