package io.modelgate.registry;

import io.modelgate.audit.AuditRecord;

import com.fasterxml.jackson.databind.JsonNode;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.modelgate.audit.DeltaAuditTable;
import io.modelgate.testbed.MlflowExtension;
import io.modelgate.testbed.MlflowServer;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** promote-model and rollback-model through the real command line against a real MLflow server. */
@Tag("e2e")
@ExtendWith(MlflowExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PromoteModelE2ETest {

    private Path dir;
    private final Map<String, String> env = new HashMap<>();
    private MlflowServer server;
    private RegistryFixture registry;
    private int models;

    @BeforeAll
    void startServer(MlflowServer server) {
        this.server = server;
        this.registry = new RegistryFixture(server);
    }

    @BeforeEach
    void releaseBranchRun(@TempDir Path dir) {
        this.dir = dir;
        // A GitHub Actions run on a release branch, by alice.
        env.putAll(Map.of("GITHUB_ACTIONS", "true", "GITHUB_REF_NAME", "release/1.4", "GITHUB_SHA", "0123abcd",
                "GITHUB_ACTOR", "alice", "GITHUB_SERVER_URL", "https://github.example", "GITHUB_REPOSITORY", "acme/fraud",
                "GITHUB_RUN_ID", "77"));
    }

    private String newModel(String style, int versions) throws IOException {
        String name = "fraud-" + style + "-" + (++models);
        registry.model(name, versions);
        Files.writeString(dir.resolve("modelgate.yaml"), """
                project: fraud
                mlflow: { tracking_uri: "%s", timeout: 10s }
                environments:
                  staging: { branches: [main] }
                  prod: { branches: ["release/*"] }
                models:
                  %s:
                    registry: %s
                    promotion:
                      prod: { branches: ["release/*"], actors: [alice], targets: [champion, Production], require_validation: true }
                """.formatted(server.uri(), name, style));
        return name;
    }

    private CommandRun modelgate(String... args) {
        return CommandRun.run(dir, env, args);
    }

    private void validated(String model, int version) {
        registry.setVersionTag(model, version, ValidationRecord.STATUS_TAG, ValidationRecord.PASSED);
        registry.setVersionTag(model, version, ValidationRecord.COMMIT_TAG, "0123abcd");
        registry.setVersionTag(model, version, ValidationRecord.TIME_TAG, "2026-11-28T03:00:00Z");
    }

    @Test
    void promotesToChampionRemembersThePreviousOneAndRollsBack() throws IOException {
        String model = newModel("aliases", 3);
        validated(model, 1);
        validated(model, 2);
        assertEquals(0, modelgate("promote-model", "--model", model, "--version", "1", "--to", "champion", "--env", "prod").code());

        CommandRun second = modelgate("promote-model", "--model", model, "--version", "2", "--to", "champion", "--env", "prod");
        assertEquals(0, second.code(), second.toString());
        assertTrue(second.out().contains("moved alias champion of " + model + " to version 2 (was version 1)"), second.out());
        assertEquals(Optional.of(2), registry.alias(model, "champion"));
        assertEquals(Optional.of(1), registry.alias(model, "previous-champion"));
        assertFalse(registry.modelTags(model).containsKey("modelgate.previous.champion"), "an alias target's previous holder is its alias only");
        assertFalse(registry.modelTags(model).containsKey(PromotionLock.TAG), "the lock is released");
        PromotionEvidence evidence = PromotionEvidence.of(registry.versionTags(model, 2)).orElseThrow();
        assertEquals("alice", evidence.get(PromotionEvidence.BY));
        assertEquals("0123abcd", evidence.get(PromotionEvidence.COMMIT));
        assertEquals("https://github.example/acme/fraud/actions/runs/77", evidence.get(PromotionEvidence.RUN_URL));
        assertEquals("no alias -> champion", evidence.get(PromotionEvidence.FROM_TO));
        assertEquals("1", evidence.get(PromotionEvidence.REPLACED_VERSION));
        assertTrue(evidence.get(PromotionEvidence.AT).startsWith("20"), evidence.toString());
        assertTrue(second.out().contains("rest-calls = 8"), "model, version, lease, previous alias, lease check, evidence, move, release: " + second.out());

        CommandRun rollback = modelgate("rollback-model", "--model", model, "--env", "prod");
        assertEquals(0, rollback.code(), rollback.toString());
        assertEquals(Optional.of(1), registry.alias(model, "champion"));
        assertEquals(Optional.of(2), registry.alias(model, "previous-champion"));

        List<JsonNode> audit = CommandRun.audit(dir);
        assertEquals(List.of("promote:promoted:1", "promote:promoted:2", "rollback:promoted:1"),
                audit.stream().map(r -> r.path("action").asText() + ":" + r.path("outcome").asText() + ":" + r.path("version").asInt()).toList());
        JsonNode last = audit.get(2);
        assertEquals(2, last.path("previous_version").asInt());
        assertEquals("alice", last.path("actor").asText());
        assertEquals("release/1.4", last.path("branch").asText());
        assertEquals("prod", last.path("environment").asText());
    }

    @Test
    void aConfiguredDeltaTableGetsTheRecordOnceAndAuditShowPrintsIt() throws IOException {
        String model = newModel("aliases", 2);
        validated(model, 2);
        Files.writeString(dir.resolve("modelgate.yaml"), "audit: { delta_table: audit }\n", StandardOpenOption.APPEND);
        String[] promote = {"promote-model", "--model", model, "--version", "2", "--to", "champion", "--env", "prod"};
        CommandRun first = modelgate(promote);
        assertEquals(0, first.code(), first.toString());
        CommandRun retried = modelgate(promote); // the same CI run (commit 0123abcd, run 77) retried
        assertEquals(0, retried.code(), retried.toString());
        assertEquals(List.of("promoted", "unchanged"), CommandRun.audit(dir).stream().map(r -> r.path("outcome").asText()).toList(),
                "the JSON lines file keeps every attempt");

        List<AuditRecord> table = new DeltaAuditTable(DefaultEngine.create(new Configuration()), dir.resolve("audit").toString()).recent(10);
        assertEquals(1, table.size(), "the Delta table keeps the event once: " + table);
        AuditRecord record = table.get(0);
        assertEquals(List.of("promote", "promoted", model, 2, "champion", "prod", "alice", "release/1.4", "0123abcd",
                        "https://github.example/acme/fraud/actions/runs/77"),
                Arrays.asList(record.action(), record.outcome(), record.model(), record.version(), record.target(), record.environment(),
                        record.actor(), record.branch(), record.commit(), record.runUrl()));

        CommandRun show = modelgate("audit", "show", "--table", "audit");
        assertEquals(0, show.code(), show.toString());
        List<String> lines = show.out().lines().toList();
        assertEquals(2, lines.size(), "a header and one record: " + show.out());
        assertEquals(List.of("time", "actor", "approver", "model", "version", "action", "target", "previous", "environment", "outcome",
                "commit", "run_url"), List.of(lines.get(0).split(" +")));
        assertEquals(List.of("alice", "-", model, "2", "promote", "champion", "-", "prod", "promoted", "0123abcd",
                "https://github.example/acme/fraud/actions/runs/77"), List.of(lines.get(1).split(" +")).subList(1, 12));
    }

    @Test
    void promotingTheHolderAgainChangesNothing() throws IOException {
        String model = newModel("aliases", 2);
        assertEquals(0, modelgate("promote-model", "--model", model, "--version", "2", "--to", "challenger", "--env", "staging").code());
        String before = registry.snapshot(model, 2);
        CommandRun again = modelgate("promote-model", "--model", model, "--version", "2", "--to", "challenger", "--env", "staging");
        assertEquals(0, again.code(), again.toString());
        assertTrue(again.out().contains("version 2 of " + model + " already holds alias challenger; nothing to change"), again.out());
        assertEquals(before, registry.snapshot(model, 2));
        assertEquals("unchanged", CommandRun.audit(dir).get(1).path("outcome").asText());
    }

    @Test
    void dryRunPrintsThePlanAndChangesNothing() throws IOException {
        String model = newModel("aliases", 2);
        registry.setAlias(model, "champion", 1);
        String before = registry.snapshot(model, 2);
        CommandRun dry = modelgate("promote-model", "--model", model, "--version", "2", "--to", "champion", "--env", "staging", "--dry-run");
        assertEquals(0, dry.code(), dry.toString());
        assertTrue(dry.out().contains("dry run: would move alias champion of " + model + " to version 2 (was version 1); nothing was changed"), dry.out());
        assertTrue(dry.out().contains("set alias previous-champion -> version 1"), dry.out());
        assertTrue(dry.out().contains("set alias champion -> version 2 (was version 1)"), dry.out());
        assertEquals(before, registry.snapshot(model, 2));
        assertTrue(CommandRun.audit(dir).isEmpty(), "a dry run leaves no audit record");
    }

    @Test
    void selectorsNameVersionsByLatestRunAliasAndStage() throws IOException {
        String model = newModel("aliases", 4);
        registry.setAlias(model, "challenger", 2);
        registry.transition(model, 3, "Staging");
        assertEquals(0, modelgate("promote-model", "--model", model, "--version", "alias:challenger", "--to", "a1", "--env", "staging").code());
        assertEquals(Optional.of(2), registry.alias(model, "a1"));
        assertEquals(0, modelgate("promote-model", "--model", model, "--version", "stage:staging", "--to", "a2", "--env", "staging").code());
        assertEquals(Optional.of(3), registry.alias(model, "a2"));
        assertEquals(0, modelgate("promote-model", "--model", model, "--version", "latest", "--to", "a3", "--env", "staging").code());
        assertEquals(Optional.of(4), registry.alias(model, "a3"));
        // Every version comes from the one template run: run:<id> picks the newest of them.
        assertEquals(0, modelgate("promote-model", "--model", model, "--version", "run:" + registry.runId(), "--to", "a4", "--env", "staging").code());
        assertEquals(Optional.of(4), registry.alias(model, "a4"));

        CommandRun noAlias = modelgate("promote-model", "--model", model, "--version", "alias:nobody", "--to", "a5", "--env", "staging");
        assertEquals(2, noAlias.code(), noAlias.toString());
        assertEquals("modelgate: error: model " + model + " has no alias nobody\n", noAlias.err());
        CommandRun badSelector = modelgate("promote-model", "--model", model, "--version", "newest", "--to", "a5", "--env", "staging");
        assertEquals(2, badSelector.code());
        assertTrue(badSelector.err().contains("--version: expected a version number, latest, run:<id>, alias:<name> or stage:<name>, got \"newest\""), badSelector.err());
    }

    @Test
    void stagesArchiveThePreviousProductionVersionAndRollBack() throws IOException {
        String model = newModel("stages", 3);
        validated(model, 1);
        validated(model, 2);
        assertEquals(0, modelgate("promote-model", "--model", model, "--version", "1", "--to", "production", "--env", "prod").code());
        assertEquals(0, modelgate("promote-model", "--model", model, "--version", "2", "--to", "Staging", "--env", "prod").code());
        CommandRun promote = modelgate("promote-model", "--model", model, "--version", "stage:Staging", "--to", "Production", "--env", "prod");
        assertEquals(0, promote.code(), promote.toString());
        assertEquals("Production", registry.stage(model, 2));
        assertEquals("Archived", registry.stage(model, 1));
        assertEquals("1", registry.modelTags(model).get("modelgate.previous.Production"));
        assertEquals("Staging -> Production", PromotionEvidence.of(registry.versionTags(model, 2)).orElseThrow().get(PromotionEvidence.FROM_TO));

        CommandRun rollback = modelgate("rollback-model", "--model", model, "--env", "prod");
        assertEquals(0, rollback.code(), rollback.toString());
        assertEquals("Production", registry.stage(model, 1));
        assertEquals("Archived", registry.stage(model, 2));

        CommandRun alias = modelgate("promote-model", "--model", model, "--version", "1", "--to", "champion", "--env", "prod");
        assertEquals(2, alias.code());
        assertTrue(alias.err().contains("uses stages (registry: stages): --to must be one of None, Staging, Production, Archived"), alias.err());
    }

    @Test
    void policyRefusalsNameTheRuleAndChangeNothing() throws IOException {
        String model = newModel("aliases", 2);
        registry.setAlias(model, "champion", 1);
        String before = registry.snapshot(model, 2);

        CommandRun unvalidated = modelgate("promote-model", "--model", model, "--version", "2", "--to", "champion", "--env", "prod");
        assertEquals(1, unvalidated.code(), unvalidated.toString());
        assertTrue(unvalidated.out().contains("refused: modelgate.yaml:10: models." + model + ".promotion.prod.require_validation: version 2 has no validation record"), unvalidated.out());

        registry.setVersionTag(model, 2, ValidationRecord.STATUS_TAG, ValidationRecord.FAILED);
        CommandRun failed = modelgate("promote-model", "--model", model, "--version", "2", "--to", "champion", "--env", "prod");
        assertEquals(1, failed.code());
        assertTrue(failed.out().contains("version 2 did not pass validation (modelgate.validation.status=failed)"), failed.out());

        validated(model, 2);
        String validatedState = registry.snapshot(model, 2);
        env.put("GITHUB_ACTOR", "mallory");
        CommandRun actor = modelgate("promote-model", "--model", model, "--version", "2", "--to", "champion", "--env", "prod");
        assertEquals(1, actor.code());
        assertTrue(actor.out().contains(".promotion.prod.actors: promotion to champion is allowed only to [alice], not to mallory"), actor.out());

        env.put("GITHUB_ACTOR", "alice");
        env.put("GITHUB_REF_NAME", "feature/quick-fix");
        CommandRun branch = modelgate("promote-model", "--model", model, "--version", "2", "--to", "champion", "--env", "prod");
        assertEquals(1, branch.code());
        assertTrue(branch.out().contains(".promotion.prod.branches: promotion to champion is allowed only from branches [release/*], not from branch feature/quick-fix"), branch.out());
        assertEquals(validatedState, registry.snapshot(model, 2));
        assertFalse(before.equals(validatedState), "the fixture did change the validation tags");
        assertEquals(List.of("refused", "refused", "refused", "refused"),
                CommandRun.audit(dir).stream().map(r -> r.path("outcome").asText()).toList());

        // A target the rule does not govern is not restricted.
        assertEquals(0, modelgate("promote-model", "--model", model, "--version", "2", "--to", "challenger", "--env", "prod").code());
    }

    @Test
    void unknownModelVersionAndUnreachableServerAreOneLineEach() throws IOException {
        String model = newModel("aliases", 1);
        CommandRun version = modelgate("promote-model", "--model", model, "--version", "7", "--to", "champion", "--env", "staging");
        assertEquals(2, version.code());
        assertEquals("modelgate: error: model " + model + " has no version 7 in MLflow at " + server.uri() + "\n", version.err());

        Files.writeString(dir.resolve("modelgate.yaml"), Files.readString(dir.resolve("modelgate.yaml")).replace(model + ":", "ghost:"));
        CommandRun ghost = modelgate("promote-model", "--model", "ghost", "--version", "1", "--to", "champion", "--env", "staging");
        assertEquals(2, ghost.code());
        assertEquals("modelgate: error: model ghost is not registered in MLflow at " + server.uri() + "\n", ghost.err());

        CommandRun undeclared = modelgate("promote-model", "--model", "other", "--version", "1", "--to", "champion", "--env", "staging");
        assertEquals(2, undeclared.code());
        assertTrue(undeclared.err().contains("model \"other\" is not declared under models: in modelgate.yaml"), undeclared.err());

        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Files.writeString(dir.resolve("modelgate.yaml"), Files.readString(dir.resolve("modelgate.yaml")).replace(server.uri(), "http://127.0.0.1:" + closed));
        CommandRun down = modelgate("promote-model", "--model", "ghost", "--version", "1", "--to", "champion", "--env", "staging");
        assertEquals(3, down.code());
        assertEquals("modelgate: error: cannot reach MLflow at http://127.0.0.1:" + closed + ": connection refused\n", down.err());
    }
}
