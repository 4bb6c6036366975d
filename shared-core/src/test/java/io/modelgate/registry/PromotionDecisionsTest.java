package io.modelgate.registry;

import io.modelgate.ci.CiContext;
import io.modelgate.config.ConfigFile;
import io.modelgate.fault.Fault;
import io.modelgate.secret.SecretMasker;
import io.modelgate.step.Console;
import io.modelgate.step.FrontEnd;
import io.modelgate.step.StepCatalogue;
import io.modelgate.step.StepContext;
import io.modelgate.step.StepParams;
import io.modelgate.step.StepResult;
import io.modelgate.step.Verdict;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * promote-model's and rollback-model's decision table over an in-memory registry
 * ({@link FakeRegistry}): each refusal, the no-op, the dry run, the move with its evidence,
 * rollback, stages, and the races, in milliseconds. What only a real MLflow server shows (its REST
 * answers, authentication, a killed server, real concurrent processes) stays with the E2E tests.
 */
class PromotionDecisionsTest {

    private static final String MODEL = "fraud";
    private static final CiContext RELEASE = new CiContext("github", "release/1.4", null, "abc123", "ana", "https://ci.example/run/7");

    @TempDir
    Path dir;
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private FakeRegistry registry;

    @BeforeEach
    void project() throws IOException {
        Files.writeString(dir.resolve("modelgate.yaml"), """
                project: decisions
                environments:
                  prod: { branches: ["release/*"] }
                models:
                  fraud:
                    registry: aliases
                    promotion:
                      prod: { branches: ["release/*"], actors: [ana, ben], require_validation: true }
                  legacy: { registry: stages }
                """);
        registry = new FakeRegistry(MODEL, 4);
    }

    private StepResult run(String step, Map<String, Object> params, CiContext ci) {
        StepParams checked = StepParams.parse(StepCatalogue.find(step).orElseThrow(), params, FrontEnd.COMMAND_LINE);
        StepContext ctx = new StepContext(checked, ConfigFile.load(dir.resolve("modelgate.yaml"), null).resolve("prod"), Map.of(), dir,
                dir.resolve("out"), ci, new Console(new PrintStream(console, true, StandardCharsets.UTF_8), SecretMasker.none()),
                Clock.systemUTC(), FrontEnd.COMMAND_LINE);
        return new RegistryStep(step.equals("rollback-model"), c -> registry).run(ctx);
    }

    private StepResult promote(int version) {
        return run("promote-model", Map.of("model", MODEL, "version", String.valueOf(version), "to", "champion"), RELEASE);
    }

    private void validated(int version) {
        registry.versionTag(version, ValidationRecord.STATUS_TAG, ValidationRecord.PASSED);
    }

    private List<String> auditOutcomes() throws IOException {
        Path audit = io.modelgate.audit.JsonLinesAuditSink.inDirectory(dir.resolve("out")).file();
        return Files.readAllLines(audit).stream().map(l -> l.replaceAll(".*\"outcome\"\\s*:\\s*\"([^\"]+)\".*", "$1")).toList();
    }

    @Test
    void aVersionThatIsNotReadyIsRefusedAndNothingIsWritten() throws IOException {
        registry.status(3, "PENDING_REGISTRATION");
        validated(3);
        StepResult result = promote(3);

        assertEquals(Verdict.FAILED, result.verdict());
        assertTrue(result.headline().contains("version 3 of fraud is PENDING_REGISTRATION: only READY versions can be moved"), result.headline());
        assertEquals(List.of(), registry.writes);
        assertEquals(List.of("refused"), auditOutcomes());
    }

    @Test
    void eachPolicyRuleRefusesWithItsReasonAndNothingIsWritten() {
        validated(2);
        StepResult branch = run("promote-model", Map.of("model", MODEL, "version", "2", "to", "champion"),
                new CiContext("github", "feature/x", null, "abc", "ana", null));
        assertEquals(Verdict.FAILED, branch.verdict());
        assertTrue(branch.headline().contains("allowed only from branches [release/*], not from branch feature/x"), branch.headline());

        StepResult actor = run("promote-model", Map.of("model", MODEL, "version", "2", "to", "champion"),
                new CiContext("github", "release/1.4", null, "abc", "mallory", null));
        assertTrue(actor.headline().contains("allowed only to [ana, ben], not to mallory"), actor.headline());

        StepResult unvalidated = promote(3);
        assertEquals(Verdict.FAILED, unvalidated.verdict());
        assertTrue(unvalidated.headline().contains("require_validation"), unvalidated.headline());
        assertEquals(List.of(), registry.writes);
        assertEquals(Optional.empty(), registry.alias("champion"));
    }

    @Test
    void aTargetAlreadyHeldIsUnchangedWithoutAnyWrite() {
        validated(2);
        registry.aliasByOthers("champion", 2);
        StepResult result = promote(2);

        assertEquals(Verdict.PASSED, result.verdict());
        assertTrue(result.headline().contains("version 2 of fraud already holds alias champion; nothing to change"), result.headline());
        assertEquals(List.of(), registry.writes);
    }

    @Test
    void aDryRunPlansTheChangesAndWritesNothing() {
        validated(3);
        registry.aliasByOthers("champion", 2);
        StepResult result = run("promote-model", Map.of("model", MODEL, "version", "3", "to", "champion", "dry-run", true), RELEASE);

        assertEquals(Verdict.PASSED, result.verdict());
        assertTrue(result.headline().startsWith("dry run: would move alias champion of fraud to version 3 (was version 2)"), result.headline());
        List<String> planned = result.tables().get(0).rows().stream().map(row -> row.get(1)).toList();
        assertEquals("set alias champion -> version 3 (was version 2)", planned.get(planned.size() - 1));
        assertTrue(planned.contains("set alias previous-champion -> version 2"), planned.toString());
        assertEquals(List.of(), registry.writes);
    }

    @Test
    void aPromotionLeavesEvidenceRemembersThePreviousChampionMovesTheAliasLastAndReleasesItsLease() throws IOException {
        validated(3);
        registry.aliasByOthers("champion", 2);
        StepResult result = promote(3);

        assertEquals(Verdict.PASSED, result.verdict(), result.headline());
        assertEquals(Optional.of(3), registry.alias("champion"));
        assertEquals(Optional.of(2), registry.alias("previous-champion"));
        PromotionEvidence evidence = PromotionEvidence.of(registry.versionTags(3)).orElseThrow();
        assertEquals("ana", evidence.get(PromotionEvidence.BY));
        assertEquals("abc123", evidence.get(PromotionEvidence.COMMIT));
        assertEquals("https://ci.example/run/7", evidence.get(PromotionEvidence.RUN_URL));
        assertEquals("2", evidence.get(PromotionEvidence.REPLACED_VERSION));
        // The lease first, the previous holder while it settles, the evidence once it is held, the move, the release.
        assertEquals(List.of("model tag " + PromotionLock.TAG, "set alias previous-champion=2", "version 3 tag " + PromotionEvidence.TAG,
                "set alias champion=3", "delete model tag " + PromotionLock.TAG), registry.writes.stream().map(w -> w.replaceAll("(tag \\S+)=.*", "$1")).toList());
        assertEquals(8, registry.calls(), "two reads before the lock, one to end its settle wait, five writes");
        assertFalse(registry.modelTags().containsKey(PromotionLock.TAG), "the lease is released");
        assertEquals(String.valueOf(registry.calls()), result.outputs().get("rest-calls"));
        assertEquals(List.of("promoted"), auditOutcomes());
    }

    @Test
    void rollbackRestoresThePreviousChampion() {
        validated(2); // the policy holds for a rollback's target too
        validated(3);
        registry.aliasByOthers("champion", 2);
        assertEquals(Verdict.PASSED, promote(3).verdict());

        StepResult result = run("rollback-model", Map.of("model", MODEL), RELEASE);

        assertEquals(Verdict.PASSED, result.verdict(), result.headline());
        assertTrue(result.headline().startsWith("rolled back alias champion of fraud to version 2 (was version 3)"), result.headline());
        assertEquals(Optional.of(2), registry.alias("champion"));
        assertEquals(Optional.of(3), registry.alias("previous-champion"));
    }

    @Test
    void rollbackWithNothingRecordedIsAUsageErrorNamingWhatToPass() {
        Fault fault = assertThrows(Fault.class, () -> run("rollback-model", Map.of("model", MODEL), RELEASE));
        assertEquals(Fault.Kind.USAGE, fault.kind());
        assertTrue(fault.getMessage().contains("model fraud has no previous champion recorded"), fault.getMessage());
        assertTrue(fault.getMessage().endsWith("pass --to VERSION to choose the version to restore"), fault.getMessage());
    }

    @Test
    void stagesMoveWithArchiveExistingVersions() {
        FakeRegistry legacy = new FakeRegistry("legacy", 3);
        registry = legacy;
        legacy.stageByOthers(1, "Production");
        StepResult result = run("promote-model", Map.of("model", "legacy", "version", "2", "to", "Production"), RELEASE);

        assertEquals(Verdict.PASSED, result.verdict(), result.headline());
        assertEquals("Production", legacy.stage(2));
        assertEquals("Archived", legacy.stage(1));
        assertEquals("1", legacy.modelTags().get("modelgate.previous.Production"));
    }

    @Test
    void anotherWriterMovingTheTargetWhileTheLeaseSettlesWinsAndThisRunMovesNothing() throws IOException {
        validated(3);
        registry.aliasByOthers("champion", 2);
        // Someone sets the alias in the MLflow UI while this run's lease settles: the read that ends the wait sees it.
        registry.beforeWrite("set alias previous-champion", () -> registry.aliasByOthers("champion", 4));
        StepResult result = promote(3);

        assertEquals(Verdict.FAILED, result.verdict());
        assertTrue(result.headline().startsWith("lost the race to version 4"), result.headline());
        assertEquals(Optional.of(4), registry.alias("champion"), "the other writer's move stands");
        assertFalse(registry.writes.contains("set alias champion=3"), registry.writes.toString());
        assertEquals(Optional.empty(), PromotionEvidence.of(registry.versionTags(3)), "no evidence of a move that did not happen");
        assertFalse(registry.modelTags().containsKey(PromotionLock.TAG), "the lease is released");
        assertEquals(List.of("lost-race"), auditOutcomes());
    }

    @Test
    void aReleaseThatFailsAfterTheMoveLeavesThePromotionDoneAndSaysTheLockExpiresByItself() throws IOException {
        validated(3);
        registry.aliasByOthers("champion", 2);
        registry.beforeWrite("delete model tag", () -> {
            throw Fault.infrastructure("cannot reach MLflow at memory: connection refused");
        });
        StepResult result = promote(3);

        assertEquals(Verdict.PASSED, result.verdict(), result.headline());
        assertEquals(Optional.of(3), registry.alias("champion"));
        assertTrue(console.toString(StandardCharsets.UTF_8).contains("the lock could not be released (cannot reach MLflow at memory: connection refused);"
                + " it expires by itself at "), console.toString(StandardCharsets.UTF_8));
        assertEquals(List.of("promoted"), auditOutcomes());
    }

    @Test
    void aLiveLeaseOfAnotherRunIsWaitedForThenTheLockTimeoutIsAnInfrastructureError() {
        validated(3);
        registry.setModelTag(MODEL, PromotionLock.TAG, "other@1 " + (System.currentTimeMillis() + 60_000) + " 4 champion");
        registry.writes.clear();
        Fault fault = assertThrows(Fault.class, () -> run("promote-model",
                Map.of("model", MODEL, "version", "3", "to", "champion", "lock-timeout", "1s"), RELEASE));

        assertEquals(Fault.Kind.INFRASTRUCTURE, fault.kind());
        assertTrue(fault.getMessage().contains("model fraud is locked by another promotion"), fault.getMessage());
        assertEquals(List.of(), registry.writes, "another run's lease is never overwritten or deleted");
        assertTrue(console.toString(StandardCharsets.UTF_8).contains("waiting: another promotion of fraud holds its lock"));
    }
}
