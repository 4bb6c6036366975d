package io.modelgate.audit;

import io.delta.kernel.defaults.engine.DefaultEngine;
import io.modelgate.cli.CommandLineApp;
import io.modelgate.audit.AuditRecord;
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
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Delta audit table: idempotent appends, concurrent processes, audit show, and check-data on it. */
class DeltaAuditTableTest {

    @TempDir
    Path dir;

    private static AuditRecord record(String run, int version, Instant time, String outcome) {
        return new AuditRecord(time.toString(), "promote", outcome, "fraud", version, "champion", 3, "prod", "alice",
                "release/1.4", "abc123", "https://ci.example/runs/" + run, "http://127.0.0.1:5000", null);
    }

    @Test
    void aRetriedRunWritesItsRecordOnce() {
        DeltaAuditTable table = new DeltaAuditTable(DefaultEngine.create(new Configuration()), dir.resolve("audit").toString());
        Instant now = Instant.parse("2026-11-28T10:00:00Z");
        AuditRecord first = record("1", 4, now, "promoted");
        assertEquals(DeltaAuditTable.Appended.WRITTEN, table.appendOnce(first));
        assertEquals(DeltaAuditTable.Appended.ALREADY_RECORDED, table.appendOnce(record("1", 4, now.plusSeconds(60), "unchanged")),
                "same run, same event");
        assertEquals(DeltaAuditTable.Appended.WRITTEN, table.appendOnce(record("2", 4, now.plusSeconds(120), "promoted")), "another run");
        List<AuditRecord> recent = table.recent(10);
        assertEquals(2, recent.size());
        assertEquals(now.plusSeconds(120).toString(), recent.get(0).time(), "newest first");
        assertEquals(first.chainedAfter(null), recent.get(1), "every field read back as written, nulls included, the first of its chain");
        assertEquals(1, table.recent(1).size());
    }

    @Test
    @Tag("e2e")
    void concurrentProcessesAllLandAndRetriesDoNot() throws Exception {
        String path = dir.resolve("audit").toString();
        int processes = 4;
        int each = 3;
        List<Process> running = new ArrayList<>();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (int p = 0; p < processes; p++) {
            running.add(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), AuditAppenderMain.class.getName(),
                    path, "run-" + p, Integer.toString(each)).redirectErrorStream(true).start());
        }
        List<String> lines = new ArrayList<>();
        for (Process process : running) {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(2, TimeUnit.MINUTES), "appender finished");
            assertEquals(0, process.exitValue(), output);
            lines.addAll(output.lines().toList());
        }
        assertEquals(processes * each, lines.stream().filter("WRITTEN"::equals).count(), lines.toString());
        assertEquals(processes, lines.stream().filter("ALREADY_RECORDED"::equals).count(), lines.toString());
        List<AuditRecord> all = new DeltaAuditTable(DefaultEngine.create(new Configuration()), path).recent(100);
        assertEquals(processes * each, all.size());
        Set<String> keys = new HashSet<>();
        all.forEach(r -> keys.add(DeltaAuditTable.key(r)));
        assertEquals(processes * each, keys.size(), "every record once");

        // The table Kernel wrote is a Delta table like any other: check-data reads it.
        Files.writeString(dir.resolve("modelgate.yaml"), """
                project: shop
                tables:
                  audit:
                    path: audit
                    schema: { columns: { time: timestamp, model: string, record_key: string } }
                    row_count: { min: %d, max: %d }
                    unique_keys: [[record_key], [run_url, version]]
                    allowed_values: { action: [promote] }
                audit: { delta_table: audit }
                """.formatted(processes * each, processes * each));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandLineApp app = new CommandLineApp(Map.of(), new PrintStream(out), new PrintStream(err), dir);
        assertEquals(0, app.run("check-data", "--table", "audit", "--output-dir", dir.resolve("out").toString()), out + "\n" + err);
        out.reset();
        assertEquals(0, app.run("audit", "show", "--limit", "2"), err.toString());
        String shown = out.toString(StandardCharsets.UTF_8);
        assertEquals(3, shown.lines().count(), "a header and two records: " + shown);
        assertTrue(shown.contains("ci-bot") && shown.contains("fraud") && shown.contains("champion"), shown);
    }
}
