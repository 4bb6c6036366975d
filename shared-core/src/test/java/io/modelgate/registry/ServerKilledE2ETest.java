package io.modelgate.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelgate.testbed.MlflowExtension;
import io.modelgate.testbed.MlflowServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The MLflow server dies in the middle of a promotion; after a restart the same command converges. */
@Tag("e2e")
@ExtendWith(MlflowExtension.class)
class ServerKilledE2ETest {

    @Test
    void theNextRunOfTheSameCommandConvergesWithACompleteAudit(MlflowServer server, @TempDir Path dir) throws Exception {
        RegistryFixture registry = new RegistryFixture(server);
        String model = registry.model("killed", 2);
        registry.setAlias(model, "champion", 1);
        Files.writeString(dir.resolve("modelgate.yaml"), """
                project: killed
                mlflow: { tracking_uri: "%s", timeout: 5s }
                models:
                  %s: { registry: aliases }
                """.formatted(server.uri(), model));
        String[] promote = {"promote-model", "--model", model, "--version", "2", "--to", "champion"};

        ModelgateProcess first = ModelgateProcess.start(dir, "first", promote);
        // Kill the server as soon as the promotion holds the model's lock, before it moves anything.
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!registry.modelTags(model).containsKey(PromotionLock.TAG)) {
            assertTrue(first.isAlive() && System.nanoTime() < deadline, "the promotion never took its lock");
            Thread.sleep(10);
        }
        server.kill();
        CommandRun failed = first.await(60);
        assertEquals(3, failed.code(), failed.toString());
        assertTrue(failed.err().startsWith("modelgate: error: cannot reach MLflow at " + server.uri()), failed.err());
        assertEquals(1, failed.err().lines().count(), failed.err());

        server.restart();
        assertEquals(Optional.of(1), registry.alias(model, "champion"), "nothing moved before the commit point");
        CommandRun again = CommandRun.run(dir, Map.of(), promote);
        assertEquals(0, again.code(), again.toString());
        assertEquals(Optional.of(2), registry.alias(model, "champion"));
        assertEquals(Optional.of(1), registry.alias(model, "previous-champion"));
        PromotionEvidence evidence = PromotionEvidence.of(registry.versionTags(model, 2)).orElseThrow();
        assertEquals(List.of(PromotionEvidence.BY, PromotionEvidence.AT, PromotionEvidence.COMMIT, PromotionEvidence.RUN_URL,
                PromotionEvidence.FROM_TO, PromotionEvidence.REPLACED_VERSION, PromotionEvidence.LEASE), List.copyOf(evidence.fields().keySet()));
        assertEquals("1", evidence.get(PromotionEvidence.REPLACED_VERSION));
        assertFalse(registry.modelTags(model).containsKey(PromotionLock.TAG), "the dead run's expired lock was taken over and released");

        List<String> outcomes = CommandRun.audit(dir).stream().map(r -> r.path("outcome").asText()).toList();
        assertEquals(List.of("error", "promoted"), outcomes);
        JsonNode error = CommandRun.audit(dir).get(0);
        assertEquals(2, error.path("version").asInt());
        assertTrue(error.path("detail").asText().contains("cannot reach MLflow"), error.toString());
    }
}
