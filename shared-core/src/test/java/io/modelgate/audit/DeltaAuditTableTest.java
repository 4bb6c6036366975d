package io.modelgate.audit;

import io.delta.kernel.Operation;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Table;
import io.delta.kernel.Transaction;
import io.delta.kernel.data.Row;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.exceptions.ConcurrentTransactionException;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.actions.AddFile;
import io.delta.kernel.internal.actions.SingleAction;
import io.delta.kernel.internal.util.Utils;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterable;
import io.modelgate.cli.CommandLineApp;
import io.modelgate.delta.DeltaTable;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Delta audit table: idempotent and chained appends, concurrent processes, tampering found, older tables evolved, check-data on it. */
class DeltaAuditTableTest {

    @TempDir
    Path dir;
    private final Engine engine = DefaultEngine.create(new Configuration());

    private static AuditRecord record(String run, int version, Instant time, String outcome) {
        return new AuditRecord(time.toString(), "promote", outcome, "fraud", version, "champion", 3, "prod", "alice",
                "release/1.4", "abc123", "https://ci.example/runs/" + run, "http://127.0.0.1:5000", null);
    }

    private String path() {
        return dir.resolve("audit").toString();
    }

    @Test
    void aRetriedRunWritesItsRecordOnce() {
        DeltaAuditTable table = new DeltaAuditTable(engine, path());
        Instant now = Instant.parse("2026-11-28T10:00:00Z");
        AuditRecord first = record("1", 4, now, "promoted").withApprover("carol");
        assertEquals(DeltaAuditTable.Appended.WRITTEN, table.appendOnce(first));
        assertEquals(DeltaAuditTable.Appended.ALREADY_RECORDED, table.appendOnce(record("1", 4, now.plusSeconds(60), "promoted")),
                "same run, same event, recorded again later");
        assertEquals(DeltaAuditTable.Appended.ALREADY_RECORDED, table.appendOnce(record("1", 4, now.plusSeconds(80), "unchanged")),
                "same run retried, finding its move done: a repeat of the move");
        assertEquals(DeltaAuditTable.Appended.WRITTEN, table.appendOnce(record("1", 4, now.plusSeconds(90), "refused")),
                "same run, another outcome: another event (a refusal and a promotion once approved must both be kept)");
        assertEquals(DeltaAuditTable.Appended.WRITTEN, table.appendOnce(record("2", 4, now.plusSeconds(120), "promoted")), "another run");
        List<AuditRecord> recent = table.recent(10);
        assertEquals(3, recent.size());
        assertEquals(now.plusSeconds(120).toString(), recent.get(0).time(), "newest first");
        assertEquals(first.chainedAfter(null), recent.get(2), "every field read back as written, nulls included, the first of its chain");
        assertEquals(recent.get(1).hash(), recent.get(0).previousHash(), "chained");
        assertEquals(1, table.recent(1).size());
    }

    /** A growing audit table is checkpointed, so readers do not replay every commit; chains and their claims carry over. */
    @Test
    void everyTenthCommitIsCheckpointedAndTheChainsCarryOn() {
        DeltaAuditTable table = new DeltaAuditTable(engine, path());
        Instant now = Instant.parse("2026-11-28T10:00:00Z");
        for (int i = 0; i < 12; i++) {
            assertEquals(DeltaAuditTable.Appended.WRITTEN, table.appendOnce(record(String.valueOf(i), 1 + i % 3, now.plusSeconds(i), "promoted")));
        }
        assertTrue(Files.exists(dir.resolve("audit/_delta_log/00000000000000000010.checkpoint.parquet")), "the checkpoint of version 10");
        assertEquals(DeltaAuditTable.Appended.ALREADY_RECORDED, table.appendOnce(record("4", 2, now.plusSeconds(99), "promoted")),
                "a record before the checkpoint is still found");
        List<AuditRecord> recent = table.recent(100);
        assertEquals(12, recent.size());
        assertEquals(recent.get(1).hash(), recent.get(0).previousHash(), "the chain goes on across the checkpoint");
        long claimed = Table.forPath(engine, path()).getLatestSnapshot(engine)
                .getLatestTransactionVersion(engine, "modelgate-audit-chain-" + AuditChain.sha256(AuditChain.chainOf(recent.get(0))).substring(0, 16))
                .orElseThrow();
        assertEquals(12, claimed, "the chain's claims read through the checkpoint");
    }

    /** What the chain's compare-and-set rests on: two commits built on one snapshot claiming one version of one app id, the second is refused. */
    @Test
    void kernelRefusesTheSecondClaimOfAChainVersion() {
        DeltaAuditTable table = new DeltaAuditTable(engine, path());
        table.appendOnce(record("1", 1, Instant.parse("2026-12-01T10:00:00Z"), "promoted"));
        Snapshot snapshot = Table.forPath(engine, path()).getLatestSnapshot(engine);
        Transaction first = snapshot.buildUpdateTableTransaction("a", Operation.WRITE).withTransactionId("modelgate-audit-chain-x", 2).build(engine);
        Transaction second = snapshot.buildUpdateTableTransaction("b", Operation.WRITE).withTransactionId("modelgate-audit-chain-x", 2).build(engine);
        AuditRecord next = record("2", 2, Instant.parse("2026-12-01T10:00:01Z"), "promoted");
        first.commit(engine, CloseableIterable.inMemoryIterable(table.appendActions(first, List.of(next))));
        var actions = CloseableIterable.inMemoryIterable(table.appendActions(second, List.of(next)));
        assertThrows(ConcurrentTransactionException.class, () -> second.commit(engine, actions));
    }

    /** Four chained records of fraud in prod, versions 1 to 4, a second apart. */
    private DeltaAuditTable fourRecords() {
        DeltaAuditTable table = new DeltaAuditTable(engine, path());
        Instant t0 = Instant.parse("2026-12-01T10:00:00.123456Z");
        for (int v = 1; v <= 4; v++) table.appendOnce(record("r" + v, v, t0.plusSeconds(v), "promoted"));
        assertTrue(verify(table).intact());
        return table;
    }

    private static AuditChain.Verdict verify(DeltaAuditTable table) {
        return AuditChain.verify(table.links(), false);
    }

    private static void assertBroken(AuditChain.Verdict verdict, int version, String problem) {
        assertEquals(1, verdict.broken().size(), verdict.toString());
        AuditChain.Broken broken = verdict.broken().get(0);
        assertTrue(broken.where().endsWith("promote version " + version), broken.toString());
        assertTrue(broken.problem().contains(problem), broken.toString());
    }

    /**
     * Rewrites the table as whoever can write its files could, in one commit as an UPDATE or
     * DELETE would: the data files of the records {@code which} selects are removed, and what
     * {@code into} makes of them (nothing, when it returns null) is written in their place.
     */
    private void tamper(Predicate<AuditRecord> which, UnaryOperator<AuditRecord> into) throws Exception {
        Snapshot snapshot = Table.forPath(engine, path()).getLatestSnapshot(engine);
        DeltaTable.ScanPlan plan = DeltaTable.of(engine, "audit", path(), snapshot).plan(DeltaAuditTable.SCHEMA.fieldNames(), Optional.empty());
        List<Row> actions = new ArrayList<>();
        List<AuditRecord> forged = new ArrayList<>();
        for (DeltaTable.DataFile file : plan.files()) {
            List<AuditRecord> records = new ArrayList<>();
            plan.read(file, rows -> {
                for (int i = 0; i < rows.size(); i++) records.add(DeltaAuditTable.read(rows, i));
            });
            if (records.stream().noneMatch(which)) continue;
            AddFile add = new AddFile(file.scanFile().getStruct(InternalScanFileUtils.ADD_FILE_ORDINAL));
            actions.add(SingleAction.createRemoveFileSingleAction(add.toRemoveFileRow(true, Optional.of(System.currentTimeMillis()))));
            records.stream().map(r -> which.test(r) ? into.apply(r) : r).filter(Objects::nonNull).forEach(forged::add);
        }
        Transaction transaction = snapshot.buildUpdateTableTransaction("mallory", Operation.MANUAL_UPDATE).build(engine);
        if (!forged.isEmpty()) new DeltaAuditTable(engine, path()).appendActions(transaction, forged).forEachRemaining(actions::add);
        transaction.commit(engine, CloseableIterable.inMemoryIterable(Utils.toCloseableIterator(actions.iterator())));
    }

    private static AuditRecord withActor(AuditRecord r, String actor) {
        return new AuditRecord(r.time(), r.action(), r.outcome(), r.model(), r.version(), r.target(), r.previousVersion(), r.environment(),
                actor, r.branch(), r.commit(), r.runUrl(), r.registry(), r.detail(), r.approver(), r.previousHash(), r.hash());
    }

    private static AuditRecord withPreviousHash(AuditRecord r, String previousHash) {
        return new AuditRecord(r.time(), r.action(), r.outcome(), r.model(), r.version(), r.target(), r.previousVersion(), r.environment(),
                r.actor(), r.branch(), r.commit(), r.runUrl(), r.registry(), r.detail(), r.approver(), previousHash, r.hash());
    }

    @Test
    void anEditedRecordIsFound() throws Exception {
        DeltaAuditTable table = fourRecords();
        tamper(r -> r.version() == 2, r -> withActor(r, "mallory"));
        assertEquals(4, table.recent(10).size());
        assertBroken(verify(table), 2, "the record was edited");
    }

    @Test
    void aDeletedRecordIsFound() throws Exception {
        DeltaAuditTable table = fourRecords();
        tamper(r -> r.version() == 2, r -> null);
        assertBroken(verify(table), 3, "a record was deleted or rewritten");
    }

    /** A table has no order but its links: records 2 and 3 swapped in the chain means their links rewritten, which their hashes cover. */
    @Test
    void reorderedRecordsAreFound() throws Exception {
        DeltaAuditTable table = fourRecords();
        Map<Integer, String> hashes = new java.util.HashMap<>();
        table.recent(10).forEach(r -> hashes.put(r.version(), r.hash()));
        tamper(r -> r.version() == 2 || r.version() == 3, r -> withPreviousHash(r, r.version() == 2 ? hashes.get(3) : hashes.get(1)));
        assertBroken(verify(table), 3, "the record was edited");
    }

    @Test
    void aForgedRecordAppendedIsAFork() throws Exception {
        DeltaAuditTable table = fourRecords();
        AuditRecord second = table.recent(10).stream().filter(r -> r.version() == 2).findFirst().orElseThrow();
        Snapshot snapshot = Table.forPath(engine, path()).getLatestSnapshot(engine);
        Transaction transaction = snapshot.buildUpdateTableTransaction("mallory", Operation.WRITE).build(engine);
        // A second record after the first, its hash valid: someone who knows the canonical form forging an alternative history.
        AuditRecord forged = withActor(second, "mallory").chainedAfter(second.previousHash());
        transaction.commit(engine, CloseableIterable.inMemoryIterable(new DeltaAuditTable(engine, path()).appendActions(transaction, List.of(forged))));
        assertBroken(verify(table), 2, "the chain forked");
    }

    @Test
    void anOlderTableGetsTheChainColumnsWithoutRewritingItsRecords() throws Exception {
        StructType older = new StructType();
        for (var field : DeltaAuditTable.SCHEMA.fields()) {
            if (!Set.of("approver", "previous_hash", "hash").contains(field.getName())) older = older.add(field);
        }
        DeltaAuditTable table = new DeltaAuditTable(engine, path());
        Transaction create = Table.forPath(engine, path()).createTransactionBuilder(engine, "modelgate 1.3", Operation.CREATE_TABLE)
                .withSchema(engine, older).build(engine);
        AuditRecord old = record("0", 3, Instant.parse("2026-11-01T10:00:00Z"), "promoted");
        create.commit(engine, CloseableIterable.inMemoryIterable(table.appendActions(create, List.of(old))));
        Set<String> oldFiles = dataFiles();

        assertEquals(DeltaAuditTable.Appended.WRITTEN, table.appendOnce(record("1", 4, Instant.parse("2026-12-01T10:00:00Z"), "promoted")
                .withApprover("carol")));
        assertEquals(DeltaAuditTable.Appended.ALREADY_RECORDED, table.appendOnce(old), "the older records' keys still count");

        String evolution = Files.readString(dir.resolve("audit/_delta_log/00000000000000000001.json"));
        assertTrue(evolution.contains("\"metaData\"") && !evolution.contains("\"add\"") && !evolution.contains("\"remove\""), evolution);
        assertEquals(DeltaAuditTable.SCHEMA, Table.forPath(engine, path()).getLatestSnapshot(engine).getSchema());
        Set<String> files = dataFiles();
        assertTrue(files.containsAll(oldFiles) && files.size() == oldFiles.size() + 1, "the older file kept, not rewritten: " + files);
        List<AuditRecord> recent = table.recent(10);
        assertEquals("carol", recent.get(0).approver());
        assertNull(recent.get(0).previousHash(), "the chain starts after the older records");
        assertNotNull(recent.get(0).hash());
        assertEquals(old, recent.get(1), "the older record reads as written, without approver or hash");
        assertEquals(new AuditChain.Verdict(1, 1, 1, List.of()), verify(table));
    }

    private Set<String> dataFiles() throws Exception {
        try (var paths = Files.list(dir.resolve("audit"))) {
            return new HashSet<>(paths.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".parquet")).toList());
        }
    }

    @Test
    @Tag("e2e")
    void sixteenConcurrentPromotionsMakeOneChainAndRetriesDoNotLand() throws Exception {
        int processes = 16;
        Path file = dir.resolve(JsonLinesAuditSink.FILE_NAME);
        List<Process> running = new ArrayList<>();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (int p = 0; p < processes; p++) {
            running.add(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), AuditAppenderMain.class.getName(),
                    path(), "run-" + p, "1", file.toString()).redirectErrorStream(true).start());
        }
        List<String> lines = new ArrayList<>();
        for (Process process : running) {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(3, TimeUnit.MINUTES), "appender finished");
            assertEquals(0, process.exitValue(), output);
            lines.addAll(output.lines().toList());
        }
        assertEquals(processes, lines.stream().filter("WRITTEN"::equals).count(), lines.toString());
        assertEquals(processes, lines.stream().filter("ALREADY_RECORDED"::equals).count(), lines.toString());
        DeltaAuditTable table = new DeltaAuditTable(engine, path());
        assertEquals(new AuditChain.Verdict(1, processes, 0, List.of()), verify(table), "one unbroken chain in the table");
        assertEquals(new AuditChain.Verdict(1, processes, 0, List.of()), AuditChain.verify(new JsonLinesAuditSink(file).links(), true),
                "and in the shared file");
        Set<String> keys = new HashSet<>();
        table.recent(100).forEach(r -> keys.add(DeltaAuditTable.key(r)));
        assertEquals(processes, keys.size(), "every record once");

        // The table Kernel wrote is a Delta table like any other: check-data reads it.
        Files.writeString(dir.resolve("modelgate.yaml"), """
                project: shop
                tables:
                  audit:
                    path: audit
                    schema: { columns: { time: timestamp, model: string, record_key: string, hash: string } }
                    row_count: { min: %d, max: %d }
                    unique_keys: [[record_key], [hash], [previous_hash]]
                    allowed_values: { action: [promote] }
                audit: { delta_table: audit }
                """.formatted(processes, processes));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandLineApp app = new CommandLineApp(Map.of(), new PrintStream(out), new PrintStream(err), dir);
        assertEquals(0, app.run("check-data", "--table", "audit", "--output-dir", dir.resolve("out").toString()), out + "\n" + err);
        out.reset();
        assertEquals(0, app.run("audit", "show", "--limit", "2"), err.toString());
        String shown = out.toString(StandardCharsets.UTF_8);
        assertEquals(3, shown.lines().count(), "a header and two records: " + shown);
        assertTrue(shown.contains("ci-bot") && shown.contains("fraud") && shown.contains("champion"), shown);
        out.reset();
        assertEquals(0, app.run("audit", "verify"), err.toString());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("intact, 1 chain, 16 chained records"), out.toString(StandardCharsets.UTF_8));
    }
}
