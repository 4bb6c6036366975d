package io.modelgate.cli;

import io.delta.kernel.defaults.engine.DefaultEngine;
import io.modelgate.ci.CiContext;
import io.modelgate.config.ConfigFile;
import io.modelgate.config.EnvironmentSelector;
import io.modelgate.config.ResolvedConfig;
import io.modelgate.audit.DeltaAuditTable;
import io.modelgate.audit.AuditRecord;
import io.modelgate.secret.SecretMasker;
import io.modelgate.fault.Fault;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code modelgate audit show}: the newest records of the Delta audit table. */
final class AuditCommands {

    private static final String[] SHOWN = {"time", "actor", "model", "version", "action", "target", "previous", "environment", "outcome",
            "commit", "run_url"};

    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;
    private final Path workDir;

    AuditCommands(Map<String, String> env, PrintStream out, PrintStream err, Path workDir) {
        this.env = env;
        this.out = out;
        this.err = err;
        this.workDir = workDir;
    }

    static CommandSpec spec() {
        CommandSpec audit = CommandSpec.create().name("audit");
        audit.usageMessage().description("Read the Delta audit table of registry transitions.");
        audit.addOption(CommonOptions.help());
        CommandSpec show = CommandSpec.create().name("show");
        show.usageMessage().description("Print the newest audit records, newest first.");
        show.addOption(CommonOptions.help());
        show.addOption(OptionSpec.builder("--table").type(String.class).paramLabel("PATH")
                .description("Path of the audit table (default: audit.delta_table of modelgate.yaml)").build());
        show.addOption(OptionSpec.builder("--limit").type(Integer.class).paramLabel("N")
                .description("How many records (default: 20)").build());
        CommonOptions.addTo(show, false);
        audit.addSubcommand("show", show);
        return audit;
    }

    int run(ParseResult parsed) {
        boolean debug = parsed.hasMatchedOption("--debug");
        try {
            int limit = parsed.matchedOptionValue("--limit", 20);
            if (limit < 1) {
                throw Fault.usage("audit show: --limit must be at least 1, got " + limit);
            }
            String path = tablePath(parsed);
            List<AuditRecord> records = new DeltaAuditTable(DefaultEngine.create(new Configuration()), path).recent(limit);
            print(records);
            return 0;
        } catch (Fault e) {
            CommandLineApp.trace(err, debug, SecretMasker.of(env, List.of()), e);
            err.println("modelgate: error: " + e.getMessage());
            return e.kind().exitCode;
        } catch (RuntimeException e) {
            CommandLineApp.trace(err, debug, SecretMasker.of(env, List.of()), e);
            err.println("modelgate: error: audit show: cannot read the audit table: " + CommandLineApp.firstLine(String.valueOf(e.getMessage()))
                    + (debug ? "" : " (run with --debug for the stack trace)"));
            return 3;
        }
    }

    private String tablePath(ParseResult parsed) {
        String table = parsed.matchedOptionValue("--table", null);
        if (table != null) {
            return workDir.resolve(table).toAbsolutePath().normalize().toString();
        }
        Path configPath = workDir.resolve(parsed.matchedOptionValue("--config", ConfigFile.DEFAULT_NAME));
        ConfigFile file = ConfigFile.load(configPath);
        Path projectDir = file.path().toAbsolutePath().getParent();
        ResolvedConfig resolved = EnvironmentSelector.select(file, parsed.matchedOptionValue("--env", null), CiContext.detect(env, projectDir));
        if (resolved.config().audit() == null || resolved.config().audit().deltaTable() == null) {
            throw Fault.usage("audit show: no audit table: pass --table PATH or set audit.delta_table in " + file.displayName());
        }
        return resolved.config().audit().deltaTableLocation(projectDir);
    }

    private void print(List<AuditRecord> records) {
        List<String[]> rows = new ArrayList<>();
        rows.add(SHOWN);
        for (AuditRecord record : records) {
            Object[] values = {record.time(), record.actor(), record.model(), record.version(), record.action(), record.target(),
                    record.previousVersion(), record.environment(), record.outcome(), record.commit(), record.runUrl()};
            String[] row = new String[SHOWN.length];
            for (int c = 0; c < SHOWN.length; c++) {
                row[c] = values[c] == null ? "-" : values[c].toString();
            }
            rows.add(row);
        }
        Columns.print(out, rows, SecretMasker.of(env, List.of()));
    }
}
