package io.modelgate.registry;

import io.modelgate.mlflow.ModelVersion;

import io.modelgate.ci.CiContext;
import io.modelgate.config.ConfigFile;
import io.modelgate.config.ModelConfig.Registry;
import io.modelgate.fault.Fault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Selectors, targets, the promotion policy and the lease format, without a server. */
class RegistryRulesTest {

    @Test
    void selectorsParseEveryForm() {
        assertEquals(new VersionSelector(VersionSelector.Kind.NUMBER, "7"), VersionSelector.parse(" 7 ", "--version"));
        assertEquals(VersionSelector.Kind.LATEST, VersionSelector.parse("LATEST", "--version").kind());
        assertEquals(new VersionSelector(VersionSelector.Kind.RUN, "abc123"), VersionSelector.parse("run:abc123", "--version"));
        assertEquals(new VersionSelector(VersionSelector.Kind.ALIAS, "challenger"), VersionSelector.parse("alias:challenger", "--version"));
        assertEquals(new VersionSelector(VersionSelector.Kind.STAGE, "Production"), VersionSelector.parse("stage:production", "--version"));
        for (String bad : List.of("0", "-1", "v7", "alias:", "stage:Prod", "run:a'b", "tag:x")) {
            Fault e = assertThrows(Fault.class, () -> VersionSelector.parse(bad, "--version"), bad);
            assertEquals(Fault.Kind.USAGE, e.kind());
            assertTrue(e.getMessage().startsWith("--version: "), e.getMessage());
        }
    }

    @Test
    void targetsFollowTheModelsRegistryStyle() {
        assertEquals(new Target(Registry.STAGES, "Production"), Target.parse("production", Registry.STAGES, "m", "--to"));
        assertEquals(new Target(Registry.ALIASES, "champion"), Target.parse("champion", Registry.ALIASES, "m", "--to"));
        assertTrue(assertThrows(Fault.class, () -> Target.parse("Production", Registry.ALIASES, "m", "--to")).getMessage()
                .contains("is a stage; use an alias such as champion"));
        assertThrows(Fault.class, () -> Target.parse("champion", Registry.STAGES, "m", "--to"));
        assertThrows(Fault.class, () -> Target.parse("v3", Registry.ALIASES, "m", "--to"));
        assertThrows(Fault.class, () -> Target.parse("latest", Registry.ALIASES, "m", "--to"));
        assertTrue(new Target(Registry.STAGES, "Staging").exclusive());
        assertFalse(new Target(Registry.STAGES, "Archived").exclusive());
        assertEquals("previous-champion", Target.champion(Registry.ALIASES).previousAlias());
    }

    @Test
    void policyRefusesByBranchActorAndValidationAndNamesTheRulesLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("modelgate.yaml");
        Files.writeString(file, """
                project: p
                environments:
                  prod: { branches: ["release/*"] }
                models:
                  m:
                    promotion:
                      prod:
                        branches: ["release/*"]
                        actors: [alice]
                        targets: [champion]
                        require_validation: true
                """);
        ConfigFile config = ConfigFile.load(file, "--config");
        PromotionPolicy policy = PromotionPolicy.of("m", Optional.of(config.resolve("prod").model("m").promotion().get("prod")), config.resolve("prod"));
        Target champion = new Target(Registry.ALIASES, "champion");
        ModelVersion validated = new ModelVersion("m", 3, "None", "READY", "r", null, Map.of(ValidationRecord.STATUS_TAG, "passed"), List.of());
        ModelVersion unvalidated = new ModelVersion("m", 4, "None", "READY", "r", null, Map.of(), List.of());
        CiContext release = new CiContext("github", "release/2.0", null, "c0ffee", "alice", null);

        assertTrue(policy.decide(champion, validated, release).allowed());
        PromotionPolicy.Decision branch = policy.decide(champion, validated, new CiContext("github", "main", null, "c", "alice", null));
        assertEquals("modelgate.yaml:8: models.m.promotion.prod.branches: promotion to champion is allowed only from branches [release/*], not from branch main",
                branch.refusal());
        assertEquals("modelgate.yaml:9: models.m.promotion.prod.actors: promotion to champion is allowed only to [alice], not to bob",
                policy.decide(champion, validated, new CiContext("github", "release/2.0", null, "c", "bob", null)).refusal());
        assertTrue(policy.decide(champion, unvalidated, release).refusal()
                .startsWith("modelgate.yaml:11: models.m.promotion.prod.require_validation: version 4 has no validation record"));
        assertTrue(policy.decide(new Target(Registry.ALIASES, "challenger"), unvalidated, release).allowed(), "targets not listed are not governed");
        assertTrue(PromotionPolicy.of("m", Optional.empty(), config.resolve("prod")).decide(champion, unvalidated, release).allowed());
    }

    @Test
    void policyRequiresAPassingCheckModelRecordOfTheExactVersion(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("modelgate.yaml");
        Files.writeString(file, """
                project: p
                environments:
                  staging: { branches: [main] }
                models:
                  m:
                    promotion:
                      staging:
                        targets: [champion]
                        require_validation: true
                        require_check_model: true
                """);
        ConfigFile config = ConfigFile.load(file, "--config");
        PromotionPolicy policy = PromotionPolicy.of("m", Optional.of(config.resolve("staging").model("m").promotion().get("staging")), config.resolve("staging"));
        Target champion = new Target(Registry.ALIASES, "champion");
        CiContext main = new CiContext("github", "main", null, "c0ffee", "alice", null);
        Map<String, String> validated = Map.of(ValidationRecord.STATUS_TAG, "passed");

        assertEquals("modelgate.yaml:10: models.m.promotion.staging.require_check_model: version 5 has no check-model record "
                        + "(tag modelgate.check_model.status); run check-model on it first",
                policy.decide(champion, version(5, validated), main).refusal());
        assertEquals("modelgate.yaml:10: models.m.promotion.staging.require_check_model: version 5 did not pass check-model "
                        + "(modelgate.check_model.status=failed)",
                policy.decide(champion, version(5, Map.of(ValidationRecord.STATUS_TAG, "passed", CheckModelRecord.STATUS_TAG, "failed")), main).refusal());
        assertTrue(policy.decide(champion, version(5, Map.of(ValidationRecord.STATUS_TAG, "passed", CheckModelRecord.STATUS_TAG, "passed")), main).allowed());
        assertTrue(policy.decide(champion, version(5, Map.of(CheckModelRecord.STATUS_TAG, "passed")), main).refusal()
                .contains("require_validation: version 5 has no validation record"), "both records are required");
    }

    private static ModelVersion version(int number, Map<String, String> tags) {
        return new ModelVersion("m", number, "None", "READY", "r", null, tags, List.of());
    }

    @Test
    void leaseValuesRoundTripAndJunkIsNoLease() {
        PromotionLock.Lease lease = new PromotionLock.Lease("12@ab", java.time.Instant.ofEpochMilli(1234), 7, "champion");
        assertEquals(Optional.of(lease), PromotionLock.Lease.parse(lease.format()));
        assertEquals(Optional.empty(), PromotionLock.Lease.parse("garbage"));
        assertEquals(Optional.empty(), PromotionLock.Lease.parse("a b c d"));
    }
}
