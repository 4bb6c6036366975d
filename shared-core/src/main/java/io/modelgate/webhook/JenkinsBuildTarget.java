package io.modelgate.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelgate.config.JenkinsJobConfig;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Consumer;

/**
 * A {@code jenkins} route: {@code POST <job>/buildWithParameters} with a user's API token (Jenkins
 * "Remote access API"), a CSRF crumb from {@code /crumbIssuer/api/json} only when Jenkins asks for
 * one, then the queue item from the {@code Location} header followed until the build starts.
 */
final class JenkinsBuildTarget implements Target {

    static final Map<String, String> DEFAULT_PARAMETERS = defaults();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final JenkinsJobConfig config;
    private final String authorization;
    private final Map<String, String> extra;
    private final Consumer<String> log;
    private final Duration pollEvery;
    // Jenkins ties a crumb to the session that asked for it, so the client keeps its cookies.
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).cookieHandler(new CookieManager()).build();

    JenkinsBuildTarget(JenkinsJobConfig config, String user, String token, Map<String, String> extra, Consumer<String> log, Duration pollEvery) {
        this.config = config;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + token).getBytes(StandardCharsets.UTF_8));
        this.extra = extra;
        this.log = log;
        this.pollEvery = pollEvery;
    }

    private static Map<String, String> defaults() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("MODEL_NAME", "{model}");
        parameters.put("MODEL_VERSION", "{version}");
        parameters.put("MODEL_ALIAS", "{alias}");
        parameters.put("MLFLOW_EVENT", "{event}");
        parameters.put("MLFLOW_DELIVERY_ID", "{delivery_id}");
        return parameters;
    }

    @Override
    public Outcome forward(Forward forward) {
        Map<String, String> values = new LinkedHashMap<>(forward.event().placeholders());
        values.putAll(extra);
        Map<String, String> parameters = Routes.fill(config.parameters() != null ? config.parameters() : DEFAULT_PARAMETERS, values);
        String job = config.jobUrl().endsWith("/") ? config.jobUrl() : config.jobUrl() + "/";
        try {
            HttpResponse<String> answer = post(job + "buildWithParameters", form(parameters), null);
            if (answer.statusCode() == 403 && answer.body().contains("No valid crumb")) {
                String[] crumb = crumb(job);
                if (crumb == null) return Outcome.refused("Jenkins asked for a crumb and its crumb issuer gave none");
                answer = post(job + "buildWithParameters", form(parameters), crumb);
            }
            if (answer.statusCode() != 201) {
                return Outcome.ofStatus(answer.statusCode(), "Jenkins answered " + answer.statusCode() + " to buildWithParameters of " + job);
            }
            String queueItem = answer.headers().firstValue("Location").orElse(null);
            if (queueItem == null) return Outcome.delivered("queued " + job);
            return Outcome.delivered(follow(queueItem.endsWith("/") ? queueItem : queueItem + "/"));
        } catch (IOException e) {
            return Outcome.retry("cannot reach Jenkins at " + job + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + GitHubDispatchTarget.firstLine(e.getMessage())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.retry("interrupted while calling Jenkins");
        }
    }

    /**
     * Follows the queue item (GET {item}/api/json) until it names its build ({@code executable.url}),
     * is cancelled, or the route's queue timeout passes; the build is queued in every case.
     */
    private String follow(String queueItem) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(config.queueTimeout());
        while (true) {
            HttpResponse<String> answer = get(queueItem + "api/json");
            if (answer.statusCode() == 200) {
                JsonNode item = JSON.readTree(answer.body());
                String build = item.path("executable").path("url").asText("");
                if (!build.isEmpty()) {
                    log.accept("jenkins: build started: " + build);
                    return "build " + build;
                }
                if (item.path("cancelled").asBoolean(false)) {
                    log.accept("jenkins: queue item " + queueItem + " was cancelled in Jenkins");
                    return "queued " + queueItem + " (cancelled in Jenkins)";
                }
            }
            if (Instant.now().isAfter(deadline)) {
                log.accept("jenkins: queued " + queueItem + "; no build started within " + config.queueTimeout().toSeconds() + " s");
                return "queued " + queueItem;
            }
            Thread.sleep(pollEvery.toMillis());
        }
    }

    /** GET /crumbIssuer/api/json of the Jenkins the job is on: {crumbRequestField, crumb}. */
    private String[] crumb(String job) throws IOException, InterruptedException {
        int at = job.indexOf("/job/");
        String root = at < 0 ? job : job.substring(0, at + 1);
        HttpResponse<String> answer = get(root + "crumbIssuer/api/json");
        if (answer.statusCode() != 200) return null;
        JsonNode crumb = JSON.readTree(answer.body());
        return new String[]{crumb.path("crumbRequestField").asText(), crumb.path("crumb").asText()};
    }

    private HttpResponse<String> post(String url, String form, String[] crumb) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT)
                .header("Authorization", authorization).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (crumb != null) request.header(crumb[0], crumb[1]);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT).header("Authorization", authorization).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String form(Map<String, String> parameters) {
        StringJoiner form = new StringJoiner("&");
        parameters.forEach((key, value) -> form.add(URLEncoder.encode(key, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return form.toString();
    }
}
