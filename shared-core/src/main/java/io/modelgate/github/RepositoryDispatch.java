package io.modelgate.github;

import org.kohsuke.github.GHRepository;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubBuilder;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Starts workflows from outside GitHub: {@code repository_dispatch} (docs.github.com/rest/repos/repos
 * #create-a-repository-dispatch-event) and {@code workflow_dispatch} (docs.github.com/rest/actions/workflows
 * #create-a-workflow-dispatch-event), through github-api, waiting out rate limits as the publisher does.
 */
public final class RepositoryDispatch {

    private static final int MAX_RATE_LIMIT_WAITS = 3;
    private static final Duration MAX_RATE_LIMIT_WAIT = Duration.ofMinutes(2);

    private final GitHub github;
    private final Map<String, GHRepository> repositories = new ConcurrentHashMap<>();

    public RepositoryDispatch(String apiUrl, String token) throws IOException {
        this(apiUrl, token, duration -> Thread.sleep(duration.toMillis()));
    }

    RepositoryDispatch(String apiUrl, String token, RateLimits.Sleeper sleeper) throws IOException {
        // Each call and each wait is bounded: a dispatch that cannot finish is retried later by the relay.
        java.util.function.Supplier<Duration> budget = () -> MAX_RATE_LIMIT_WAIT;
        RateLimits limits = new RateLimits(sleeper, MAX_RATE_LIMIT_WAITS, MAX_RATE_LIMIT_WAIT, budget);
        String authorization = "Bearer " + token;
        GitHubPublisher.Timeouts timeouts = GitHubPublisher.Timeouts.DEFAULT;
        this.github = new GitHubBuilder().withEndpoint(apiUrl).withAuthorizationProvider(() -> authorization)
                .withConnector(new TimedConnector(timeouts.connect(), timeouts.read(), budget))
                .withAbuseLimitHandler(limits.secondaryLimit()).withRateLimitHandler(limits.primaryLimit()).build();
    }

    /** POST /repos/{owner}/{repo}/dispatches with this event type and client payload. */
    public void dispatch(String repository, String eventType, Map<String, Object> clientPayload) throws IOException {
        repository(repository).dispatch(eventType, clientPayload);
    }

    /** POST /repos/{owner}/{repo}/actions/workflows/{workflow}/dispatches on {@code ref} with these inputs. */
    public void dispatchWorkflow(String repository, String workflow, String ref, Map<String, Object> inputs) throws IOException {
        repository(repository).getWorkflow(workflow).dispatch(ref, inputs);
    }

    /** Whether a failure was a rate limit that outlasted the waits allowed (worth another try later). */
    public static boolean isRateLimit(IOException e) {
        return e.getMessage() != null && e.getMessage().contains("rate limit");
    }

    private GHRepository repository(String name) throws IOException {
        GHRepository found = repositories.get(name);
        if (found == null) {
            found = github.getRepository(name);
            repositories.put(name, found);
        }
        return found;
    }
}
