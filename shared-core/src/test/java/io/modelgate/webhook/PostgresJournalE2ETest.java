package io.modelgate.webhook;

import io.modelgate.testbed.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The journal contract on a real PostgreSQL server, and claims by several receivers at once. */
@Tag("e2e")
class PostgresJournalE2ETest extends JournalContract {

    private static PostgresServer postgres;

    @BeforeAll
    static void startPostgres() {
        postgres = PostgresServer.start();
    }

    @AfterAll
    static void stopPostgres() {
        postgres.close();
    }

    @Override
    Journal open(TestClock clock) {
        try (Connection connection = postgres.connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS webhook_step_runs, webhook_forwards, webhook_deliveries");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return Journal.postgres(postgres.jdbcUrl(), null, null, clock);
    }

    @Test
    void receiversClaimingAtOnceNeverTakeTheSameForward() throws Exception {
        for (int i = 0; i < 300; i++) append("p-" + i, "model-" + (i % 7), List.of("github", "steps"), List.of("steps"));
        int receivers = 4;
        List<Journal> journals = new ArrayList<>();
        for (int r = 0; r < receivers; r++) journals.add(Journal.postgres(postgres.jdbcUrl(), null, null, clock));
        Set<Long> claimed = ConcurrentHashMap.newKeySet();
        List<Long> duplicates = new java.util.concurrent.CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(receivers);
        for (int r = 0; r < receivers; r++) {
            Journal mine = journals.get(r);
            String owner = "receiver-" + r;
            new Thread(() -> {
                try {
                    Set<String> modelsInFlight = new HashSet<>();
                    while (true) {
                        List<Forward> batch = mine.claim(5, owner, LEASE);
                        if (batch.isEmpty()) {
                            if (journal.countByState().getOrDefault("pending", 0L) == 0) return;
                            continue;
                        }
                        for (Forward forward : batch) {
                            if (!claimed.add(forward.id())) duplicates.add(forward.id());
                            if (forward.route().equals("steps") && !modelsInFlight.add(forward.event().model())) {
                                duplicates.add(-forward.id());
                            }
                        }
                        for (Forward forward : batch) {
                            mine.delivered(forward.id(), owner, "ok");
                            if (forward.route().equals("steps")) modelsInFlight.remove(forward.event().model());
                        }
                    }
                } finally {
                    done.countDown();
                }
            }).start();
        }
        done.await();
        journals.forEach(Journal::close);
        assertEquals(List.of(), duplicates, "no forward claimed twice, no two steps forwards of one model in one batch");
        assertEquals(600, claimed.size());
        assertEquals(java.util.Map.of("delivered", 600L), journal.countByState());
    }

    @Test
    void twoJournalsOpeningAnEmptyDatabaseAtOnceBothWork() throws Exception {
        journal.close();
        try (Connection connection = postgres.connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS webhook_step_runs, webhook_forwards, webhook_deliveries");
        }
        List<Journal> opened = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Thread thread = new Thread(() -> opened.add(Journal.postgres(postgres.jdbcUrl(), null, null, clock)));
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) thread.join();
        assertEquals(3, opened.size());
        journal = opened.remove(0);
        opened.forEach(Journal::close);
        assertTrue(append("after", "m", List.of("github"), List.of()));
    }
}
