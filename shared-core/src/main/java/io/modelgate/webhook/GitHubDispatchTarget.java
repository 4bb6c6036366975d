package io.modelgate.webhook;

import io.modelgate.config.GitHubDispatchConfig;
import io.modelgate.github.RepositoryDispatch;
import org.kohsuke.github.GHFileNotFoundException;
import org.kohsuke.github.HttpException;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@code github} route: a repository_dispatch whose client_payload carries model, version,
 * alias, event and delivery_id (the workflow drops a delivery id it has run), or a
 * workflow_dispatch with the route's inputs.
 */
final class GitHubDispatchTarget implements Target {

    private final GitHubDispatchConfig config;
    private final RepositoryDispatch github;
    private final Map<String, String> extra;

    /** @param extra placeholders besides the event's ({environment}) */
    GitHubDispatchTarget(GitHubDispatchConfig config, RepositoryDispatch github, Map<String, String> extra) {
        this.config = config;
        this.github = github;
        this.extra = extra;
    }

    @Override
    public Outcome forward(Forward forward) {
        Map<String, String> values = new LinkedHashMap<>(forward.event().placeholders());
        values.putAll(extra);
        try {
            if (config.eventType() != null) {
                Map<String, Object> payload = new LinkedHashMap<>();
                values.forEach((key, value) -> {
                    if (value != null) payload.put(key, value);
                });
                github.dispatch(config.repository(), Routes.fill(config.eventType(), values), payload);
                return Outcome.delivered("repository_dispatch " + config.repository());
            }
            Map<String, String> inputs = config.inputs() != null ? config.inputs()
                    : Map.of("model", "{model}", "version", "{version}", "delivery_id", "{delivery_id}");
            github.dispatchWorkflow(config.repository(), config.workflow(), config.ref(), new LinkedHashMap<>(Routes.fill(inputs, values)));
            return Outcome.delivered("workflow_dispatch " + config.repository() + " " + config.workflow() + "@" + config.ref());
        } catch (GHFileNotFoundException e) {
            return Outcome.refused("GitHub answered 404 for " + config.repository() + ": no such repository or workflow, or the token cannot see it");
        } catch (HttpException e) {
            if (RepositoryDispatch.isRateLimit(e)) return Outcome.retry(firstLine(e.getMessage()));
            // github-api reports a connection that failed, or its own retries running out, as HTTP code -1.
            if (e.getResponseCode() <= 0) return Outcome.retry("GitHub: " + firstLine(e.getMessage()));
            return Outcome.ofStatus(e.getResponseCode(), "GitHub answered " + e.getResponseCode() + ": " + firstLine(e.getMessage()));
        } catch (IOException e) {
            return Outcome.retry("cannot reach GitHub at " + config.apiUrl() + ": " + firstLine(String.valueOf(e.getMessage())));
        }
    }

    static String firstLine(String text) {
        return text == null ? "" : text.lines().findFirst().orElse("");
    }
}
