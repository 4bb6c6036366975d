package io.modelgate.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelgate.testbed.MlflowExtension;
import io.modelgate.testbed.MlflowServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** verify-registry against a real MLflow server and a real Delta audit table: an alias moved by a plain client call is caught and restored. */
@Tag("e2e")
@ExtendWith(MlflowExtension.class)
class VerifyRegistryE2ETest {

    @TempDir
    Path dir;

    @Test
    void anAliasMovedOutsideModelGateIsCaughtAndRestoredWithAnAuditRecord(MlflowServer server) throws Exception {
        RegistryFixture registry = new RegistryFixture(server);
        String moved = registry.model("fraud-verify-moved-" + System.nanoTime(), 3);
        String stale = registry.model("fraud-verify-stale-" + System.nanoTime(), 1);
        Files.writeString(dir.resolve("modelgate.yaml"), """
                project: fraud
                mlflow: { tracking_uri: "%s", timeout: 10s }
                audit: { delta_table: audit }
                environments:
                  prod: { branches: ["release/*"] }
                models:
                  %s:
                    promotion:
                      prod: { targets: [champion] }
                  %s:
                    validation: { metrics: { auc: { threshold: 0.8, greater_is_better: true } } }
                    promotion:
                      prod: { targets: [champion], require_validation: true }
                  not-governed-here:
                    promotion:
                      staging: { targets: [champion] }
                """.formatted(server.uri(), moved, stale));
        Map<String, String> env = Map.of("GITHUB_ACTIONS", "true", "GITHUB_REF_NAME", "release/1.0", "GITHUB_SHA", "0123abcd",
                "GITHUB_ACTOR", "alice", "GITHUB_SERVER_URL", "https://github.example", "GITHUB_REPOSITORY", "acme/fraud", "GITHUB_RUN_ID", "9");

        // Both champions moved by ModelGate; the second under a validation made with other thresholds than today's.
        registry.setVersionTag(stale, 1, ValidationRecord.THRESHOLDS_TAG, "0123456789ab");
        registry.setVersionTag(stale, 1, ValidationRecord.STATUS_TAG, ValidationRecord.PASSED);
        CommandRun first = CommandRun.run(dir, env, "promote-model", "--model", moved, "--version", "1", "--to", "champion");
        assertEquals(0, first.code(), first.toString());
        assertEquals(0, CommandRun.run(dir, env, "promote-model", "--model", stale, "--version", "1", "--to", "champion").code());
        CommandRun clean = CommandRun.run(dir, env, "verify-registry", "--model", moved);
        assertEquals(0, clean.code(), clean.toString());
        assertTrue(clean.out().contains("the registry holds what was audited: 1 governed model (1 target) in prod"), clean.out());

        // Someone with EDIT on the model moves champion with a plain client call.
        registry.setAlias(moved, "champion", 3);
        CommandRun caught = CommandRun.run(dir, env, "verify-registry");
        assertEquals(1, caught.code(), caught.toString());
        assertTrue(caught.out().contains("2 violations in 2 governed models (2 targets) in prod"), caught.out());
        assertTrue(caught.out().contains("moved outside ModelGate: the last audited move ("), caught.out());
        assertTrue(caught.out().contains("alice) put version 1 there"), caught.out());
        assertTrue(caught.out().contains("validated under thresholds 0123456789ab, the policy's are now "
                + ValidationRecord.thresholdsHash(io.modelgate.config.ConfigFile.load(dir.resolve("modelgate.yaml"), "--config")
                .resolve("prod").model(stale).validation())), caught.out());
        assertEquals(Optional.of(3), registry.alias(moved, "champion"), "without --restore nothing changes");

        // --restore puts champion back through promote-model's path, with an audit record; the stale one is reported, not moved.
        CommandRun restored = CommandRun.run(dir, env, "verify-registry", "--restore");
        assertEquals(1, restored.code(), "the stale validation is left unresolved " + restored);
        assertTrue(restored.out().contains("; 1 unresolved"), restored.out());
        assertTrue(restored.out().contains(moved + " champion: moved alias champion of " + moved + " to version 1 (was version 3)"), restored.out());
        assertTrue(restored.out().contains(stale + " champion: not restored (the holder is the last audited one; only its evidence is missing)"),
                restored.out());
        assertEquals(Optional.of(1), registry.alias(moved, "champion"));
        List<JsonNode> audit = CommandRun.audit(dir);
        JsonNode last = audit.get(audit.size() - 1);
        assertEquals(List.of("restore", "promoted", moved, "1", "3"), List.of(last.path("action").asText(), last.path("outcome").asText(),
                last.path("model").asText(), last.path("version").asText(), last.path("previous_version").asText()));

        // The restore is itself an audited move: the moved model is clean again; a restore that resolves everything passes.
        assertEquals(0, CommandRun.run(dir, env, "verify-registry", "--model", moved).code());
        registry.setAlias(moved, "champion", 2);
        CommandRun resolved = CommandRun.run(dir, env, "verify-registry", "--model", moved, "--restore");
        assertEquals(0, resolved.code(), resolved.toString());
        assertTrue(resolved.out().contains("1 violation in 1 governed model (1 target) in prod; --restore: " + moved
                + " champion: moved alias champion of " + moved + " to version 1 (was version 2); every violation resolved"), resolved.out());
        assertEquals(Optional.of(1), registry.alias(moved, "champion"));
    }
}
