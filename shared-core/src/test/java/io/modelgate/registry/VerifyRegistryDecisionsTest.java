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

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * verify-registry's decision table over an in-memory registry ({@link FakeRegistry}) and a real
 * Delta audit table written by promote-model: each kind of violation, what --restore does and
 * refuses, and the usage errors. The E2E test keeps what only a real MLflow server and separate
 * processes show.
 */
class VerifyRegistryDecisionsTest {

    private static final String MODEL = "fraud";
    private static final CiContext RELEASE = new CiContext("github", "release/1.4", null, "abc123", "ana", "https://ci.example/run/7");
    private static final String RULE = "{ targets: [champion], require_validation: true, require_check_model: true }";

    @TempDir
    Path dir;
    private FakeRegistry registry;

    @BeforeEach
    void project() throws IOException {
        config(RULE);
        registry = new FakeRegistry(MODEL, 4);
    }

    private void config(String prodRule) throws IOException {
        Files.writeString(dir.resolve("modelgate.yaml"), """
                project: decisions
                audit: { delta_table: audit }
                environments:
                  prod: { branches: ["release/*"] }
                  staging: {}
                models:
                  fraud:
                    promotion:
                      prod: %s
                  legacy:
                    promotion:
                      staging: { targets: [champion] }
                """.formatted(prodRule));
    }

    private StepResult run(String step, Map<String, Object> params) {
        return run(step, params, "prod");
    }

    private StepResult run(String step, Map<String, Object> params, String environment) {
        StepParams checked = StepParams.parse(StepCatalogue.find(step).orElseThrow(), params, FrontEnd.COMMAND_LINE);
        StepContext ctx = new StepContext(checked, ConfigFile.load(dir.resolve("modelgate.yaml"), null).resolve(environment), Map.of(), dir,
                dir.resolve("out"), RELEASE, new Console(new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8),
                SecretMasker.none()), Clock.systemUTC(), FrontEnd.COMMAND_LINE);
        return step.equals("verify-registry") ? new VerifyRegistryStep(c -> registry).run(ctx) : new RegistryStep(false, c -> registry).run(ctx);
    }

    private StepResult verify(Map<String, Object> params) {
        return run("verify-registry", params);
    }

    /** The evidence the rule asks for, as validate-model and check-model leave it, under today's thresholds. */
    private void evidence(int version) {
        String thresholds = ValidationRecord.thresholdsHash(ConfigFile.load(dir.resolve("modelgate.yaml"), null).resolve("prod")
                .model(MODEL).validation());
        registry.versionTag(version, ValidationRecord.STATUS_TAG, ValidationRecord.PASSED)
                .versionTag(version, ValidationRecord.THRESHOLDS_TAG, thresholds)
                .versionTag(version, CheckModelRecord.STATUS_TAG, CheckModelRecord.PASSED);
    }

    private void promote(int version) {
        evidence(version);
        StepResult promoted = run("promote-model", Map.of("model", MODEL, "version", String.valueOf(version), "to", "champion"));
        assertEquals(Verdict.PASSED, promoted.verdict(), promoted.headline());
        registry.writes.clear();
    }

    private static List<String> violations(StepResult result) {
        return result.tables().isEmpty() ? List.of() : result.tables().get(0).rows().stream().map(row -> row.get(2) + ": " + row.get(3)).toList();
    }

    @Test
    void theAuditedHolderWithItsEvidencePassesWithoutAnyWrite() {
        promote(2);
        StepResult result = verify(Map.of());

        assertEquals(Verdict.PASSED, result.verdict(), violations(result).toString());
        assertEquals("the registry holds what was audited: 1 governed model (1 target) in prod", result.headline());
        assertEquals(List.of(), registry.writes);
        assertEquals("0", result.outputs().get("violations"));
    }

    @Test
    void aMoveOutsideModelGateIsNamedWithTheAuditedHolderAndEachMissingEvidence() {
        promote(2);
        registry.aliasByOthers("champion", 3); // a plain client call, no evidence on version 3
        StepResult result = verify(Map.of());

        assertEquals(Verdict.FAILED, result.verdict());
        assertEquals("3 violations in 1 governed model (1 target) in prod", result.headline());
        List<String> found = violations(result);
        assertTrue(found.get(0).matches("3: moved outside ModelGate: the last audited move \\(\\S+, ana\\) put version 2 there"), found.toString());
        assertEquals(List.of("3: no validation record", "3: no passing check-model record"), found.subList(1, 3));
        assertEquals("carol", result.tables().get(0).rows().get(0).get(5), "registered by: the holder run's mlflow.user");
        assertEquals(List.of(), registry.writes, "without --restore nothing changes");
        assertEquals(Optional.of(3), registry.alias("champion"));
    }

    @Test
    void restoreMovesTheTargetBackToItsAuditedHolderAndResolvesItsViolations() {
        promote(2);
        registry.aliasByOthers("champion", 3);
        StepResult result = verify(Map.of("restore", true));

        assertEquals(Verdict.PASSED, result.verdict(), result.headline());
        assertTrue(result.headline().endsWith("; every violation resolved"), result.headline());
        assertTrue(result.headline().contains("fraud champion: moved alias champion of fraud to version 2 (was version 3)"), result.headline());
        assertEquals(Optional.of(2), registry.alias("champion"));
        assertEquals("1", result.outputs().get("restored"));
        assertEquals(Verdict.PASSED, verify(Map.of()).verdict(), "the next check finds the audited holder again");
    }

    @Test
    void aTargetNoLongerHeldIsAViolationAndRestoreSetsItAgain() {
        promote(2);
        registry.aliasRemovedByOthers("champion");
        StepResult result = verify(Map.of());

        assertEquals(Verdict.FAILED, result.verdict());
        List<String> found = violations(result);
        assertEquals(1, found.size(), found.toString());
        assertTrue(found.get(0).matches("-: alias champion is not held, but the last audited move \\(\\S+, ana\\) put version 2 there"), found.toString());

        StepResult restored = verify(Map.of("restore", true));
        assertEquals(Verdict.PASSED, restored.verdict(), restored.headline());
        assertEquals(Optional.of(2), registry.alias("champion"));
    }

    @Test
    void aHolderThatWasNeverAuditedCannotBeRestoredAndFails() {
        evidence(3);
        registry.aliasByOthers("champion", 3); // no audit table yet: nothing was ever promoted through ModelGate
        StepResult result = verify(Map.of("restore", true));

        assertEquals(Verdict.FAILED, result.verdict());
        assertEquals(List.of("3: no audited move to champion (moved outside ModelGate)"), violations(result));
        assertTrue(result.headline().contains("fraud champion: not restored (no audited holder to go back to); 1 unresolved"), result.headline());
        assertEquals(List.of(), registry.writes);
    }

    @Test
    void evidenceTakenAwayOrOutdatedAfterTheMoveIsAViolationThatRestoreLeavesAlone() {
        promote(2);
        registry.versionTag(2, ValidationRecord.STATUS_TAG, ValidationRecord.FAILED).versionTag(2, CheckModelRecord.STATUS_TAG, "failed");
        assertEquals(List.of("2: validation failed", "2: no passing check-model record"), violations(verify(Map.of())));

        registry.versionTag(2, ValidationRecord.STATUS_TAG, ValidationRecord.PASSED).versionTag(2, ValidationRecord.THRESHOLDS_TAG, "0123456789ab")
                .versionTag(2, CheckModelRecord.STATUS_TAG, CheckModelRecord.PASSED);
        StepResult stale = verify(Map.of("restore", true));
        assertEquals(Verdict.FAILED, stale.verdict());
        List<String> found = violations(stale);
        assertEquals(1, found.size(), found.toString());
        assertTrue(found.get(0).startsWith("2: validated under thresholds 0123456789ab, the policy's are now "), found.toString());
        assertTrue(stale.headline().contains("not restored (the holder is the last audited one; only its evidence is missing)"), stale.headline());
        assertEquals(List.of(), registry.writes);
    }

    @Test
    void aRuleTightenedToRequireApprovalFlagsAMoveAuditedWithoutAnApprover() throws IOException {
        promote(2);
        config("{ targets: [champion], require_validation: true, require_check_model: true, require_approval: { min: 1 } }");
        List<String> found = violations(verify(Map.of()));

        assertEquals(1, found.size(), found.toString());
        assertEquals("2: no recorded approval of the move to this environment (the audit record names no approver)", found.get(0));
    }

    @Test
    void onlyTheNamedModelIsReadAndTheOthersOfOtherEnvironmentsAreNotGoverned() {
        promote(2);
        StepResult byName = verify(Map.of("model", MODEL));
        assertEquals("the registry holds what was audited: 1 governed model (1 target) in prod", byName.headline());

        Fault notGoverned = assertThrows(Fault.class, () -> verify(Map.of("model", "legacy")));
        assertEquals(Fault.Kind.USAGE, notGoverned.kind());
        assertEquals("model legacy has no promotion rule for environment prod: nothing governs it there", notGoverned.getMessage());
        assertEquals(Fault.Kind.USAGE, assertThrows(Fault.class, () -> verify(Map.of("model", "nope"))).kind());
    }

    @Test
    void withoutAnEnvironmentOrAnAuditTableItIsAUsageError() throws IOException {
        Fault noEnvironment = assertThrows(Fault.class, () -> run("verify-registry", Map.of(), null));
        assertEquals(Fault.Kind.USAGE, noEnvironment.kind());
        assertEquals("verify-registry checks one environment's registry: name it with --env", noEnvironment.getMessage());

        Files.writeString(dir.resolve("modelgate.yaml"), Files.readString(dir.resolve("modelgate.yaml")).replace("audit: { delta_table: audit }\n", ""));
        Fault noAudit = assertThrows(Fault.class, () -> verify(Map.of()));
        assertEquals(Fault.Kind.USAGE, noAudit.kind());
        assertEquals("verify-registry compares the registry with the audit trail: set audit.delta_table in modelgate.yaml", noAudit.getMessage());
        assertEquals(List.of(), registry.writes);
    }
}
