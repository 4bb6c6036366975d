package io.modelgate.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelgate.fault.Fault;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Who approved a workflow run's deployments, and who is in a team: the two GitHub reads
 * {@code require_approval} needs. github-api 1.330 binds neither, so they are two GETs on the JDK's
 * client, following the REST reference:
 * <ul>
 *   <li>GET /repos/{owner}/{repo}/actions/runs/{run_id}/approvals (docs.github.com/rest/actions/workflow-runs
 *       #get-the-review-history-for-a-workflow-run): an array of {@code {environments: [{name, ...}], state:
 *       approved|rejected|pending, user: {login, ...}, comment}}; the token needs {@code actions: read};</li>
 *   <li>GET /orgs/{org}/teams/{team_slug}/memberships/{username} (docs.github.com/rest/teams/members
 *       #get-team-membership-for-a-user): 200 with {@code state: active|pending}, 404 when not a member.</li>
 * </ul>
 */
public final class DeploymentReviews {

    /** One entry of the run's review log. */
    public record Review(String user, String state, List<String> environments, String comment) {
        public boolean approves(String environment) {
            return "approved".equals(state) && environments.stream().anyMatch(environment::equalsIgnoreCase);
        }
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String apiUrl;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    public DeploymentReviews(String apiUrl, String token) {
        this.apiUrl = apiUrl.replaceAll("/+$", "");
        this.token = token;
    }

    /** The review log of the run, oldest first. */
    public List<Review> reviews(String repository, String runId) {
        String path = "/repos/" + repository + "/actions/runs/" + encode(runId) + "/approvals";
        HttpResponse<String> answer = get(path, "the review log of run " + runId);
        if (answer.statusCode() != 200) throw refused(answer, "the review log of run " + runId + " of " + repository,
                "the job's token needs permissions actions: read");
        List<Review> reviews = new ArrayList<>();
        for (JsonNode entry : parse(answer, path)) {
            List<String> environments = new ArrayList<>();
            entry.path("environments").forEach(e -> environments.add(e.path("name").asText("")));
            reviews.add(new Review(entry.path("user").path("login").asText(""), entry.path("state").asText(""), environments,
                    entry.path("comment").asText("")));
        }
        return reviews;
    }

    /**
     * The run's status and commit (GET /repos/{owner}/{repo}/actions/runs/{run_id}, docs.github.com/rest/actions/workflow-runs
     * #get-a-workflow-run): approvals count only for the run in progress, at the commit being promoted.
     */
    public record Run(String status, String headSha) {
    }

    public Run run(String repository, String runId) {
        String path = "/repos/" + repository + "/actions/runs/" + encode(runId);
        HttpResponse<String> answer = get(path, "run " + runId);
        if (answer.statusCode() != 200) throw refused(answer, "run " + runId + " of " + repository, "the job's token needs permissions actions: read");
        JsonNode run = parse(answer, path);
        return new Run(run.path("status").asText(""), run.path("head_sha").asText(""));
    }

    /**
     * The GitHub login of a commit's author, when GitHub links the commit to an account (GET
     * /repos/{owner}/{repo}/commits/{ref}, docs.github.com/rest/commits/commits#get-a-commit: {@code author.login}).
     */
    public java.util.Optional<String> commitAuthorLogin(String repository, String sha) {
        String path = "/repos/" + repository + "/commits/" + encode(sha);
        HttpResponse<String> answer = get(path, "commit " + sha);
        if (answer.statusCode() != 200) throw refused(answer, "commit " + sha + " of " + repository, "the job's token needs contents: read");
        String login = parse(answer, path).path("author").path("login").asText("");
        return login.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(login);
    }

    /** Whether the user is an active member of the team, written org/team. */
    public boolean isTeamMember(String team, String user) {
        String[] orgAndTeam = team.split("/", 2);
        String path = "/orgs/" + encode(orgAndTeam[0]) + "/teams/" + encode(orgAndTeam[1]) + "/memberships/" + encode(user);
        HttpResponse<String> answer = get(path, "the membership of " + user + " in team " + team);
        if (answer.statusCode() == 404) return false;
        if (answer.statusCode() != 200) throw refused(answer, "the membership of " + user + " in team " + team,
                "the token needs read access to the organization's teams (members: read)");
        return "active".equals(parse(answer, path).path("state").asText());
    }

    private HttpResponse<String> get(String path, String what) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(apiUrl + path)).timeout(TIMEOUT).GET()
                .header("Accept", "application/vnd.github+json").header("X-GitHub-Api-Version", "2022-11-28")
                .header("Authorization", "Bearer " + token).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw Fault.infrastructure("GitHub at " + apiUrl + " did not answer for " + what + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Fault.infrastructure("interrupted while reading " + what + " from GitHub", e);
        }
    }

    private JsonNode parse(HttpResponse<String> answer, String path) {
        try {
            return JSON.readTree(answer.body());
        } catch (IOException e) {
            throw Fault.infrastructure("GitHub answered " + path + " with something other than JSON", e);
        }
    }

    /** Refused credentials or permissions are the configuration's to fix (exit 2); a failing server is infrastructure (exit 3). */
    private Fault refused(HttpResponse<String> answer, String what, String permission) {
        int status = answer.statusCode();
        String message = "GitHub answered HTTP " + status + " for " + what;
        return status == 401 || status == 403 || status == 404 ? Fault.usage(message + ": " + permission) : Fault.infrastructure(message, null);
    }

    private static String encode(String part) {
        return URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
