package io.modelgate.webhook;

import io.modelgate.config.MlflowWebhookConfig;
import io.modelgate.config.ResolvedConfig;
import io.modelgate.mlflow.MlflowRestClient;
import io.modelgate.mlflow.MlflowWebhook;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code modelgate webhooks sync}: makes MLflow's registry webhooks what modelgate.yaml declares,
 * matched by name. Idempotent: a second run finds nothing to change. MLflow never returns a
 * webhook's secret, so the description carries a fingerprint of it (a truncated HMAC keyed with the
 * secret itself, which tells nothing about the secret) and a changed secret is noticed and pushed.
 * Webhooks MLflow has and the file does not name are listed and left alone.
 */
public final class WebhookSync {

    static final String FINGERPRINT_PREFIX = " [modelgate secret ";

    /** One webhook: what sync does to it, and why. */
    public record Change(String name, Action action, List<String> differences, String id) {
        public enum Action { CREATE, UPDATE, UNCHANGED, UNMANAGED }
    }

    private final MlflowRestClient mlflow;
    private final List<MlflowWebhookConfig> declared;
    private final Map<String, String> secrets;

    /** @param secrets each declared webhook's secret, by webhook name */
    WebhookSync(MlflowRestClient mlflow, List<MlflowWebhookConfig> declared, Map<String, String> secrets) {
        this.mlflow = mlflow;
        this.declared = declared;
        this.secrets = secrets;
    }

    /** The sync of the environment's declared webhooks; secrets from the variables the file names. */
    public static WebhookSync of(ResolvedConfig config, Map<String, String> env) {
        List<MlflowWebhookConfig> declared = WebhookServer.webhooks(config).mlflow();
        if (declared.isEmpty()) {
            throw config.errorAt("webhooks", "no webhooks to sync: declare them under webhooks.mlflow");
        }
        Map<String, String> secrets = new java.util.HashMap<>();
        for (int i = 0; i < declared.size(); i++) {
            secrets.put(declared.get(i).name(), config.secret("webhooks.mlflow[" + i + "].secret_env", declared.get(i).secretEnv(), env));
        }
        return new WebhookSync(MlflowRestClient.from(config, env), declared, secrets);
    }

    public String mlflowLocation() {
        return mlflow.location();
    }

    /** What sync would change, reading MLflow only. */
    public List<Change> plan() {
        List<MlflowWebhook> existing = mlflow.webhooks();
        List<Change> changes = new ArrayList<>();
        for (MlflowWebhookConfig hook : declared) {
            Optional<MlflowWebhook> found = existing.stream().filter(w -> w.name().equals(hook.name())).findFirst();
            if (found.isEmpty()) {
                changes.add(new Change(hook.name(), Change.Action.CREATE, List.of("url " + hook.url(), "events " + String.join(", ", hook.events())), null));
                continue;
            }
            MlflowWebhook current = found.get();
            List<String> differences = new ArrayList<>();
            if (!current.url().equals(hook.url())) differences.add("url " + current.url() + " -> " + hook.url());
            Set<String> want = new TreeSet<>(hook.events());
            Set<String> have = new TreeSet<>(current.events());
            if (!want.equals(have)) differences.add("events " + String.join(", ", have) + " -> " + String.join(", ", want));
            if (!"ACTIVE".equals(current.status())) differences.add("status " + current.status() + " -> ACTIVE");
            if (!current.description().endsWith(marker(hook))) {
                differences.add(current.description().contains(FINGERPRINT_PREFIX) ? "secret (changed)" : "secret (not set by modelgate)");
            } else if (!current.description().equals(description(hook))) {
                differences.add("description");
            }
            changes.add(new Change(hook.name(), differences.isEmpty() ? Change.Action.UNCHANGED : Change.Action.UPDATE, differences, current.id()));
        }
        for (MlflowWebhook other : existing) {
            if (declared.stream().noneMatch(hook -> hook.name().equals(other.name()))) {
                changes.add(new Change(other.name(), Change.Action.UNMANAGED, List.of("not in modelgate.yaml; left as is"), other.id()));
            }
        }
        return changes;
    }

    /** Carries out the plan's creations and updates; returns the plan with the ids MLflow gave. */
    public List<Change> apply(List<Change> plan) {
        List<Change> applied = new ArrayList<>();
        for (Change change : plan) {
            MlflowWebhookConfig hook = declared.stream().filter(h -> h.name().equals(change.name())).findFirst().orElse(null);
            switch (change.action()) {
                case CREATE -> {
                    MlflowWebhook created = mlflow.createWebhook(hook.name(), hook.url(), hook.events(), description(hook), secrets.get(hook.name()));
                    applied.add(new Change(change.name(), change.action(), change.differences(), created.id()));
                }
                case UPDATE -> {
                    boolean secretChanged = change.differences().stream().anyMatch(d -> d.startsWith("secret"));
                    mlflow.updateWebhook(change.id(), hook.name(), hook.url(), hook.events(), description(hook),
                            secretChanged ? secrets.get(hook.name()) : null);
                    applied.add(change);
                }
                default -> applied.add(change);
            }
        }
        return applied;
    }

    /** MLflow's test delivery to a declared webhook, and what the receiver answered. */
    public MlflowWebhook.TestResult test(Change change) {
        return mlflow.testWebhook(change.id(), change.name());
    }

    private String description(MlflowWebhookConfig hook) {
        String text = hook.description() == null ? "Managed by modelgate webhooks sync" : hook.description();
        return text + marker(hook);
    }

    private String marker(MlflowWebhookConfig hook) {
        return FINGERPRINT_PREFIX + fingerprint(secrets.get(hook.name()), hook.name()) + "]";
    }

    /** The first 12 hex digits of HMAC-SHA256(secret, name): tells a changed secret, reveals nothing of it. */
    static String fingerprint(String secret, String name) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(("modelgate webhook " + name).getBytes(StandardCharsets.UTF_8))).substring(0, 12);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
