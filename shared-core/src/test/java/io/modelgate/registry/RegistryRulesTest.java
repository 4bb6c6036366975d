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
        PromotionPolicy policy = policyOf(config, "prod");
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
        PromotionPolicy policy = policyOf(config, "staging");
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

    /** Approvals as a CI run would give them, with fixed authors. */
    private record GivenApprovals(List<Approval> approvals, java.util.Set<String> commitAuthor, String modelAuthor,
                                  Map<String, List<String>> teams) implements Approvals {
        @Override
        public List<Approval> given(String environment) {
            assertEquals("prod", environment, "the reviews of the environment the rule governs");
            return approvals;
        }

        @Override
        public boolean inTeam(String user, String team) {
            return teams.getOrDefault(team, List.of()).contains(user);
        }

        @Override
        public java.util.Set<String> commitAuthor() {
            return commitAuthor;
        }

        @Override
        public Optional<String> modelAuthor(ModelVersion version) {
            return Optional.ofNullable(modelAuthor);
        }
    }

    private static Approval approval(String by) {
        return new Approval(by, "2026-12-05T09:00:00Z", "github review of run 7 (environment prod)", "ok");
    }

    @Test
    void approvalNeedsEnoughPeopleOtherThanTheActorAndTheAuthorsAndFromTheListedOnes(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("modelgate.yaml");
        Files.writeString(file, """
                project: p
                environments:
                  prod: { branches: [main] }
                models:
                  m:
                    promotion:
                      prod:
                        targets: [champion]
                        require_approval:
                          min: 2
                          from: [carol, dave, acme/ml-release]
                """);
        ConfigFile config = ConfigFile.load(file, "--config");
        PromotionPolicy policy = policyOf(config, "prod");
        Target champion = new Target(Registry.ALIASES, "champion");
        CiContext run = new CiContext("github", "main", null, "c0ffee1234567890", "alice", null);
        ModelVersion version = version(5, Map.of());
        java.util.Set<String> bob = java.util.Set.of("Bob Smith", "bob@example.com");
        Map<String, List<String>> teams = Map.of("acme/ml-release", List.of("erin", "bob@example.com"));

        PromotionPolicy.Decision none = policy.decide(champion, version, run, new GivenApprovals(List.of(), bob, "frank", teams));
        assertEquals("modelgate.yaml:9: models.m.promotion.prod.require_approval: version 5 needs 2 approvals of the move to champion"
                + " from [carol, dave, acme/ml-release] by someone other than the actor, commit_author, model_author; got 0 qualifying", none.refusal());

        // The actor, the commit's author (by e-mail, any case), the model's author and an outsider do not count; one listed person is not two.
        PromotionPolicy.Decision selfApproved = policy.decide(champion, version, run, new GivenApprovals(List.of(approval("ALICE"),
                approval("bob@example.com"), approval("frank"), approval("mallory"), approval("carol"), approval("carol")), bob, "frank", teams));
        assertEquals("modelgate.yaml:9: models.m.promotion.prod.require_approval: version 5 needs 2 approvals of the move to champion"
                + " from [carol, dave, acme/ml-release] by someone other than the actor, commit_author, model_author; got 1 qualifying;"
                + " not counted: ALICE started this run; bob@example.com wrote commit c0ffee123456; frank registered version 5;"
                + " mallory is not in [carol, dave, acme/ml-release]", selfApproved.refusal());

        // Who registered the version is unknown: four eyes refuses rather than pass it unchecked.
        assertTrue(policy.decide(champion, version, run, new GivenApprovals(List.of(approval("carol"), approval("erin")), bob, null, teams))
                .refusal().endsWith("require_approval: four eyes cannot tell who the model_author of this move is (actor: the CI's user"
                        + " variables; commit_author: the commit in the checkout or on GitHub; model_author: the version's user_id or its run's"
                        + " mlflow.user); list only the people it can check in distinct_from"));

        // A listed person and a team member: allowed, and the decision carries both approvals to record.
        PromotionPolicy.Decision approved = policy.decide(champion, version, run, new GivenApprovals(List.of(approval("carol"), approval("erin")),
                bob, "frank", teams));
        assertTrue(approved.allowed(), approved.reason());
        assertEquals(List.of("carol", "erin"), approved.approvals().stream().map(Approval::by).toList());
        assertEquals("approved by carol, erin", approved.reason());
        assertEquals(Map.of("modelgate.approval.by", "carol, erin", "modelgate.approval.at", "2026-12-05T09:00:00Z",
                        "modelgate.approval.source", "github review of run 7 (environment prod)", "modelgate.approval.comment", "carol: ok; erin: ok"),
                Transition.approvalTags(approved.approvals()));
    }

    @Test
    void fourEyesCanBeRelaxedAndABadApprovalRuleIsRefusedWithItsLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("modelgate.yaml");
        Files.writeString(file, """
                project: p
                environments:
                  prod: { branches: [main] }
                models:
                  m:
                    promotion:
                      prod:
                        require_approval: { distinct_from: [] }
                """);
        ConfigFile config = ConfigFile.load(file, "--config");
        PromotionPolicy policy = policyOf(config, "prod");
        CiContext run = new CiContext("jenkins", "main", null, "c0ffee", "alice", null);
        assertTrue(policy.decide(new Target(Registry.ALIASES, "champion"), version(5, Map.of()), run,
                new GivenApprovals(List.of(approval("alice")), java.util.Set.of("alice"), "alice", Map.of())).allowed(), "self-approval allowed by the policy");

        Files.writeString(file, """
                project: p
                environments:
                  prod: { branches: [main] }
                models:
                  m:
                    promotion:
                      prod:
                        require_approval:
                          min: 0
                """);
        io.modelgate.config.ConfigError e = assertThrows(io.modelgate.config.ConfigError.class, () -> ConfigFile.load(file, "--config"));
        assertTrue(e.getMessage().contains(":9: models.m.promotion.prod.require_approval.min: expected 1 to 10 approvers, got 0"), e.getMessage());
    }

    /** The policy of model m in the environment, as promote-model builds it. */
    private static PromotionPolicy policyOf(ConfigFile config, String environment) {
        return PromotionPolicy.of("m", Optional.of(config.resolve(environment).model("m").promotion().get(environment)), config.resolve(environment));
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
