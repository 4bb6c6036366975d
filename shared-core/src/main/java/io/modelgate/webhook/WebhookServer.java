package io.modelgate.webhook;

import io.modelgate.config.ResolvedConfig;
import io.modelgate.config.WebhookJournalConfig;
import io.modelgate.config.WebhookReceiverConfig;
import io.modelgate.config.WebhookRouteConfig;
import io.modelgate.config.WebhooksConfig;
import io.modelgate.fault.Fault;
import io.modelgate.github.RepositoryDispatch;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * {@code modelgate webhooks serve}: the journal, the relay and the receiver, built from the
 * environment's {@code webhooks:} section; secrets come from the variables it names.
 */
public final class WebhookServer implements AutoCloseable {

    /** How long a graceful stop waits for requests under way, then for forwards under way. */
    static final Duration REQUESTS_DRAIN = Duration.ofSeconds(5);
    static final Duration FORWARDS_DRAIN = Duration.ofSeconds(20);

    private final Journal journal;
    private final Relay relay;
    private final Receiver receiver;
    private final ReceiverMetrics metrics;

    private WebhookServer(Journal journal, Relay relay, Receiver receiver, ReceiverMetrics metrics) {
        this.journal = journal;
        this.relay = relay;
        this.receiver = receiver;
        this.metrics = metrics;
    }

    /**
     * Builds the server; nothing listens or forwards until {@link #start()}.
     *
     * @param launcher runs catalogue steps for steps routes
     * @param log      where the receiver's and relay's lines go (masked by the caller)
     */
    public static WebhookServer create(ResolvedConfig config, Map<String, String> env, Path projectDir, StepLauncher launcher,
                                       Consumer<String> log, Clock clock) {
        WebhooksConfig webhooks = webhooks(config);
        WebhookReceiverConfig receiverConfig = webhooks.receiver();
        if (receiverConfig.secretEnv() == null) {
            throw config.errorAt("webhooks.receiver", "secret_env is required: the receiver refuses deliveries it cannot verify");
        }
        List<String> secrets = new ArrayList<>();
        secrets.add(config.secret("webhooks.receiver.secret_env", receiverConfig.secretEnv(), env));
        String previous = receiverConfig.previousSecretEnv() == null ? null : env.get(receiverConfig.previousSecretEnv());
        if (previous != null && !previous.isEmpty()) secrets.add(previous);
        Map<String, String> extra = config.environment() == null ? Map.of() : Map.of("environment", config.environment());
        Journal journal = journal(config, receiverConfig.journal(), env, projectDir, clock);
        try {
            ReceiverMetrics metrics = new ReceiverMetrics(journal::countByState);
            Map<String, Target> targets = targets(config, webhooks.routes(), env, launcher, journal, projectDir, extra, log, clock);
            Relay relay = new Relay(journal, targets, receiverConfig.forwarding(), metrics, log, clock);
            Set<String> serial = webhooks.routes().stream().filter(r -> r.steps() != null).map(WebhookRouteConfig::name).collect(Collectors.toSet());
            String[] listen = hostAndPort(receiverConfig.listen());
            Path keystore = receiverConfig.tlsKeystore() == null ? null : projectDir.resolve(receiverConfig.tlsKeystore());
            String keystorePassword = receiverConfig.tlsPasswordEnv() == null ? null
                    : config.secret("webhooks.receiver.tls_password_env", receiverConfig.tlsPasswordEnv(), env);
            Receiver receiver = new Receiver(new Receiver.Settings(listen[0], Integer.parseInt(listen[1]), receiverConfig.path(), secrets,
                    receiverConfig.timestampTolerance(), receiverConfig.maxBodyBytes(), receiverConfig.rateLimit(), keystore, keystorePassword, REQUESTS_DRAIN),
                    journal, new Routes(webhooks.routes()), serial, relay, metrics, log, clock);
            return new WebhookServer(journal, relay, receiver, metrics);
        } catch (RuntimeException e) {
            journal.close();
            throw e;
        }
    }

    /** The environment's webhooks section, or a usage error saying it is missing. */
    static WebhooksConfig webhooks(ResolvedConfig config) {
        WebhooksConfig webhooks = config.config().webhooks();
        if (webhooks == null) {
            throw Fault.usage(config.file().displayName() + ": no webhooks: section" + (config.environment() == null ? ""
                    : " for environment " + config.environment()) + "; see docs/cd-webhooks.md");
        }
        return webhooks;
    }

    /** The journal the environment names (for serve, and for list, retry and runs). */
    public static Journal journal(ResolvedConfig config, Map<String, String> env, Path projectDir, Clock clock) {
        return journal(config, webhooks(config).receiver().journal(), env, projectDir, clock);
    }

    private static Journal journal(ResolvedConfig config, WebhookJournalConfig journal, Map<String, String> env, Path projectDir, Clock clock) {
        if (journal.postgresUrl() != null) {
            String user = journal.postgresUserEnv() == null ? null
                    : config.secret("webhooks.receiver.journal.postgres_user_env", journal.postgresUserEnv(), env);
            String password = journal.postgresPasswordEnv() == null ? null
                    : config.secret("webhooks.receiver.journal.postgres_password_env", journal.postgresPasswordEnv(), env);
            return Journal.postgres(journal.postgresUrl(), user, password, clock);
        }
        return Journal.sqlite(projectDir.resolve(journal.sqlite()), clock);
    }

    private static Map<String, Target> targets(ResolvedConfig config, List<WebhookRouteConfig> routes, Map<String, String> env,
                                               StepLauncher launcher, Journal journal, Path projectDir, Map<String, String> extra,
                                               Consumer<String> log, Clock clock) {
        Map<String, Target> targets = new LinkedHashMap<>();
        Map<String, RepositoryDispatch> githubs = new HashMap<>();
        for (int i = 0; i < routes.size(); i++) {
            WebhookRouteConfig route = routes.get(i);
            String at = "webhooks.routes[" + i + "]";
            if (route.github() != null) {
                String token = config.secret(at + ".github.token_env", route.github().tokenEnv(), env);
                RepositoryDispatch github = githubs.computeIfAbsent(route.github().apiUrl() + " " + route.github().tokenEnv(), key -> {
                    try {
                        return new RepositoryDispatch(route.github().apiUrl(), token);
                    } catch (IOException e) {
                        throw Fault.usage(config.file().displayName() + ": " + at + ".github.api_url: " + e.getMessage());
                    }
                });
                targets.put(route.name(), new GitHubDispatchTarget(route.github(), github, extra));
            } else if (route.jenkins() != null) {
                targets.put(route.name(), new JenkinsBuildTarget(route.jenkins(), config.secret(at + ".jenkins.user_env", route.jenkins().userEnv(), env),
                        config.secret(at + ".jenkins.token_env", route.jenkins().tokenEnv(), env), extra, log, Duration.ofSeconds(1)));
            } else {
                for (int s = 0; s < route.steps().size(); s++) {
                    if (!launcher.knows(route.steps().get(s).step())) {
                        throw config.errorAt(at + ".steps[" + s + "].step", "\"" + route.steps().get(s).step() + "\" is not a catalogue step");
                    }
                }
                targets.put(route.name(), new StepsTarget(route.name(), route.steps(), launcher, journal,
                        projectDir.resolve("build/modelgate/webhook-runs"), extra, log, clock));
            }
        }
        return targets;
    }

    static String[] hostAndPort(String listen) {
        int colon = listen.lastIndexOf(':');
        String host = listen.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        return new String[]{host.isEmpty() ? "0.0.0.0" : host, listen.substring(colon + 1)};
    }

    /** Starts forwarding, then listening; returns the port. */
    public int start() {
        relay.start();
        return receiver.start();
    }

    public int port() {
        return receiver.port();
    }

    public ReceiverMetrics metrics() {
        return metrics;
    }

    public Journal journal() {
        return journal;
    }

    /** Graceful stop: requests under way are answered, forwards under way finish or go back to the journal. */
    @Override
    public void close() {
        receiver.close();
        relay.stop(FORWARDS_DRAIN);
        journal.close();
    }
}
