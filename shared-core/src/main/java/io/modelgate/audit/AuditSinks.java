package io.modelgate.audit;

import io.delta.kernel.defaults.engine.DefaultEngine;
import io.modelgate.config.AuditConfig;
import io.modelgate.audit.DeltaAuditTable;
import io.modelgate.step.StepContext;
import org.apache.hadoop.conf.Configuration;

import java.util.ArrayList;
import java.util.List;

/** The audit sinks of one run: the JSON lines file in the output dir, plus the Delta table when configured; secrets masked. */
public final class AuditSinks {

    private AuditSinks() {
    }

    /** A sink appending each record to every sink of the run, the local JSON lines file first. */
    public static AuditSink forRun(StepContext ctx) {
        List<AuditSink> sinks = new ArrayList<>();
        sinks.add(JsonLinesAuditSink.inDirectory(ctx.outputDir()));
        AuditConfig audit = ctx.config().config().audit();
        if (audit != null && audit.deltaTable() != null) {
            sinks.add(new DeltaAuditTable(DefaultEngine.create(new Configuration()), audit.deltaTableLocation(ctx.projectDir())));
        }
        List<AuditSink> all = List.copyOf(sinks);
        // Records are files and table rows that leave the run: masked like every report.
        return record -> all.forEach(sink -> sink.append(record.masked(ctx.console().masker())));
    }
}
