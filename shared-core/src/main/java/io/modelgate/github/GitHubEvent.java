package io.modelgate.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelgate.fault.Fault;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What triggered an Actions run, read from {@code GITHUB_EVENT_NAME} and the webhook payload at
 * {@code GITHUB_EVENT_PATH}. For pull requests the commit is the PR's head
 * ({@code pull_request.head.sha}), never the merge commit that {@code GITHUB_SHA} names: checks
 * and statuses must land on the commit the PR shows.
 *
 * @param name        the event name, e.g. pull_request, push, workflow_dispatch
 * @param sha         the commit to report on
 * @param pullRequest the PR number, null outside pull requests
 * @param headRepo    full name of the repository the PR's code comes from (null when deleted)
 * @param baseRepo    full name of the repository the PR targets
 * @param actor       who triggered the run
 */
public record GitHubEvent(String name, String sha, Integer pullRequest, String headRepo, String baseRepo, String actor) {

    public static GitHubEvent read(Map<String, String> env) {
        String name = env.getOrDefault("GITHUB_EVENT_NAME", "");
        String actor = env.get("GITHUB_ACTOR");
        String path = env.get("GITHUB_EVENT_PATH");
        JsonNode payload = null;
        if (path != null && !path.isEmpty()) {
            try {
                payload = new ObjectMapper().readTree(Files.readString(Path.of(path)));
            } catch (IOException e) {
                throw Fault.usage("GITHUB_EVENT_PATH " + path + ": cannot read the event payload: "
                        + (e.getMessage() == null ? e : e.getMessage().lines().findFirst().orElse("")));
            }
        }
        JsonNode pr = payload == null ? null : payload.path("pull_request");
        if (pr != null && pr.isObject()) {
            String headSha = text(pr.path("head").path("sha"));
            if (headSha == null) {
                throw Fault.usage("GITHUB_EVENT_PATH " + path + ": pull_request.head.sha is missing from the " + name + " payload");
            }
            return new GitHubEvent(name, headSha, pr.path("number").asInt(),
                    text(pr.path("head").path("repo").path("full_name")),
                    text(pr.path("base").path("repo").path("full_name")), actor);
        }
        return new GitHubEvent(name, env.get("GITHUB_SHA"), null, null, env.get("GITHUB_REPOSITORY"), actor);
    }

    public boolean isPullRequest() {
        return pullRequest != null;
    }

    /**
     * Why this run gets a read-only token and no secrets, if it does: a PR from a fork (head
     * repository other than the base, or deleted) or a PR run triggered by Dependabot.
     */
    public Optional<String> untrustedReason() {
        if (!isPullRequest()) {
            return Optional.empty();
        }
        if ("dependabot[bot]".equals(actor)) {
            return Optional.of("a Dependabot pull request");
        }
        if (headRepo == null || !headRepo.equals(baseRepo)) {
            return Optional.of("a pull request from the fork " + (headRepo == null ? "(deleted)" : headRepo));
        }
        return Optional.empty();
    }

    private static String text(JsonNode node) {
        return node.isTextual() && !node.asText().isEmpty() ? node.asText() : null;
    }
}
