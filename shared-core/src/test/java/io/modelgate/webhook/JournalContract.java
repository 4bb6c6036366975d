package io.modelgate.webhook;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every journal (SQLite, PostgreSQL) does; each database runs these against a real instance. */
abstract class JournalContract {

    static final Duration LEASE = Duration.ofSeconds(30);

    final TestClock clock = new TestClock();
    Journal journal;

    abstract Journal open(TestClock clock);

    @BeforeEach
    void openJournal() {
        journal = open(clock);
    }

    @AfterEach
    void closeJournal() {
        journal.close();
    }

    static RegistryEvent created(String id, String model, String version) {
        return new RegistryEvent(id, "model_version.created", model, version, null, null, null);
    }

    static byte[] body(String id) {
        return ("{\"entity\": \"model_version\", \"id\": \"" + id + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    boolean append(String id, String model, List<String> routes, List<String> serial) {
        return journal.append(created(id, model, "1"), 1_767_225_600L, body(id), routes, serial).join();
    }

    @Test
    void aDeliveryIsWrittenOnceWithOneForwardPerRoute() {
        assertTrue(append("d-1", "fraud", List.of("github", "jenkins"), List.of()));
        assertFalse(append("d-1", "fraud", List.of("github", "jenkins"), List.of()), "the same id again is a duplicate");
        assertEquals(1, journal.deliveries());
        assertEquals(Map.of("pending", 2L), journal.countByState());
        List<Forward> claimed = journal.claim(10, "a", LEASE);
        assertEquals(List.of("github", "jenkins"), claimed.stream().map(Forward::route).toList());
        assertEquals("d-1", claimed.get(0).event().deliveryId());
        assertEquals("fraud", claimed.get(0).event().model());
        assertEquals(1, claimed.get(0).attempt());
        assertEquals(List.of(), journal.claim(10, "b", LEASE), "claimed forwards are nobody else's");
    }

    @Test
    void aFailedAttemptIsDueAgainOnlyAfterItsBackoff() {
        append("d-2", "fraud", List.of("github"), List.of());
        Forward forward = journal.claim(1, "a", LEASE).get(0);
        journal.retryLater(forward.id(), "a", "GitHub answered 502", clock.instant().plusSeconds(10));
        assertEquals(List.of(), journal.claim(1, "a", LEASE));
        clock.advance(Duration.ofSeconds(11));
        Forward again = journal.claim(1, "a", LEASE).get(0);
        assertEquals(2, again.attempt());
        journal.delivered(again.id(), "a", "repository_dispatch");
        assertEquals(Map.of("delivered", 1L), journal.countByState());
        JournalEntry entry = journal.list(false, 10).get(0);
        assertEquals("delivered", entry.state());
        assertEquals("repository_dispatch", entry.detail());
    }

    @Test
    void aDeadLetterIsListedAndReplayed() {
        append("d-3", "fraud", List.of("jenkins"), List.of());
        Forward forward = journal.claim(1, "a", LEASE).get(0);
        journal.dead(forward.id(), "a", "Jenkins answered 403");
        assertEquals(List.of(), journal.claim(1, "a", LEASE));
        List<JournalEntry> failed = journal.list(true, 10);
        assertEquals(1, failed.size());
        assertEquals("Jenkins answered 403", failed.get(0).lastError());
        assertTrue(journal.retry(forward.id()));
        assertFalse(journal.retry(forward.id()), "only a dead letter is replayed");
        Forward replayed = journal.claim(1, "a", LEASE).get(0);
        assertEquals(forward.id(), replayed.id());
        assertEquals(1, replayed.attempt(), "attempts start over");
        assertTrue(journal.list(true, 10).isEmpty());
    }

    @Test
    void aClaimWhoseLeaseRanOutIsTakenOverAndTheOldOwnerCannotFinishIt() {
        append("d-4", "fraud", List.of("github"), List.of());
        Forward forward = journal.claim(1, "dead-receiver", LEASE).get(0);
        clock.advance(LEASE.plusSeconds(1));
        Forward taken = journal.claim(1, "b", LEASE).get(0);
        assertEquals(forward.id(), taken.id());
        assertEquals(2, taken.attempt());
        journal.delivered(forward.id(), "dead-receiver", "late");
        assertEquals(Map.of("claimed", 1L), journal.countByState(), "the old owner's late answer changes nothing");
        journal.delivered(taken.id(), "b", "ok");
        assertEquals(Map.of("delivered", 1L), journal.countByState());
    }

    @Test
    void aRenewedLeaseKeepsTheClaim() {
        append("d-5", "fraud", List.of("github"), List.of());
        Forward forward = journal.claim(1, "a", LEASE).get(0);
        clock.advance(Duration.ofSeconds(20));
        journal.renew(List.of(forward.id()), "a", LEASE);
        clock.advance(Duration.ofSeconds(20));
        assertEquals(List.of(), journal.claim(1, "b", LEASE));
    }

    @Test
    void stepsRoutesOfOneModelRunOneAtATimeInOrder() {
        append("d-6", "fraud", List.of("steps", "github"), List.of("steps"));
        append("d-7", "fraud", List.of("steps"), List.of("steps"));
        append("d-8", "churn", List.of("steps"), List.of("steps"));
        List<Forward> first = journal.claim(10, "a", LEASE);
        assertEquals(List.of("d-6/steps", "d-6/github", "d-8/steps"),
                first.stream().map(f -> f.event().deliveryId() + "/" + f.route()).toList(), "d-7 waits for d-6 on model fraud");
        Forward fraudFirst = first.get(0);
        journal.retryLater(fraudFirst.id(), "a", "MLflow down", clock.instant().plusSeconds(5));
        assertEquals(List.of(), journal.claim(10, "a", LEASE), "a retrying head still holds its model's queue");
        clock.advance(Duration.ofSeconds(6));
        Forward again = journal.claim(10, "a", LEASE).get(0);
        assertEquals("d-6", again.event().deliveryId());
        journal.delivered(again.id(), "a", "validate-model PASSED");
        assertEquals("d-7", journal.claim(10, "a", LEASE).get(0).event().deliveryId());
    }

    @Test
    void releasePutsBackWhatAGracefulStopLeft() {
        append("d-9", "fraud", List.of("github"), List.of());
        journal.claim(1, "a", LEASE);
        assertEquals(1, journal.release("a"));
        assertEquals(1, journal.claim(1, "b", LEASE).size());
    }

    @Test
    void stepRunsAreKeptAndListedNewestFirst() {
        append("d-10", "fraud", List.of("steps"), List.of("steps"));
        Forward forward = journal.claim(1, "a", LEASE).get(0);
        journal.recordStepRun(new StepRun(forward.id(), "d-10", "steps", "fraud", "1", "validate-model", "PASSED", 0, "passed",
                clock.instant(), clock.instant(), "/tmp/x"));
        journal.recordStepRun(new StepRun(forward.id(), "d-10", "steps", "fraud", "1", "promote-model", "PASSED", 0, "promoted",
                clock.instant(), clock.instant(), "/tmp/y"));
        assertEquals(List.of("promote-model", "validate-model"), journal.runs(10).stream().map(StepRun::step).toList());
    }
}
