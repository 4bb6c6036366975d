package io.modelgate.audit;

import io.delta.kernel.defaults.engine.DefaultEngine;
import io.modelgate.audit.AuditRecord;
import org.apache.hadoop.conf.Configuration;

import java.time.Instant;

/**
 * A separate process appending to the audit table, as concurrent CI runs do:
 * {@code AuditAppenderMain PATH RUN COUNT} appends COUNT records of run RUN, then appends the
 * first one again (a retried run) and prints one line per append: WRITTEN or ALREADY_RECORDED.
 */
public final class AuditAppenderMain {

    private AuditAppenderMain() {
    }

    public static void main(String[] args) {
        DeltaAuditTable table = new DeltaAuditTable(DefaultEngine.create(new Configuration()), args[0]);
        int count = Integer.parseInt(args[2]);
        for (int i = 0; i <= count; i++) {
            int version = i == count ? 0 : i;
            AuditRecord record = new AuditRecord(Instant.now().toString(), "promote", "promoted", "fraud", version, "champion",
                    null, "prod", "ci-bot", "main", "abc123", "https://ci.example/runs/" + args[1], null, null);
            System.out.println(table.appendOnce(record));
        }
    }
}
