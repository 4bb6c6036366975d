package io.modelgate.webhook;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SqliteJournalTest extends JournalContract {

    @TempDir
    Path dir;

    @Override
    Journal open(TestClock clock) {
        return Journal.sqlite(dir.resolve("state/webhooks.db"), clock);
    }

    @Test
    void aRestartedReceiverTakesBackWhatItsDeadRunHadClaimed() {
        append("d-1", "fraud", List.of("github"), List.of());
        journal.claim(1, "run-1", LEASE);
        journal.close();
        journal = open(clock);
        assertEquals(1, journal.recoverAfterCrash());
        assertEquals(1, journal.claim(1, "run-2", LEASE).size(), "due at once, not after the dead run's lease");
    }

    @Test
    void concurrentDeliveriesShareCommitsAndAllLand() throws Exception {
        List<Thread> senders = new java.util.ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int sender = t;
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 50; i++) append("c-" + sender + "-" + i, "fraud", List.of("github"), List.of());
            });
            thread.start();
            senders.add(thread);
        }
        for (Thread sender : senders) sender.join();
        assertEquals(400, journal.deliveries());
    }
}
