package io.modelgate.cli;

import io.modelgate.ci.CiContext;
import io.modelgate.config.ConfigFile;
import io.modelgate.config.EnvironmentSelector;
import io.modelgate.config.ResolvedConfig;
import io.modelgate.fault.Fault;
import io.modelgate.invocation.WebhookSteps;
import io.modelgate.mlflow.MlflowWebhook;
import io.modelgate.secret.SecretMasker;
import io.modelgate.webhook.Journal;
import io.modelgate.webhook.JournalEntry;
import io.modelgate.webhook.StepRun;
import io.modelgate.webhook.WebhookServer;
import io.modelgate.webhook.WebhookSync;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** {@code modelgate webhooks sync|serve|list|retry|runs}: continuous deployment from MLflow registry webhooks. */
final class WebhookCommands {

    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;
    private final Path workDir;

    WebhookCommands(Map<String, String> env, PrintStream out, PrintStream err, Path workDir) {
        this.env = env;
        this.out = out;
        this.err = err;
        this.workDir = workDir;
    }

    static CommandSpec spec() {
        CommandSpec webhooks = CommandSpec.create().name("webhooks");
        webhooks.usageMessage().description("Continuous deployment from MLflow Model Registry webhooks (docs/cd-webhooks.md).");
        webhooks.addOption(CommonOptions.help());
        CommandSpec sync = command("sync", "Create or update the MLflow webhooks modelgate.yaml declares for the environment.");
        sync.addOption(OptionSpec.builder("--dry-run").arity("0").type(boolean.class).description("Show what would change and change nothing").build());
        sync.addOption(OptionSpec.builder("--test").arity("0").type(boolean.class)
                .description("Then have MLflow send each webhook a test delivery and report what the receiver answered").build());
        CommandSpec serve = command("serve", "Run the receiver: verify, journal, acknowledge, then forward by the routes (until SIGTERM).");
        CommandSpec list = command("list", "Print journaled deliveries per route, newest first.");
        list.addOption(OptionSpec.builder("--failed").arity("0").type(boolean.class).description("Only the dead letters").build());
        list.addOption(OptionSpec.builder("--limit").type(Integer.class).paramLabel("N").description("How many (default: 50)").build());
        CommandSpec retry = command("retry", "Replay a dead letter: forward it again, attempts from zero.");
        retry.addPositional(PositionalParamSpec.builder().paramLabel("ID").type(Long.class).description("The id `webhooks list --failed` shows").build());
        CommandSpec runs = command("runs", "Print the steps that steps routes ran, newest first.");
        runs.addOption(OptionSpec.builder("--limit").type(Integer.class).paramLabel("N").description("How many (default: 50)").build());
        for (CommandSpec sub : List.of(sync, serve, list, retry, runs)) webhooks.addSubcommand(sub.name(), sub);
        return webhooks;
    }

    private static CommandSpec command(String name, String description) {
        CommandSpec spec = CommandSpec.create().name(name);
        spec.usageMessage().description(description);
        spec.addOption(CommonOptions.help());
        CommonOptions.addTo(spec, false);
        return spec;
    }

    int run(ParseResult parsed) {
        boolean debug = parsed.hasMatchedOption("--debug");
        SecretMasker masker = SecretMasker.of(env, List.of());
        String name = parsed.commandSpec().name();
        try {
            Path configPath = workDir.resolve(parsed.matchedOptionValue("--config", ConfigFile.DEFAULT_NAME));
            ConfigFile file = ConfigFile.load(configPath);
            masker = SecretMasker.of(env, file.secretVariables().keySet());
            Path projectDir = file.path().toAbsolutePath().getParent();
            String environment = parsed.matchedOptionValue("--env", null);
            ResolvedConfig config = EnvironmentSelector.select(file, environment, CiContext.detect(env, projectDir));
            return switch (name) {
                case "sync" -> sync(config, parsed.hasMatchedOption("--dry-run"), parsed.hasMatchedOption("--test"), masker);
                case "serve" -> serve(config, configPath, projectDir, debug, masker);
                case "retry" -> retry(config, projectDir, parsed.matchedPositional(0) == null ? null : parsed.matchedPositional(0).getValue());
                case "runs" -> runs(config, projectDir, parsed.matchedOptionValue("--limit", 50), masker);
                default -> list(config, projectDir, parsed.hasMatchedOption("--failed"), parsed.matchedOptionValue("--limit", 50), masker);
            };
        } catch (Fault e) {
            CommandLineApp.trace(err, debug, masker, e);
            err.println("modelgate: error: webhooks " + name + ": " + masker.mask(e.getMessage()));
            return e.kind().exitCode;
        } catch (RuntimeException e) {
            CommandLineApp.trace(err, debug, masker, e);
            err.println("modelgate: error: webhooks " + name + ": internal error: " + masker.mask(String.valueOf(e))
                    + (debug ? "" : " (run with --debug for the stack trace)"));
            return 3;
        }
    }

    private int sync(ResolvedConfig config, boolean dryRun, boolean test, SecretMasker masker) {
        WebhookSync sync = WebhookSync.of(config, env);
        List<WebhookSync.Change> plan = sync.plan();
        long changes = plan.stream().filter(c -> c.action() == WebhookSync.Change.Action.CREATE || c.action() == WebhookSync.Change.Action.UPDATE).count();
        out.println("webhooks sync: MLflow at " + sync.mlflowLocation() + (dryRun ? " (dry run)" : ""));
        for (WebhookSync.Change change : plan) {
            out.println(masker.mask(String.format("  %-9s %s%s", change.action().name().toLowerCase(), change.name(),
                    change.differences().isEmpty() ? "" : ": " + String.join("; ", change.differences()))));
        }
        if (changes == 0) {
            out.println("nothing to change");
        } else if (dryRun) {
            out.println(changes + " change" + (changes == 1 ? "" : "s") + " would be made; run without --dry-run to make them");
        } else {
            plan = sync.apply(plan);
            out.println(changes + " change" + (changes == 1 ? "" : "s") + " made");
        }
        if (!test) return 0;
        int failed = 0;
        for (WebhookSync.Change change : plan) {
            if (change.id() == null || change.action() == WebhookSync.Change.Action.UNMANAGED) continue;
            MlflowWebhook.TestResult result = sync.test(change);
            String body = result.responseBody().length() > 200 ? result.responseBody().substring(0, 200) + "..." : result.responseBody();
            out.println(masker.mask("test " + change.name() + ": " + (result.success() ? "ok" : "FAILED") + ": "
                    + (result.errorMessage().isEmpty() ? "the receiver answered " + result.responseStatus() + " " + body.strip()
                    : result.errorMessage())));
            if (!result.success()) failed++;
        }
        if (failed > 0) {
            throw Fault.infrastructure(failed + " test deliver" + (failed == 1 ? "y" : "ies") + " failed: check the receiver's URL, that it runs, and its secret");
        }
        return 0;
    }

    private int serve(ResolvedConfig config, Path configPath, Path projectDir, boolean debug, SecretMasker masker) {
        java.util.function.Consumer<String> log = line -> {
            synchronized (err) {
                err.println(Instant.now().truncatedTo(ChronoUnit.MILLIS) + " " + masker.mask(line));
            }
        };
        WebhookServer server = WebhookServer.create(config, env, projectDir,
                new WebhookSteps(env, configPath, config.environment(), debug), log, Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        Thread stop = new Thread(() -> {
            log.accept("receiver: stopping (SIGTERM): draining requests and forwards under way");
            server.close();
            log.accept("receiver: stopped");
            stopped.countDown();
        }, "receiver-stop");
        try {
            server.start();
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(stop);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private int list(ResolvedConfig config, Path projectDir, boolean failedOnly, int limit, SecretMasker masker) {
        try (Journal journal = WebhookServer.journal(config, env, projectDir, Clock.systemUTC())) {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[]{"id", "received", "delivery", "event", "model", "version", "route", "state", "attempts", "detail"});
            for (JournalEntry entry : journal.list(failedOnly, limit)) {
                String detail = entry.state().equals("delivered") ? entry.detail() : entry.lastError();
                rows.add(new String[]{String.valueOf(entry.id()), entry.receivedAt().truncatedTo(ChronoUnit.SECONDS).toString(), entry.deliveryId(),
                        entry.event(), dash(entry.model()), dash(entry.version()), entry.route(), entry.state(), String.valueOf(entry.attempts()), dash(detail)});
            }
            Columns.print(out, rows, masker);
            if (rows.size() == 1) out.println(failedOnly ? "no dead letters" : "the journal is empty");
        }
        return 0;
    }

    private int retry(ResolvedConfig config, Path projectDir, Long id) {
        if (id == null) throw Fault.usage("which delivery? pass the ID that `modelgate webhooks list --failed` shows");
        try (Journal journal = WebhookServer.journal(config, env, projectDir, Clock.systemUTC())) {
            if (!journal.retry(id)) {
                throw Fault.usage("no dead letter with id " + id + " in " + journal.where() + " (see `modelgate webhooks list --failed`)");
            }
            out.println("dead letter " + id + " is due again; the receiver forwards it at its next poll");
        }
        return 0;
    }

    private int runs(ResolvedConfig config, Path projectDir, int limit, SecretMasker masker) {
        try (Journal journal = WebhookServer.journal(config, env, projectDir, Clock.systemUTC())) {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[]{"finished", "delivery", "route", "model", "version", "step", "verdict", "exit", "headline"});
            for (StepRun run : journal.runs(limit)) {
                rows.add(new String[]{run.finished().truncatedTo(ChronoUnit.SECONDS).toString(), run.deliveryId(), run.route(), dash(run.model()),
                        dash(run.version()), run.step(), run.verdict(), String.valueOf(run.exitCode()), dash(run.headline())});
            }
            Columns.print(out, rows, masker);
            if (rows.size() == 1) out.println("no step runs yet");
        }
        return 0;
    }

    private static String dash(String value) {
        return value == null || value.isEmpty() ? "-" : value;
    }
}
