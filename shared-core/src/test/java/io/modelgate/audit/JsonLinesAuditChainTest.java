package io.modelgate.audit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hash chain of the JSON lines file: written under the lock, and an edited, deleted, reordered or copied line found. */
class JsonLinesAuditChainTest {

    @TempDir
    Path dir;

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00.123456789Z");

    static AuditRecord record(int version, String environment, Instant time) {
        return new AuditRecord(time.toString(), "promote", "promoted", "fraud", version, "champion", version - 1, environment, "alice",
                "release/1.4", "abc123", "https://ci.example/runs/" + version, "http://127.0.0.1:5000", null);
    }

    /** Four prod records and one staging record, interleaved: two chains. */
    private JsonLinesAuditSink fiveRecords() {
        JsonLinesAuditSink sink = JsonLinesAuditSink.inDirectory(dir);
        sink.append(record(1, "prod", T0).withApprover("carol"));
        sink.append(record(2, "prod", T0.plusSeconds(1)));
        sink.append(record(7, "staging", T0.plusSeconds(2)));
        sink.append(record(3, "prod", T0.plusSeconds(3)));
        sink.append(record(4, "prod", T0.plusSeconds(4)));
        return sink;
    }

    private List<String> lines() throws Exception {
        return new ArrayList<>(Files.readAllLines(dir.resolve(JsonLinesAuditSink.FILE_NAME)));
    }

    private void write(List<String> lines) throws Exception {
        Files.write(dir.resolve(JsonLinesAuditSink.FILE_NAME), lines);
    }

    private AuditChain.Verdict verify() {
        return AuditChain.verify(JsonLinesAuditSink.inDirectory(dir).links(), true);
    }

    private static void assertBroken(AuditChain.Verdict verdict, String where, String problem) {
        assertEquals(1, verdict.broken().size(), verdict.toString());
        AuditChain.Broken broken = verdict.broken().get(0);
        assertEquals("prod", broken.environment(), verdict.toString());
        assertTrue(broken.where().startsWith(where), broken.toString());
        assertTrue(broken.problem().contains(problem), broken.toString());
    }

    @Test
    void eachRecordCarriesTheHashOfTheRecordBeforeItOfItsModelAndEnvironment() throws Exception {
        JsonLinesAuditSink sink = fiveRecords();
        List<AuditRecord> records = new ArrayList<>();
        sink.read(line -> records.add(line.record()));
        assertNull(records.get(0).previousHash(), "a chain's first record");
        assertEquals(records.get(0).hash(), records.get(1).previousHash());
        assertNull(records.get(2).previousHash(), "staging is a chain of its own");
        assertEquals(records.get(1).hash(), records.get(3).previousHash(), "prod skips the staging record");
        assertEquals("carol", records.get(0).approver());
        assertEquals("2026-12-01T10:00:00.123456Z", records.get(0).time(), "kept to microseconds, as the Delta table keeps it");
        assertTrue(lines().get(0).contains("\"approver\":\"carol\",\"hash\":\""), lines().get(0));
        AuditChain.Verdict verdict = verify();
        assertTrue(verdict.intact(), verdict.toString());
        assertEquals(new AuditChain.Verdict(2, 5, 0, List.of()), verdict);
    }

    @Test
    void anEditedRecordIsFound() throws Exception {
        fiveRecords();
        List<String> lines = lines();
        lines.set(1, lines.get(1).replace("\"actor\":\"alice\"", "\"actor\":\"mallory\""));
        write(lines);
        assertBroken(verify(), "line 2: ", "the record was edited");
    }

    @Test
    void aDeletedRecordIsFound() throws Exception {
        fiveRecords();
        List<String> lines = lines();
        lines.remove(3);
        write(lines);
        assertBroken(verify(), "line 4: ", "a record was deleted or rewritten");
    }

    @Test
    void reorderedRecordsAreFound() throws Exception {
        fiveRecords();
        List<String> lines = lines();
        lines.add(3, lines.remove(1)); // version 2 moved after version 3
        write(lines);
        assertBroken(verify(), "line 3: ", "the records were reordered"); // version 3 stored right after version 1
    }

    @Test
    void aCopiedRecordIsAFork() throws Exception {
        fiveRecords();
        List<String> lines = lines();
        lines.add(lines.get(1));
        write(lines);
        assertBroken(verify(), "line 6: ", "the chain forked");
    }

    @Test
    void aLineThatIsNoLongerARecordIsBroken() throws Exception {
        fiveRecords();
        List<String> lines = lines();
        lines.set(2, lines.get(2).substring(5));
        write(lines);
        AuditChain.Verdict verdict = verify();
        assertEquals(1, verdict.broken().size(), verdict.toString());
        assertEquals("line 3 (not an audit record)", verdict.broken().get(0).where());
    }

    @Test
    void recordsWrittenBeforeTheChainAreCountedNotBroken() throws Exception {
        String older = JsonLinesAuditSink.JSON.writeValueAsString(record(0, "prod", T0.minusSeconds(60)));
        write(List.of(older));
        JsonLinesAuditSink sink = JsonLinesAuditSink.inDirectory(dir);
        sink.append(record(1, "prod", T0));
        sink.append(record(2, "prod", T0.plusSeconds(1)));
        List<AuditRecord> records = new ArrayList<>();
        sink.read(line -> records.add(line.record()));
        assertNull(records.get(0).hash());
        assertNull(records.get(1).previousHash(), "the chain starts after the older records");
        assertNotNull(records.get(2).previousHash());
        assertEquals(new AuditChain.Verdict(1, 2, 1, List.of()), verify());
    }
}
