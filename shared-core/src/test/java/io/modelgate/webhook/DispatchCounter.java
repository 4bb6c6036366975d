package io.modelgate.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.modelgate.github.GitHubApiStubs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/** The repository dispatches a WireMock GitHub received, counted per delivery id of their client_payload. */
final class DispatchCounter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DispatchCounter() {
    }

    static Map<String, Integer> byDeliveryId(WireMockServer github) {
        Map<String, Integer> counts = new HashMap<>();
        for (LoggedRequest request : github.findAll(postRequestedFor(urlPathEqualTo("/repos/" + GitHubApiStubs.REPOSITORY + "/dispatches")))) {
            try {
                String id = JSON.readTree(request.getBodyAsString()).path("client_payload").path("delivery_id").asText();
                counts.merge(id, 1, Integer::sum);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return counts;
    }

    /** The webhooks: section of a project whose one route dispatches every model_version.created to this GitHub (no rate limit to speak of: the tests' senders all come from 127.0.0.1). */
    static String webhooks(String listen, String journal, int workers, WireMockServer github) {
        return """
                webhooks:
                  receiver:
                    listen: "%s"
                    secret_env: WEBHOOK_SECRET
                    journal: %s
                    rate_limit: 10000
                    forwarding: { workers: %d, poll_interval: 100ms, initial_backoff: 200ms, max_backoff: 1s, lease: 3s }
                  routes:
                    - name: deploy
                      events: [model_version.created]
                      github: { repository: %s, event_type: deploy, token_env: GH_DISPATCH_TOKEN, api_url: "%s" }
                """.formatted(listen, journal, workers, GitHubApiStubs.REPOSITORY, github.baseUrl());
    }
}
