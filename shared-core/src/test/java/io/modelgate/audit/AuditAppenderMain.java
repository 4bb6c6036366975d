package io.modelgate.audit;

import io.delta.kernel.defaults.engine.DefaultEngine;
import org.apache.hadoop.conf.Configuration;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A separate process appending to the audit sinks, as concurrent CI runs do:
 * {@code AuditAppenderMain TABLE RUN COUNT FILE} appends COUNT records of run RUN to the Delta
 * table TABLE and the JSON lines file FILE, then appends the first one again to the table (a
 * retried run) and prints one line per table append: WRITTEN or ALREADY_RECORDED.
 */
public final class AuditAppenderMain {

    private AuditAppenderMain() {
    }

    public static void main(String[] args) {
        DeltaAuditTable table = new DeltaAuditTable(DefaultEngine.create(new Configuration()), args[0]);
        JsonLinesAuditSink file = new JsonLinesAuditSink(Path.of(args[3]));
        int count = Integer.parseInt(args[2]);
        for (int i = 0; i <= count; i++) {
            int version = i == count ? 0 : i;
            AuditRecord record = new AuditRecord(Instant.now().toString(), "promote", "promoted", "fraud", version, "champion",
                    null, "prod", "ci-bot", "main", "abc123", "https://ci.example/runs/" + args[1], null, null);
            if (i < count) file.append(record);
            System.out.println(table.appendOnce(record));
        }
    }
}
