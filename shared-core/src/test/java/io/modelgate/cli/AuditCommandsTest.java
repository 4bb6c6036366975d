package io.modelgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.modelgate.audit.AuditRecord;
import io.modelgate.audit.DeltaAuditTable;
import io.modelgate.audit.JsonLinesAuditSink;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code audit show} filters and formats, {@code audit verify} exit codes, as the command line runs them. */
class AuditCommandsTest {

    @TempDir
    Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    private int run(String... args) {
        out.reset();
        err.reset();
        return new CommandLineApp(Map.of(), new PrintStream(out, true), new PrintStream(err, true), dir).run(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static AuditRecord record(Instant time, String action, String model, String environment, int version, String detail) {
        return new AuditRecord(time.toString(), action, "promoted", model, version, "champion", null, environment, "alice",
                "release/1.4", "abc123", "https://ci.example/runs/" + version, null, detail);
    }

    @BeforeEach
    void fiveRecords() throws Exception {
        Files.writeString(dir.resolve("modelgate.yaml"), """
                project: shop
                environments:
                  staging: { branches: [main] }
                  prod: { branches: ["release/*"] }
                audit: { delta_table: audit }
                """);
        JsonLinesAuditSink file = JsonLinesAuditSink.inDirectory(dir);
        file.append(record(now.minus(30, ChronoUnit.DAYS), "promote", "fraud", "prod", 1, null));
        file.append(record(now.minus(3, ChronoUnit.DAYS), "validate", "fraud", "prod", 2, null));
        file.append(record(now.minus(2, ChronoUnit.DAYS), "promote", "fraud", "prod", 2, "approved, \"by\" carol\nafter review").withApprover("carol"));
        file.append(record(now.minus(1, ChronoUnit.DAYS), "promote", "churn", "prod", 5, null));
        file.append(record(now.minus(1, ChronoUnit.HOURS), "promote", "fraud", "staging", 3, null));
    }

    @Test
    void showFiltersByModelEnvironmentActionAndSince() {
        assertEquals(0, run("audit", "show", "--file", JsonLinesAuditSink.FILE_NAME, "--model", "fraud", "--env", "prod", "--action", "promote"), err());
        List<String> lines = out().lines().toList();
        assertEquals(3, lines.size(), out());
        assertTrue(lines.get(0).startsWith("time") && lines.get(0).contains("approver"), out());
        assertTrue(lines.get(1).contains("carol") && lines.get(1).contains(" 2 "), "newest first: " + out());
        assertTrue(lines.get(2).contains(" 1 "), out());

        assertEquals(0, run("audit", "show", "--file", JsonLinesAuditSink.FILE_NAME, "--since", "7d"), err());
        assertEquals(5, out().lines().count(), "a header and the four of the last week: " + out());
        String date = now.minus(10, ChronoUnit.DAYS).toString().substring(0, 10);
        assertEquals(0, run("audit", "show", "--file", JsonLinesAuditSink.FILE_NAME, "--since", date), err());
        assertEquals(5, out().lines().count(), "since midnight of " + date + ": " + out());
        assertEquals(0, run("audit", "show", "--file", JsonLinesAuditSink.FILE_NAME, "--since", now.minus(2, ChronoUnit.HOURS).toString()), err());
        assertEquals(2, out().lines().count(), out());
        assertEquals(0, run("audit", "show", "--file", JsonLinesAuditSink.FILE_NAME, "--limit", "2", "--action", "promote"), err());
        assertTrue(out().contains("staging") && out().contains("churn") && out().lines().count() == 3, out());

        assertEquals(2, run("audit", "show", "--file", JsonLinesAuditSink.FILE_NAME, "--since", "last week"));
        assertEquals("modelgate: error: audit show: --since: expected an instant (2026-12-01T09:00:00Z), a date (2026-12-01) or a duration"
                + " back from now (7d, 12h), got \"last week\"\n", err());
    }

    @Test
    void showWritesJsonAndCsv() throws Exception {
        assertEquals(0, run("audit", "show", "--file", JsonLinesAuditSink.FILE_NAME, "--model", "fraud", "--env", "prod", "--format", "json"), err());
        JsonNode records = new ObjectMapper().readTree(out());
        assertEquals(3, records.size(), out());
        JsonNode newest = records.get(0);
        assertEquals("carol", newest.get("approver").asText());
        assertEquals("promote", newest.get("action").asText());
        assertEquals(64, newest.get("hash").asText().length());
        assertEquals(records.get(1).get("hash"), newest.get("previous_hash"), "snake_case, as the JSON lines");

        assertEquals(0, run("audit", "show", "--file", JsonLinesAuditSink.FILE_NAME, "--model", "fraud", "--env", "prod", "--action", "promote",
                "--format", "csv"), err());
        String[] rows = out().split("\r\n", -1);
        assertEquals("time,action,outcome,model,version,target,previous_version,environment,actor,branch,commit,run_url,registry,detail,"
                + "approver,previous_hash,hash", rows[0]);
        assertTrue(rows[1].startsWith(now.minus(2, ChronoUnit.DAYS) + ",promote,promoted,fraud,2,champion,,prod,alice,release/1.4,abc123,"
                + "https://ci.example/runs/2,,\"approved, \"\"by\"\" carol\nafter review\",carol,"), rows[1]);
        assertEquals(4, rows.length, "header, two records, and the last line's end: " + out());
        assertEquals("", rows[3]);

        assertEquals(2, run("audit", "show", "--file", JsonLinesAuditSink.FILE_NAME, "--format", "xml"));
        assertEquals("modelgate: error: audit show: --format: expected one of table, json, csv, got \"xml\"\n", err());
    }

    @Test
    void verifyExitsZeroOnIntactChainsAndOneNamingTheBrokenLink() throws Exception {
        assertEquals(0, run("audit", "verify", "--file", JsonLinesAuditSink.FILE_NAME), err());
        assertEquals("audit verify: audit file " + dir.resolve(JsonLinesAuditSink.FILE_NAME) + ": intact, 3 chains, 5 chained records\n", out());

        Path file = dir.resolve(JsonLinesAuditSink.FILE_NAME);
        List<String> lines = Files.readAllLines(file);
        Files.write(file, List.of(lines.get(0), lines.get(2), lines.get(3), lines.get(4))); // the validation deleted
        assertEquals(1, run("audit", "verify", "--file", JsonLinesAuditSink.FILE_NAME), err());
        assertTrue(out().startsWith("BROKEN fraud in prod: line 2: " + now.minus(2, ChronoUnit.DAYS) + " promote version 2: its previous record ("),
                out());
        assertTrue(out().contains("a record was deleted or rewritten\naudit verify: audit file " + file + ": 1 of 3 chains broken, 4 chained records\n"),
                out());
    }

    @Test
    void verifyReadsTheConfiguredTable() {
        DeltaAuditTable table = new DeltaAuditTable(DefaultEngine.create(new Configuration()), dir.resolve("audit").toString());
        table.append(record(now, "promote", "fraud", "prod", 1, null));
        table.append(record(now.plusSeconds(1), "promote", "fraud", "prod", 2, null));
        table.append(record(now.plusSeconds(2), "promote", "fraud", "staging", 1, null));
        // --env picks the configuration's environment (whose audit table is read), and the records of that environment.
        assertEquals(0, run("audit", "verify", "--env", "prod"), err());
        assertTrue(out().endsWith(": intact, 2 chains, 3 chained records\n"), out());
        assertEquals(0, run("audit", "show", "--env", "prod", "--format", "csv"), err());
        assertEquals(3, out().split("\r\n").length, out());
    }

    @Test
    void verifyExitCodesForUsageAndUnreadableSources() throws Exception {
        assertEquals(2, run("audit", "verify", "--file", "x.jsonl", "--table", "audit"));
        assertEquals("modelgate: error: audit verify: pass --file or --table, not both\n", err());
        assertEquals(2, run("audit", "verify", "--file", "missing.jsonl"));
        assertEquals("modelgate: error: audit file " + dir.resolve("missing.jsonl") + " does not exist\n", err());
        Files.writeString(dir.resolve("modelgate.yaml"), "project: shop\n");
        assertEquals(2, run("audit", "verify"));
        assertEquals("modelgate: error: audit verify: no audit table: pass --table PATH or --file PATH, or set audit.delta_table in modelgate.yaml\n",
                err());

        DeltaAuditTable table = new DeltaAuditTable(DefaultEngine.create(new Configuration()), dir.resolve("audit").toString());
        table.append(record(now, "promote", "fraud", "prod", 1, null));
        try (var files = Files.list(dir.resolve("audit"))) {
            for (Path data : files.filter(p -> p.toString().endsWith(".parquet")).toList()) Files.delete(data);
        }
        assertEquals(3, run("audit", "verify", "--table", "audit"));
        assertTrue(err().startsWith("modelgate: error: table audit (") && err().contains("cannot be read") && err().lines().count() == 1, err());
    }
}
