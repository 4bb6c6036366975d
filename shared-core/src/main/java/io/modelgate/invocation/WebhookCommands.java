package io.modelgate.invocation;

import io.modelgate.config.ResolvedConfig;
import io.modelgate.fault.Fault;
import io.modelgate.mlflow.MlflowWebhook;
import io.modelgate.step.Param;
import io.modelgate.webhook.Journal;
import io.modelgate.webhook.JournalEntry;
import io.modelgate.webhook.StepRun;
import io.modelgate.webhook.WebhookServer;
import io.modelgate.webhook.WebhookSync;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/** {@code modelgate webhooks sync|serve|list|retry|runs}: continuous deployment from MLflow registry webhooks (docs/cd-webhooks.md). */
final class WebhookCommands {

    static final String GROUP = "Continuous deployment from MLflow Model Registry webhooks (docs/cd-webhooks.md).";

    private WebhookCommands() {
    }

    static List<Command> all() {
        return List.of(new Sync(), new Serve(), new ListDeliveries(), new Retry(), new Runs());
    }

    private static boolean flag(Invocation invocation, String name) {
        return "true".equalsIgnoreCase(invocation.param(name));
    }

    private static final Param LIMIT = Param.number("limit", Param.Type.INTEGER, "50", "1", "100000", "How many");

    private static int limit(Invocation invocation, String command) {
        String text = invocation.param("limit");
        try {
            int limit = text == null ? Integer.parseInt(LIMIT.defaultValue()) : Integer.parseInt(text.trim());
            if (limit >= Integer.parseInt(LIMIT.min()) && limit <= Integer.parseInt(LIMIT.max())) return limit;
        } catch (NumberFormatException e) {
            // refused below
        }
        throw Fault.usage(command + ": " + invocation.spell("limit") + " must be a whole number from " + LIMIT.min() + " to " + LIMIT.max()
                + ", got \"" + text + "\"");
    }

    private static Journal journal(Invocation invocation) {
        return WebhookServer.journal(invocation.config(), invocation.env(), invocation.projectDir(), Clock.systemUTC());
    }

    private static String dash(String value) {
        return value == null || value.isEmpty() ? "-" : value;
    }

    /** {@code webhooks sync}: MLflow's webhooks made what modelgate.yaml declares. */
    static final class Sync implements Command {
        @Override
        public String name() {
            return "webhooks sync";
        }

        @Override
        public String summary() {
            return "Create or update the MLflow webhooks modelgate.yaml declares for the environment.";
        }

        @Override
        public List<Param> params() {
            return List.of(Param.flag("dry-run", "Show what would change and change nothing"),
                    Param.flag("test", "Then have MLflow send each webhook a test delivery and report what the receiver answered"));
        }

        @Override
        public int run(Invocation invocation) {
            boolean dryRun = flag(invocation, "dry-run");
            WebhookSync sync = WebhookSync.of(invocation.config(), invocation.env());
            List<WebhookSync.Change> plan = sync.plan();
            long changes = plan.stream().filter(c -> c.action() == WebhookSync.Change.Action.CREATE || c.action() == WebhookSync.Change.Action.UPDATE).count();
            StringBuilder text = new StringBuilder("webhooks sync: MLflow at " + sync.mlflowLocation() + (dryRun ? " (dry run)" : "") + "\n");
            for (WebhookSync.Change change : plan) {
                text.append(String.format("  %-9s %s%s%n", change.action().name().toLowerCase(), change.name(),
                        change.differences().isEmpty() ? "" : ": " + String.join("; ", change.differences())));
            }
            String plural = changes == 1 ? "" : "s";
            if (changes == 0) {
                text.append("nothing to change\n");
            } else if (dryRun) {
                text.append(changes).append(" change").append(plural).append(" would be made; run without ").append(invocation.spell("dry-run"))
                        .append(" to make them\n");
            } else {
                plan = sync.apply(plan);
                text.append(changes).append(" change").append(plural).append(" made\n");
            }
            invocation.print(text.toString());
            if (flag(invocation, "test")) test(invocation, sync, plan);
            return 0;
        }

        private static void test(Invocation invocation, WebhookSync sync, List<WebhookSync.Change> plan) {
            int failed = 0;
            for (WebhookSync.Change change : plan) {
                if (change.id() == null || change.action() == WebhookSync.Change.Action.UNMANAGED) continue;
                MlflowWebhook.TestResult result = sync.test(change);
                String body = result.responseBody().length() > 200 ? result.responseBody().substring(0, 200) + "..." : result.responseBody();
                invocation.print("test " + change.name() + ": " + (result.success() ? "ok" : "FAILED") + ": "
                        + (result.errorMessage().isEmpty() ? "the receiver answered " + result.responseStatus() + " " + body.strip()
                        : result.errorMessage()) + "\n");
                if (!result.success()) failed++;
            }
            if (failed > 0) {
                throw Fault.infrastructure("webhooks sync: " + failed + " test deliver" + (failed == 1 ? "y" : "ies")
                        + " failed: check the receiver's URL, that it runs, and its secret");
            }
        }
    }

    /** {@code webhooks serve}: the receiver and relay, until SIGTERM. */
    static final class Serve implements Command {
        @Override
        public String name() {
            return "webhooks serve";
        }

        @Override
        public String summary() {
            return "Run the receiver: verify, journal, acknowledge, then forward by the routes (until SIGTERM).";
        }

        @Override
        public int run(Invocation invocation) {
            ResolvedConfig config = invocation.config();
            Consumer<String> log = line -> {
                synchronized (invocation.err()) {
                    invocation.err().println(Instant.now().truncatedTo(ChronoUnit.MILLIS) + " " + invocation.masker().mask(line));
                }
            };
            Invocation.Options options = invocation.options();
            // Steps run in the environment the receiver resolved, whatever branch the service's folder is on later.
            WebhookSteps steps = new WebhookSteps(invocation.env(), new Invocation.Options(options.frontEnd(), options.workDir(),
                    config.file().path(), config.environment(), options.outputDir(), options.debug(), false, true));
            WebhookServer server = WebhookServer.create(config, invocation.env(), invocation.projectDir(), steps, log, Clock.systemUTC());
            try {
                server.start();
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                log.accept("receiver: stopping (SIGTERM): draining requests and forwards under way");
                server.close();
                log.accept("receiver: stopped");
                stopped.countDown();
            }, "receiver-stop"));
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 0;
        }
    }

    /** {@code webhooks list}: journaled deliveries per route, or the dead letters. */
    static final class ListDeliveries implements Command {
        @Override
        public String name() {
            return "webhooks list";
        }

        @Override
        public String summary() {
            return "Print journaled deliveries per route, newest first.";
        }

        @Override
        public List<Param> params() {
            return List.of(Param.flag("failed", "Only the dead letters"), LIMIT);
        }

        @Override
        public int run(Invocation invocation) {
            boolean failedOnly = flag(invocation, "failed");
            int limit = limit(invocation, "webhooks list");
            try (Journal journal = journal(invocation)) {
                List<String[]> rows = new ArrayList<>();
                rows.add(new String[]{"id", "received", "delivery", "event", "model", "version", "route", "state", "attempts", "detail"});
                for (JournalEntry entry : journal.list(failedOnly, limit)) {
                    String detail = entry.state().equals("delivered") ? entry.detail() : entry.lastError();
                    rows.add(new String[]{String.valueOf(entry.id()), entry.receivedAt().truncatedTo(ChronoUnit.SECONDS).toString(),
                            entry.deliveryId(), entry.event(), dash(entry.model()), dash(entry.version()), entry.route(), entry.state(),
                            String.valueOf(entry.attempts()), dash(detail)});
                }
                invocation.print(Columns.render(rows) + (rows.size() > 1 ? "" : failedOnly ? "no dead letters\n" : "the journal is empty\n"));
            }
            return 0;
        }
    }

    /** {@code webhooks retry}: a dead letter due again. */
    static final class Retry implements Command {
        @Override
        public String name() {
            return "webhooks retry";
        }

        @Override
        public String summary() {
            return "Replay a dead letter: forward it again, attempts from zero.";
        }

        @Override
        public List<Param> params() {
            return List.of(Param.required("id", Param.Type.STRING, "The id `webhooks list --failed` shows"));
        }

        @Override
        public int run(Invocation invocation) {
            String text = invocation.param("id");
            long id;
            try {
                id = Long.parseLong(text == null ? "" : text.trim());
            } catch (NumberFormatException e) {
                throw Fault.usage("webhooks retry: " + invocation.spell("id") + ": give the id `webhooks list --failed` shows, not \""
                        + (text == null ? "" : text) + "\"");
            }
            try (Journal journal = journal(invocation)) {
                if (!journal.retry(id)) {
                    throw Fault.usage("webhooks retry: no dead letter with id " + id + " in " + journal.where() + " (see webhooks list --failed)");
                }
            }
            invocation.print("dead letter " + id + " is due again; the receiver forwards it at its next poll\n");
            return 0;
        }
    }

    /** {@code webhooks runs}: the steps that steps routes ran. */
    static final class Runs implements Command {
        @Override
        public String name() {
            return "webhooks runs";
        }

        @Override
        public String summary() {
            return "Print the steps that steps routes ran, newest first.";
        }

        @Override
        public List<Param> params() {
            return List.of(LIMIT);
        }

        @Override
        public int run(Invocation invocation) {
            int limit = limit(invocation, "webhooks runs");
            try (Journal journal = journal(invocation)) {
                List<String[]> rows = new ArrayList<>();
                rows.add(new String[]{"finished", "delivery", "route", "model", "version", "step", "verdict", "exit", "headline"});
                for (StepRun run : journal.runs(limit)) {
                    rows.add(new String[]{run.finished().truncatedTo(ChronoUnit.SECONDS).toString(), run.deliveryId(), run.route(),
                            dash(run.model()), dash(run.version()), run.step(), run.verdict(), String.valueOf(run.exitCode()), dash(run.headline())});
                }
                invocation.print(Columns.render(rows) + (rows.size() > 1 ? "" : "no step runs yet\n"));
            }
            return 0;
        }
    }
}
