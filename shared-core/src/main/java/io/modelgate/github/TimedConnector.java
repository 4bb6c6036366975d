package io.modelgate.github;

import org.kohsuke.github.connector.GitHubConnector;
import org.kohsuke.github.connector.GitHubConnectorRequest;
import org.kohsuke.github.connector.GitHubConnectorResponse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * github-api's connector over the JDK's HTTP client with the time limits its default lacks: a
 * connect timeout, and a whole-response limit (headers and body) per call that is also cut to
 * what is left of the publishing budget. An API that accepts the connection and never answers
 * costs one limit, not the step.
 */
final class TimedConnector implements GitHubConnector {

    private final HttpClient client;
    private final Duration read;
    private final Supplier<Duration> budgetLeft;

    TimedConnector(Duration connect, Duration read, Supplier<Duration> budgetLeft) {
        this.client = HttpClient.newBuilder().connectTimeout(connect).followRedirects(HttpClient.Redirect.NORMAL).build();
        this.read = read;
        this.budgetLeft = budgetLeft;
    }

    private static HttpTimeoutException notAnswered(String call, Duration limit) {
        return new HttpTimeoutException("GitHub did not answer " + call + " within " + limit.toMillis() / 1000.0 + " s");
    }

    @Override
    public GitHubConnectorResponse send(GitHubConnectorRequest request) throws IOException {
        Duration left = budgetLeft.get();
        String call = request.method() + " " + request.url().getPath();
        if (left.isZero() || left.isNegative()) {
            throw new HttpTimeoutException("the publishing budget is spent; " + call + " not sent");
        }
        Duration limit = left.compareTo(read) < 0 ? left : read;
        HttpRequest.Builder builder;
        try {
            builder = HttpRequest.newBuilder(request.url().toURI()).timeout(limit);
        } catch (URISyntaxException e) {
            throw new IOException("not a URL: " + request.url(), e);
        }
        for (Map.Entry<String, List<String>> header : request.allHeaders().entrySet()) {
            if (header.getValue() != null) builder.header(header.getKey(), String.join(",", header.getValue()));
        }
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();
        if (request.hasBody()) {
            try (InputStream in = request.body()) {
                body = HttpRequest.BodyPublishers.ofByteArray(in.readAllBytes());
            }
        }
        CompletableFuture<HttpResponse<byte[]>> sent = client.sendAsync(builder.method(request.method(), body).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> response;
        try {
            response = sent.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            sent.cancel(true);
            throw notAnswered(call, limit);
        } catch (InterruptedException e) {
            sent.cancel(true);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for GitHub: " + call);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof HttpTimeoutException) throw notAnswered(call, limit);
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
        return new GitHubConnectorResponse.ByteArrayResponse(request, response.statusCode(), response.headers().map()) {
            @Override
            protected InputStream rawBodyStream() {
                return new ByteArrayInputStream(response.body());
            }
        };
    }
}
