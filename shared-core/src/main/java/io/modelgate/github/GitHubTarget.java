package io.modelgate.github;

import io.modelgate.fault.Fault;

import java.util.Map;

/**
 * Where results are published: the REST API, the repository, the commit and the pull request.
 * Actions and Jenkins fill it from their own variables; the token comes only from the environment.
 *
 * @param apiUrl      REST API base, e.g. https://api.github.com or an Enterprise server's /api/v3
 * @param repository  owner/name
 * @param sha         the commit checks and statuses go on
 * @param pullRequest the PR the sticky comment goes on, null for none
 * @param workflow    the workflow (or Jenkins job) name, part of the sticky comment's marker
 * @param token       the API token
 */
public record GitHubTarget(String apiUrl, String repository, String sha, Integer pullRequest, String workflow, String token) {

    public static final String DEFAULT_API_URL = "https://api.github.com";

    @Override
    public String toString() {
        // Never print the token.
        return "GitHubTarget[" + repository + "@" + sha + (pullRequest == null ? "" : " #" + pullRequest) + "]";
    }

    /** From the variables Actions sets ({@code GITHUB_API_URL}, {@code GITHUB_REPOSITORY}, {@code GITHUB_WORKFLOW}). */
    public static GitHubTarget fromActions(Map<String, String> env, GitHubEvent event, String token) {
        return new GitHubTarget(env.getOrDefault("GITHUB_API_URL", DEFAULT_API_URL), require(env, "GITHUB_REPOSITORY"),
                event.sha(), event.pullRequest(), env.getOrDefault("GITHUB_WORKFLOW", "workflow"), token);
    }

    /**
     * From a Jenkins multibranch build of a GitHub repository: {@code CHANGE_ID} (the PR number,
     * absent on branch builds), {@code GIT_COMMIT}, {@code GITHUB_REPOSITORY} (owner/name),
     * {@code JOB_NAME}; {@code GITHUB_API_URL} for GitHub Enterprise.
     */
    public static GitHubTarget fromJenkins(Map<String, String> env, String token) {
        String change = env.get("CHANGE_ID");
        Integer pullRequest;
        try {
            pullRequest = change == null || change.isEmpty() ? null : Integer.valueOf(change);
        } catch (NumberFormatException e) {
            throw Fault.usage("CHANGE_ID: expected a pull request number, got \"" + change + "\"");
        }
        return new GitHubTarget(env.getOrDefault("GITHUB_API_URL", DEFAULT_API_URL), require(env, "GITHUB_REPOSITORY"),
                require(env, "GIT_COMMIT"), pullRequest, env.getOrDefault("JOB_NAME", "jenkins"), token);
    }

    private static String require(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isEmpty()) {
            throw Fault.usage(name + " is not set: needed to publish results to GitHub");
        }
        return value;
    }
}
