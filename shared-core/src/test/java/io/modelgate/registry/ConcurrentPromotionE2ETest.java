package io.modelgate.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.modelgate.audit.AuditChain;
import io.modelgate.audit.DeltaAuditTable;
import io.modelgate.testbed.MlflowExtension;
import io.modelgate.testbed.MlflowServer;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** 16 processes promote 16 versions of one model to champion / Production at the same time. */
@Tag("e2e")
@ExtendWith(MlflowExtension.class)
class ConcurrentPromotionE2ETest {

    private static final int RUNS = 16;
    private static final Pattern LOST = Pattern.compile("lost the race to version (\\d+)");

    @ParameterizedTest
    @ValueSource(strings = {"aliases", "stages"})
    void exactlyOneVersionHoldsTheTargetAndEveryRunIsAccountedFor(String style, MlflowServer server, @TempDir Path dir) throws IOException {
        RegistryFixture registry = new RegistryFixture(server);
        String model = registry.model("race-" + style, RUNS);
        String target = style.equals("aliases") ? "champion" : "Production";
        Files.writeString(dir.resolve("modelgate.yaml"), """
                project: race
                mlflow: { tracking_uri: "%s", timeout: 30s }
                models:
                  %s: { registry: %s }
                audit: { delta_table: audit }
                """.formatted(server.uri(), model, style));

        List<ModelgateProcess> runs = new ArrayList<>();
        for (int v = 1; v <= RUNS; v++) {
            runs.add(ModelgateProcess.start(dir, "run-" + v, "promote-model", "--model", model, "--version", String.valueOf(v),
                    "--to", target, "--output-dir", "out-" + v, "--lock-timeout", "120s"));
        }
        Set<Integer> winners = new HashSet<>();
        for (int v = 1; v <= RUNS; v++) {
            CommandRun run = runs.get(v - 1).await(240);
            assertTrue(run.code() == 0 || run.code() == 1, "run " + v + ": " + run);
            if (run.code() == 0) {
                winners.add(v);
            } else {
                Matcher lost = LOST.matcher(run.out());
                assertTrue(lost.find(), "run " + v + " says whom it lost to: " + run);
                assertFalse(lost.group(1).equals(String.valueOf(v)));
            }
        }

        List<Integer> holders = new ArrayList<>();
        for (int v = 1; v <= RUNS; v++) {
            boolean holds = style.equals("aliases") ? registry.alias(model, target).equals(Optional.of(v)) : registry.stage(model, v).equals(target);
            if (holds) holders.add(v);
        }
        assertEquals(1, holders.size(), "exactly one holder: " + holders);
        assertTrue(winners.contains(holders.get(0)), "the holder's run exited 0");
        assertFalse(registry.modelTags(model).containsKey(PromotionLock.TAG), "no lock left behind");

        // 16 audit records; the promotions form one chain, each replacing the one before it.
        List<JsonNode> audit = new ArrayList<>();
        for (int v = 1; v <= RUNS; v++) audit.addAll(CommandRun.audit(dir, "out-" + v));
        assertEquals(RUNS, audit.size());
        Map<Integer, Integer> nextAfter = new HashMap<>();
        for (JsonNode record : audit) {
            String outcome = record.path("outcome").asText();
            assertTrue(outcome.equals("promoted") || outcome.equals("lost-race"), record.toString());
            if (outcome.equals("promoted")) {
                Integer previous = record.hasNonNull("previous_version") ? record.path("previous_version").asInt() : 0;
                assertEquals(null, nextAfter.put(previous, record.path("version").asInt()), "two promotions replaced the same holder: " + audit);
            }
        }
        assertEquals(winners.size(), nextAfter.size());
        int last = 0;
        for (int i = 0; i < winners.size(); i++) last = nextAfter.get(last);
        assertEquals(holders.get(0), last, "the chain of promotions ends at the holder");

        // The audit table the 16 runs share holds their records as one unbroken hash chain.
        DeltaAuditTable table = new DeltaAuditTable(DefaultEngine.create(new Configuration()), dir.resolve("audit").toString());
        assertEquals(new AuditChain.Verdict(1, RUNS, 0, List.of()), AuditChain.verify(table.links(), false));
    }
}
