package io.modelgate.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.modelgate.testbed.MlflowAuth;
import io.modelgate.testbed.MlflowExtension;
import io.modelgate.testbed.MlflowServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * require_approval on a real MLflow server with basic-auth users (alice registers the version, a CI
 * user promotes it) and GitHub's review log from WireMock, shaped as GET
 * /repos/{owner}/{repo}/actions/runs/{run_id}/approvals documents it (docs.github.com/rest/actions/workflow-runs
 * #get-the-review-history-for-a-workflow-run: environments, state, user, comment).
 */
@Tag("e2e")
@MlflowAuth
@ExtendWith(MlflowExtension.class)
class ApprovalE2ETest {

    @TempDir
    Path dir;
    private final WireMockServer github = new WireMockServer(options().dynamicPort());
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        github.stop();
    }

    @Test
    void promotionNeedsAnApproverOtherThanTheModelsAuthorAndRecordsTheApprovalEverywhere(MlflowServer server) throws Exception {
        RegistryFixture registry = new RegistryFixture(server);
        String model = registry.model("fraud-approval", 0);
        server.createUser("alice", "alice-password-1");
        server.createUser("ci-bot", "ci-bot-password-1");
        server.grantModelPermission("alice", model, "EDIT");
        server.grantModelPermission("ci-bot", model, "EDIT");
        // alice trains and registers: her run records her as its user (MLflow's client sets mlflow.user; the open-source
        // server leaves a version's user_id empty, so the run is where the model's author is found).
        String experiment = as(server, "alice", "experiments/create", Map.of("name", "alice-" + System.nanoTime()))
                .path("experiment_id").asText();
        String run = as(server, "alice", "runs/create", Map.of("experiment_id", experiment, "user_id", "alice",
                "tags", List.of(Map.of("key", "mlflow.user", "value", "alice")))).path("run").path("info").path("run_id").asText();
        JsonNode template = registryVersion(server, registry);
        String source = template.path("source").asText();
        as(server, "alice", "model-versions/create", Map.of("name", model, "source", source, "run_id", run,
                "model_id", source.substring("models:/".length())));

        Files.writeString(dir.resolve("modelgate.yaml"), """
                project: fraud
                mlflow: { tracking_uri: "%s", username_env: MG_USER, password_env: MG_PASSWORD }
                audit: { delta_table: audit }
                environments:
                  prod: { branches: [main] }
                models:
                  %s:
                    registry: aliases
                    promotion:
                      prod:
                        targets: [champion]
                        require_approval: { from: [alice, bob, dana] }
                """.formatted(server.uri(), model));
        github.start();
        Map<String, String> env = new HashMap<>(Map.of("MG_USER", "ci-bot", "MG_PASSWORD", "ci-bot-password-1",
                "GITHUB_ACTIONS", "true", "GITHUB_ACTOR", "carol", "GITHUB_REF_NAME", "main", "GITHUB_SHA", "c0ffee",
                "GITHUB_REPOSITORY", "acme/fraud", "GITHUB_RUN_ID", "4242", "GITHUB_API_URL", github.baseUrl()));
        env.put("GITHUB_TOKEN", "ghs_approvalsTokenNeverShown1");
        env.put("GITHUB_SERVER_URL", "https://github.example");
        String[] promote = {"promote-model", "--model", model, "--version", "1", "--to", "champion"};

        // No review yet (a pending one does not count; nor does an approval of another environment).
        reviews("""
                [{"environments": [{"id": 1, "node_id": "EN_1", "name": "prod", "url": "u", "html_url": "h", "created_at": "2026-01-01T00:00:00Z",
                   "updated_at": "2026-01-01T00:00:00Z"}], "state": "pending", "user": {"login": "bob", "id": 2, "type": "User"}, "comment": ""},
                 {"environments": [{"id": 3, "node_id": "EN_3", "name": "staging"}], "state": "approved",
                   "user": {"login": "bob", "id": 2, "type": "User"}, "comment": "staging only"}]
                """);
        CommandRun none = CommandRun.run(dir, env, promote);
        assertEquals(1, none.code(), none.toString());
        assertTrue(none.out().contains("require_approval: version 1 needs 1 approval of the move to champion from [alice, bob, dana] by someone"
                + " other than the actor, commit_author, model_author; got 0 qualifying"), none.out());
        assertEquals(Optional.empty(), registry.alias(model, "champion"));

        // The model's own author approving: four eyes refuses it.
        reviews("""
                [{"environments": [{"id": 1, "node_id": "EN_1", "name": "prod"}], "state": "approved",
                  "user": {"login": "alice", "id": 1, "type": "User"}, "comment": "looks good to me"}]
                """);
        CommandRun self = CommandRun.run(dir, env, promote);
        assertEquals(1, self.code(), self.toString());
        assertTrue(self.out().contains("not counted: alice registered version 1"), self.out());
        assertEquals(Optional.empty(), registry.alias(model, "champion"));

        // The commit's author, named by the login GitHub links the commit to: refused as well.
        reviews("""
                [{"environments": [{"id": 1, "node_id": "EN_1", "name": "prod"}], "state": "approved",
                  "user": {"login": "dana", "id": 4, "type": "User"}, "comment": ""}]
                """);
        CommandRun author = CommandRun.run(dir, env, promote);
        assertEquals(1, author.code(), author.toString());
        assertTrue(author.out().contains("not counted: dana wrote commit c0ffee"), author.out());

        // Approvals of another run (GITHUB_RUN_ID pointing at an old, approved run) do not count: exit 2 naming the mismatch.
        reviews("""
                [{"environments": [{"id": 1, "node_id": "EN_1", "name": "prod"}], "state": "approved",
                  "user": {"login": "bob", "id": 2, "type": "User"}, "comment": "approved last month"}]
                """);
        github.stubFor(get(urlPathEqualTo("/repos/acme/fraud/actions/runs/4242")).atPriority(1).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"id": 4242, "head_sha": "0ld5ha", "status": "completed", "conclusion": "success"}""")));
        CommandRun otherRun = CommandRun.run(dir, env, promote);
        assertEquals(2, otherRun.code(), otherRun.toString());
        assertEquals("modelgate: error: require_approval: GITHUB_RUN_ID 4242 is not this run (GitHub says it is completed at commit 0ld5ha,"
                + " this run is at c0ffee)\n", otherRun.err());

        // bob approves: promoted, and the approval is on the version and in the audit record.
        reviews("""
                [{"environments": [{"id": 1, "node_id": "EN_1", "name": "prod"}], "state": "approved",
                  "user": {"login": "alice", "id": 1, "type": "User"}, "comment": "looks good to me"},
                 {"environments": [{"id": 1, "node_id": "EN_1", "name": "prod"}], "state": "approved",
                  "user": {"login": "bob", "id": 2, "type": "User"}, "comment": "AUC holds on every slice"}]
                """);
        CommandRun approved = CommandRun.run(dir, env, promote);
        assertEquals(0, approved.code(), approved.toString());
        assertEquals(Optional.of(1), registry.alias(model, "champion"));
        Map<String, String> tags = registry.versionTags(model, 1);
        assertEquals("bob", tags.get("modelgate.approval.by"));
        assertEquals("github review of run 4242 (environment prod)", tags.get("modelgate.approval.source"));
        assertEquals("AUC holds on every slice", tags.get("modelgate.approval.comment"));
        assertTrue(tags.get("modelgate.approval.at").matches("\\d{4}-\\d\\d-\\d\\dT.*Z"), tags.toString());
        // The Delta audit table keeps the refusals and the promotion of the same run apart, the promotion with its approver.
        List<io.modelgate.audit.AuditRecord> table = new io.modelgate.audit.DeltaAuditTable(
                io.delta.kernel.defaults.engine.DefaultEngine.create(new org.apache.hadoop.conf.Configuration()), dir.resolve("audit").toString())
                .recent(10, r -> "promoted".equals(r.outcome()));
        assertEquals(1, table.size());
        assertEquals("bob", table.get(0).approver());
        List<JsonNode> audit = CommandRun.audit(dir);
        assertEquals(List.of("refused", "refused", "refused", "error", "promoted"), audit.stream().map(r -> r.path("outcome").asText()).toList());
        assertEquals("bob", audit.get(4).path("approver").asText());
        assertFalse(audit.get(0).has("approver"), "a refused move names no approver");
        // The journal holds the last run's requests: one read of the review log, with the token.
        github.verify(1, getRequestedFor(urlPathEqualTo("/repos/acme/fraud/actions/runs/4242/approvals"))
                .withHeader("Authorization", equalTo("Bearer ghs_approvalsTokenNeverShown1")));
        for (CommandRun r : List.of(none, self, author, otherRun, approved)) {
            assertFalse(r.out().contains("ghs_approvalsTokenNeverShown1") || r.err().contains("ghs_approvalsTokenNeverShown1"));
        }
    }

    private void reviews(String body) {
        github.resetAll();
        // The run in progress at the promoted commit (docs.github.com/rest/actions/workflow-runs#get-a-workflow-run), and the
        // commit's author as GitHub links it to an account (docs.github.com/rest/commits/commits#get-a-commit).
        github.stubFor(get(urlPathEqualTo("/repos/acme/fraud/actions/runs/4242")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"id": 4242, "name": "Release", "head_branch": "main", "head_sha": "c0ffee", "status": "in_progress",
                         "conclusion": null, "event": "push", "run_attempt": 1}""")));
        github.stubFor(get(urlPathEqualTo("/repos/acme/fraud/commits/c0ffee")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"sha": "c0ffee", "commit": {"author": {"name": "Dana Doe", "email": "dana@example.com", "date": "2026-12-01T10:00:00Z"}},
                         "author": {"login": "dana", "id": 4, "type": "User"}, "committer": {"login": "web-flow", "id": 19864447, "type": "User"}}""")));
        github.stubFor(get(urlPathEqualTo("/repos/acme/fraud/actions/runs/4242/approvals"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body)));
    }

    private static JsonNode registryVersion(MlflowServer server, RegistryFixture registry) {
        String seeded = registry.model("fraud-approval-template", 1);
        return registry.version(seeded, 1);
    }

    private JsonNode as(MlflowServer server, String user, String path, Map<String, ?> body) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(server.uri() + "/api/2.0/mlflow/" + path))
                .header("Content-Type", "application/json")
                .header("Authorization", MlflowServer.basicAuthHeader(user, user + "-password-1"))
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), path + ": " + answer.body());
        return json.readTree(answer.body());
    }
}
