package io.modelgate.webhook;

import io.modelgate.fault.Fault;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The receiver's journal: every verified delivery, and its forwarding to each matching route.
 * SQLite (WAL, {@code synchronous=FULL}: a commit is on disk when it returns) for one receiver;
 * PostgreSQL for several receivers sharing one journal, which claim work with
 * {@code FOR UPDATE SKIP LOCKED} so that each forward is taken by one of them.
 *
 * <p>Every write goes through one writer thread that commits what has queued up in one
 * transaction (group commit): concurrent deliveries share one fsync, and a delivery's future
 * completes only once its commit is durable.
 */
public final class Journal implements AutoCloseable {

    /** Which database, and what differs between the two. */
    public enum Dialect {
        SQLITE("INTEGER PRIMARY KEY AUTOINCREMENT", ""),
        POSTGRES("BIGSERIAL PRIMARY KEY", " FOR UPDATE SKIP LOCKED");

        final String serialKey;
        final String skipLocked;

        Dialect(String serialKey, String skipLocked) {
            this.serialKey = serialKey;
            this.skipLocked = skipLocked;
        }
    }

    /** Deliveries written in one transaction at most. */
    private static final int MAX_BATCH = 256;

    private final Dialect dialect;
    private final String url;
    private final Properties credentials;
    private final Clock clock;
    private final BlockingQueue<Write<?>> writes = new LinkedBlockingQueue<>();
    private final Thread writer;
    private final Connection reads;
    /** The writer's connection and its prepared statements; only the writer thread touches them. */
    private Statements statements;
    private volatile boolean closed;

    /** One write: runs inside the writer's transaction; its future completes after the commit. */
    private record Write<T>(SqlWork<T> work, Delivery delivery, CompletableFuture<T> done) {
    }

    /** A delivery to append: appends that queue up together are written with one batched statement each. */
    private record Delivery(RegistryEvent event, long sentAt, byte[] body, List<String> routes, List<String> serialRoutes) {
    }

    @FunctionalInterface
    private interface SqlWork<T> {
        T run(Statements sql) throws SQLException;
    }

    /** The writer's connection and prepared statements, kept for the connection's life (preparing costs more than running). */
    private static final class Statements {
        private final Connection connection;
        private final Map<String, PreparedStatement> prepared = new java.util.HashMap<>();

        Statements(Connection connection) {
            this.connection = connection;
        }

        PreparedStatement prepare(String sql) throws SQLException {
            PreparedStatement statement = prepared.get(sql);
            if (statement == null) {
                statement = connection.prepareStatement(sql);
                prepared.put(sql, statement);
            }
            return statement;
        }
    }

    private Journal(Dialect dialect, String url, Properties credentials, Clock clock) {
        this.dialect = dialect;
        this.url = url;
        this.credentials = credentials;
        this.clock = clock;
        try {
            this.statements = new Statements(open());
            createTables(statements.connection);
            this.reads = open();
        } catch (SQLException e) {
            throw Fault.infrastructure("cannot open the webhook journal at " + where() + ": " + e.getMessage(), e);
        }
        this.writer = new Thread(this::writeLoop, "journal-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** An SQLite journal in this file (created with its folder when missing). */
    public static Journal sqlite(java.nio.file.Path file, Clock clock) {
        try {
            java.nio.file.Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (java.io.IOException e) {
            throw Fault.infrastructure("cannot create the folder of the webhook journal " + file + ": " + e.getMessage(), e);
        }
        return new Journal(Dialect.SQLITE, "jdbc:sqlite:" + file.toAbsolutePath(), new Properties(), clock);
    }

    /** A PostgreSQL journal; user and password may be null (trust or .pgpass). */
    public static Journal postgres(String jdbcUrl, String user, String password, Clock clock) {
        Properties properties = new Properties();
        if (user != null) properties.setProperty("user", user);
        if (password != null) properties.setProperty("password", password);
        return new Journal(Dialect.POSTGRES, jdbcUrl, properties, clock);
    }

    /** Where the journal is, without credentials, for messages. */
    public String where() {
        return url.replaceFirst("\\?.*", "");
    }

    private Connection open() throws SQLException {
        Connection opened = DriverManager.getConnection(url, credentials);
        if (dialect == Dialect.SQLITE) {
            try (Statement statement = opened.createStatement()) {
                statement.execute("PRAGMA journal_mode=WAL");
                // FULL: a commit is fsynced before it returns, so an acknowledged delivery survives a power cut too.
                statement.execute("PRAGMA synchronous=FULL");
                // The command line (webhooks list, retry) may write while the receiver does.
                statement.execute("PRAGMA busy_timeout=10000");
            }
        }
        opened.setAutoCommit(false);
        return opened;
    }

    private void createTables(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("""
                    CREATE TABLE IF NOT EXISTS webhook_deliveries (
                      delivery_id TEXT PRIMARY KEY,
                      received_at BIGINT NOT NULL,
                      sent_at BIGINT NOT NULL,
                      event TEXT NOT NULL,
                      model TEXT, version TEXT, alias TEXT, tag_key TEXT, tag_value TEXT,
                      body TEXT NOT NULL)""");
            statement.execute("""
                    CREATE TABLE IF NOT EXISTS webhook_forwards (
                      id %s,
                      delivery_id TEXT NOT NULL REFERENCES webhook_deliveries (delivery_id),
                      route TEXT NOT NULL,
                      model TEXT,
                      serial INTEGER NOT NULL,
                      state TEXT NOT NULL,
                      attempts INTEGER NOT NULL,
                      due_at BIGINT NOT NULL,
                      claimed_by TEXT,
                      lease_until BIGINT,
                      last_error TEXT,
                      detail TEXT,
                      updated_at BIGINT NOT NULL,
                      UNIQUE (delivery_id, route))""".formatted(dialect.serialKey));
            statement.execute("CREATE INDEX IF NOT EXISTS webhook_forwards_due ON webhook_forwards (state, due_at)");
            statement.execute("CREATE INDEX IF NOT EXISTS webhook_forwards_model ON webhook_forwards (model, serial, state)");
            statement.execute("""
                    CREATE TABLE IF NOT EXISTS webhook_step_runs (
                      id %s,
                      forward_id BIGINT NOT NULL,
                      delivery_id TEXT NOT NULL,
                      route TEXT NOT NULL,
                      model TEXT, version TEXT,
                      step TEXT NOT NULL,
                      verdict TEXT NOT NULL,
                      exit_code INTEGER NOT NULL,
                      headline TEXT,
                      started_at BIGINT NOT NULL,
                      finished_at BIGINT NOT NULL,
                      output_dir TEXT)""".formatted(dialect.serialKey));
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            // Two receivers starting at once on an empty PostgreSQL journal may race to create the same table.
            if (dialect != Dialect.POSTGRES || !"23505".equals(e.getSQLState()) && !"42P07".equals(e.getSQLState())) throw e;
        }
    }

    // ---- writes (through the writer thread, durable when their future completes) ----

    /**
     * Writes a verified delivery and one pending forward per matching route. Completes with false
     * when the delivery id is already in the journal (a retry or a replay: nothing new is written).
     *
     * @param serialRoutes the routes that run one delivery at a time per model (steps routes)
     */
    public CompletableFuture<Boolean> append(RegistryEvent event, long sentAt, byte[] body, List<String> routes, List<String> serialRoutes) {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        enqueue(new Write<>(null, new Delivery(event, sentAt, body, routes, serialRoutes), done));
        return done;
    }

    /** Inserts the deliveries (a duplicate id is skipped) and their forwards, two batched statements in all. */
    private static List<Boolean> appendAll(Statements sql, List<Delivery> deliveries, long now) throws SQLException {
        PreparedStatement insert = sql.prepare("""
                INSERT INTO webhook_deliveries (delivery_id, received_at, sent_at, event, model, version, alias, tag_key, tag_value, body)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (delivery_id) DO NOTHING""");
        for (Delivery delivery : deliveries) {
            RegistryEvent event = delivery.event();
            insert.setString(1, event.deliveryId());
            insert.setLong(2, now);
            insert.setLong(3, delivery.sentAt());
            insert.setString(4, event.event());
            insert.setString(5, event.model());
            insert.setString(6, event.version());
            insert.setString(7, event.alias());
            insert.setString(8, event.tagKey());
            insert.setString(9, event.tagValue());
            insert.setString(10, new String(delivery.body(), java.nio.charset.StandardCharsets.UTF_8));
            insert.addBatch();
        }
        int[] inserted = insert.executeBatch();
        List<Boolean> fresh = new ArrayList<>(deliveries.size());
        PreparedStatement forward = sql.prepare("""
                INSERT INTO webhook_forwards (delivery_id, route, model, serial, state, attempts, due_at, updated_at)
                VALUES (?, ?, ?, ?, 'pending', 0, ?, ?)""");
        boolean forwards = false;
        for (int i = 0; i < deliveries.size(); i++) {
            Delivery delivery = deliveries.get(i);
            fresh.add(inserted[i] != 0);
            if (inserted[i] == 0) continue;
            for (String route : delivery.routes()) {
                forward.setString(1, delivery.event().deliveryId());
                forward.setString(2, route);
                forward.setString(3, delivery.event().model());
                forward.setInt(4, delivery.serialRoutes().contains(route) ? 1 : 0);
                forward.setLong(5, now);
                forward.setLong(6, now);
                forward.addBatch();
                forwards = true;
            }
        }
        if (forwards) forward.executeBatch();
        return fresh;
    }

    /**
     * Claims up to {@code max} forwards that are due (pending and due, or claimed by a receiver
     * whose lease ran out) for this owner. A serial (steps) forward is claimed only when it is the
     * oldest unfinished one of its model, so two events for one model never run at once, on any receiver.
     */
    public List<Forward> claim(int max, String owner, Duration lease) {
        return await(write(sql -> {
            long now = clock.millis();
            List<Long> ids = new ArrayList<>();
            PreparedStatement claim = sql.prepare("""
                    UPDATE webhook_forwards SET state = 'claimed', claimed_by = ?, lease_until = ?, attempts = attempts + 1, updated_at = ?
                    WHERE id IN (SELECT f.id FROM webhook_forwards f
                                 WHERE ((f.state = 'pending' AND f.due_at <= ?) OR (f.state = 'claimed' AND f.lease_until < ?))
                                   AND (f.serial = 0 OR f.id = (SELECT min(g.id) FROM webhook_forwards g
                                                                WHERE g.model = f.model AND g.serial = 1 AND g.state IN ('pending', 'claimed')))
                                 ORDER BY f.id LIMIT ?%s)
                    RETURNING id""".formatted(dialect.skipLocked));
            claim.setString(1, owner);
            claim.setLong(2, now + lease.toMillis());
            claim.setLong(3, now);
            claim.setLong(4, now);
            claim.setLong(5, now);
            claim.setInt(6, max);
            try (ResultSet rows = claim.executeQuery()) {
                while (rows.next()) ids.add(rows.getLong(1));
            }
            if (ids.isEmpty()) return List.<Forward>of();
            List<Forward> claimed = new ArrayList<>();
            PreparedStatement read = sql.prepare("""
                    SELECT f.id, f.route, f.attempts, d.delivery_id, d.event, d.model, d.version, d.alias, d.tag_key, d.tag_value
                    FROM webhook_forwards f JOIN webhook_deliveries d ON d.delivery_id = f.delivery_id
                    WHERE f.id IN (%s) ORDER BY f.id""".formatted(placeholders(ids.size())));
            for (int i = 0; i < ids.size(); i++) read.setLong(i + 1, ids.get(i));
            try (ResultSet rows = read.executeQuery()) {
                while (rows.next()) {
                    claimed.add(new Forward(rows.getLong(1), rows.getString(2), rows.getInt(3), new RegistryEvent(rows.getString(4),
                            rows.getString(5), rows.getString(6), rows.getString(7), rows.getString(8), rows.getString(9), rows.getString(10))));
                }
            }
            return claimed;
        }));
    }

    /** Extends the lease of forwards this owner is still working on. */
    public void renew(List<Long> ids, String owner, Duration lease) {
        if (ids.isEmpty()) return;
        await(write(sql -> {
            PreparedStatement renew = sql.prepare("UPDATE webhook_forwards SET lease_until = ? WHERE claimed_by = ? AND state = 'claimed' AND id IN ("
                    + placeholders(ids.size()) + ")");
            renew.setLong(1, clock.millis() + lease.toMillis());
            renew.setString(2, owner);
            for (int i = 0; i < ids.size(); i++) renew.setLong(i + 3, ids.get(i));
            return renew.executeUpdate();
        }));
    }

    /** The target took it; {@code detail} says what it answered. Only the claim's owner can finish it. */
    public void delivered(long id, String owner, String detail) {
        finish(id, owner, "delivered", null, detail, null);
    }

    /** The attempt failed; the forward is due again at {@code dueAt}. */
    public void retryLater(long id, String owner, String error, Instant dueAt) {
        finish(id, owner, "pending", error, null, dueAt);
    }

    /** The forward goes to the dead letters, until {@code webhooks retry} replays it. */
    public void dead(long id, String owner, String error) {
        finish(id, owner, "dead", error, null, null);
    }

    private void finish(long id, String owner, String state, String error, String detail, Instant dueAt) {
        await(write(sql -> {
            PreparedStatement update = sql.prepare("""
                    UPDATE webhook_forwards SET state = ?, last_error = ?, detail = ?, due_at = ?, claimed_by = NULL, lease_until = NULL, updated_at = ?
                    WHERE id = ? AND claimed_by = ? AND state = 'claimed'""");
            long now = clock.millis();
            update.setString(1, state);
            update.setString(2, error);
            update.setString(3, detail);
            update.setLong(4, dueAt == null ? now : dueAt.toEpochMilli());
            update.setLong(5, now);
            update.setLong(6, id);
            update.setString(7, owner);
            return update.executeUpdate();
        }));
    }

    /** Puts back what this owner had claimed and not finished (a graceful stop), due at once. */
    public int release(String owner) {
        return await(write(sql -> {
            PreparedStatement release = sql.prepare("""
                    UPDATE webhook_forwards SET state = 'pending', claimed_by = NULL, lease_until = NULL, due_at = ?, updated_at = ?
                    WHERE claimed_by = ? AND state = 'claimed'""");
            release.setLong(1, clock.millis());
            release.setLong(2, clock.millis());
            release.setString(3, owner);
            return release.executeUpdate();
        }));
    }

    /**
     * An SQLite journal has one receiver: what is still claimed when it starts was claimed by its
     * previous run, which died. Those are due at once rather than after their lease.
     */
    public int recoverAfterCrash() {
        if (dialect != Dialect.SQLITE) return 0;
        return await(write(sql -> {
            PreparedStatement recover = sql.prepare(
                    "UPDATE webhook_forwards SET state = 'pending', claimed_by = NULL, lease_until = NULL, due_at = ? WHERE state = 'claimed'");
            recover.setLong(1, clock.millis());
            return recover.executeUpdate();
        }));
    }

    /** Replays a dead letter: pending again, due at once, attempts from zero. False when there is no dead forward with this id. */
    public boolean retry(long id) {
        return await(write(sql -> {
            PreparedStatement retry = sql.prepare(
                    "UPDATE webhook_forwards SET state = 'pending', attempts = 0, due_at = ?, updated_at = ? WHERE id = ? AND state = 'dead'");
            retry.setLong(1, clock.millis());
            retry.setLong(2, clock.millis());
            retry.setLong(3, id);
            return retry.executeUpdate() == 1;
        }));
    }

    /** Records one step a steps route ran. */
    public void recordStepRun(StepRun run) {
        await(write(sql -> {
            PreparedStatement insert = sql.prepare("""
                    INSERT INTO webhook_step_runs (forward_id, delivery_id, route, model, version, step, verdict, exit_code, headline,
                                                   started_at, finished_at, output_dir)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""");
            insert.setLong(1, run.forwardId());
            insert.setString(2, run.deliveryId());
            insert.setString(3, run.route());
            insert.setString(4, run.model());
            insert.setString(5, run.version());
            insert.setString(6, run.step());
            insert.setString(7, run.verdict());
            insert.setInt(8, run.exitCode());
            insert.setString(9, run.headline());
            insert.setLong(10, run.started().toEpochMilli());
            insert.setLong(11, run.finished().toEpochMilli());
            insert.setString(12, run.outputDir());
            return insert.executeUpdate();
        }));
    }

    // ---- reads (a connection of their own; WAL readers do not wait for the writer) ----

    /** Forwards, newest first; only dead letters when {@code failedOnly}. */
    public synchronized List<JournalEntry> list(boolean failedOnly, int limit) {
        String sql = """
                SELECT f.id, f.delivery_id, f.route, d.event, d.model, d.version, f.state, f.attempts, d.received_at, f.updated_at,
                       f.last_error, f.detail
                FROM webhook_forwards f JOIN webhook_deliveries d ON d.delivery_id = f.delivery_id
                %s ORDER BY f.id DESC LIMIT ?""".formatted(failedOnly ? "WHERE f.state = 'dead'" : "");
        return read(sql, List.of(limit), rows -> new JournalEntry(rows.getLong(1), rows.getString(2), rows.getString(3),
                rows.getString(4), rows.getString(5), rows.getString(6), rows.getString(7), rows.getInt(8),
                Instant.ofEpochMilli(rows.getLong(9)), Instant.ofEpochMilli(rows.getLong(10)), rows.getString(11), rows.getString(12)));
    }

    /** Steps that steps routes ran, newest first. */
    public synchronized List<StepRun> runs(int limit) {
        return read("""
                SELECT forward_id, delivery_id, route, model, version, step, verdict, exit_code, headline, started_at, finished_at, output_dir
                FROM webhook_step_runs ORDER BY id DESC LIMIT ?""", List.of(limit),
                rows -> new StepRun(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getString(4), rows.getString(5),
                        rows.getString(6), rows.getString(7), rows.getInt(8), rows.getString(9), Instant.ofEpochMilli(rows.getLong(10)),
                        Instant.ofEpochMilli(rows.getLong(11)), rows.getString(12)));
    }

    /** Forwards by state (pending, claimed, delivered, dead). */
    public synchronized Map<String, Long> countByState() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Object[] row : read("SELECT state, count(*) FROM webhook_forwards GROUP BY state", List.of(),
                rows -> new Object[]{rows.getString(1), rows.getLong(2)})) {
            counts.put((String) row[0], (Long) row[1]);
        }
        return counts;
    }

    /** Deliveries the journal holds. */
    public synchronized long deliveries() {
        return read("SELECT count(*) FROM webhook_deliveries", List.of(), rows -> rows.getLong(1)).get(0);
    }

    /** True when the database answers a query. */
    public synchronized boolean isReachable() {
        try {
            read("SELECT 1", List.of(), rows -> rows.getInt(1));
            return true;
        } catch (Fault e) {
            return false;
        }
    }

    @FunctionalInterface
    private interface RowReader<T> {
        T read(ResultSet rows) throws SQLException;
    }

    private <T> List<T> read(String sql, List<Object> params, RowReader<T> reader) {
        try (PreparedStatement statement = reads.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) statement.setObject(i + 1, params.get(i));
            List<T> found = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) found.add(reader.read(rows));
            }
            reads.commit();
            return found;
        } catch (SQLException e) {
            try {
                reads.rollback();
            } catch (SQLException ignored) {
                // the connection is gone; the fault below says so
            }
            throw Fault.infrastructure("cannot read the webhook journal at " + where() + ": " + e.getMessage(), e);
        }
    }

    // ---- the writer ----

    private <T> CompletableFuture<T> write(SqlWork<T> work) {
        CompletableFuture<T> done = new CompletableFuture<>();
        enqueue(new Write<>(work, null, done));
        return done;
    }

    private void enqueue(Write<?> write) {
        if (closed) {
            write.done().completeExceptionally(Fault.infrastructure("the webhook journal is closed"));
        } else {
            writes.add(write);
        }
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) throw cause;
            throw e;
        }
    }

    private void writeLoop() {
        List<Write<?>> batch = new ArrayList<>();
        while (!closed || !writes.isEmpty()) {
            try {
                Write<?> first = writes.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
                writes.drainTo(batch, MAX_BATCH - 1);
                commit(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    /**
     * Runs the batch in one transaction and completes each future after the commit. Should one
     * write fail, the batch is rolled back and each write runs again in a transaction of its own,
     * so that one bad write fails alone.
     */
    private void commit(List<Write<?>> batch) {
        try {
            List<Object> results = run(batch);
            statements.connection.commit();
            for (int i = 0; i < batch.size(); i++) complete(batch.get(i), results.get(i));
            return;
        } catch (SQLException | RuntimeException e) {
            if (batch.size() == 1) {
                fail(batch.get(0), e);
                return;
            }
            rollback();
        }
        for (Write<?> write : batch) {
            try {
                Object result = run(List.of(write)).get(0);
                statements.connection.commit();
                complete(write, result);
            } catch (SQLException | RuntimeException e) {
                fail(write, e);
            }
        }
    }

    /** Runs the writes in the current transaction: the deliveries together, then the others in order. */
    private List<Object> run(List<Write<?>> batch) throws SQLException {
        if (statements == null) statements = new Statements(open());
        List<Delivery> deliveries = new ArrayList<>();
        for (Write<?> write : batch) {
            if (write.delivery() != null) deliveries.add(write.delivery());
        }
        java.util.Iterator<Boolean> appended = deliveries.isEmpty() ? java.util.Collections.emptyIterator()
                : appendAll(statements, deliveries, clock.millis()).iterator();
        List<Object> results = new ArrayList<>(batch.size());
        for (Write<?> write : batch) {
            results.add(write.delivery() != null ? appended.next() : write.work().run(statements));
        }
        return results;
    }

    @SuppressWarnings("unchecked")
    private <T> void complete(Write<T> write, Object result) {
        write.done().complete((T) result);
    }

    /** The write failed: rolled back; after a failed commit or a lost connection, the next write starts on a new connection. */
    private void fail(Write<?> write, Exception e) {
        write.done().completeExceptionally(e instanceof Fault ? e
                : Fault.infrastructure("cannot write to the webhook journal at " + where() + ": " + e.getMessage(), e));
        rollback();
    }

    private void rollback() {
        if (statements == null) return;
        try {
            statements.connection.rollback();
            if (statements.connection.isValid(2)) return;
        } catch (SQLException | RuntimeException ignored) {
            // the connection is broken: replaced below
        }
        try {
            statements.connection.close();
        } catch (SQLException | RuntimeException ignored) {
            // it is being replaced
        }
        statements = null;
    }

    private static String placeholders(int count) {
        return String.join(", ", java.util.Collections.nCopies(count, "?"));
    }

    /** Finishes the writes already queued, then closes the connections. */
    @Override
    public void close() {
        closed = true;
        try {
            writer.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (statements != null) statements.connection.close();
            reads.close();
        } catch (SQLException ignored) {
            // closing: nothing left to do with them
        }
    }
}
