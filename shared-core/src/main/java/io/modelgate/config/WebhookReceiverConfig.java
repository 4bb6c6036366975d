package io.modelgate.config;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import java.time.Duration;

/** The receiver: where it listens, how it verifies deliveries, where it journals them, how it forwards. */
public record WebhookReceiverConfig(
        @JsonPropertyDescription("Address and port to listen on, host:port")
        String listen,
        @JsonPropertyDescription("Path MLflow posts deliveries to")
        String path,
        @JsonPropertyDescription("Name of the environment variable that holds the signing secret")
        String secretEnv,
        @JsonPropertyDescription("Name of the environment variable that holds a second accepted secret, while a rotation is under way")
        String previousSecretEnv,
        @JsonPropertyDescription("Deliveries whose X-MLflow-Timestamp is further than this from the receiver's clock are refused")
        Duration timestampTolerance,
        @JsonPropertyDescription("Largest delivery body accepted, in bytes")
        Integer maxBodyBytes,
        @JsonPropertyDescription("Requests per second accepted from one client address; more are answered 429")
        Integer rateLimit,
        @JsonPropertyDescription("PKCS#12 keystore with the receiver's certificate: serve HTTPS (relative to the project dir)")
        String tlsKeystore,
        @JsonPropertyDescription("Name of the environment variable that holds the keystore's password")
        String tlsPasswordEnv,
        @JsonPropertyDescription("Where verified deliveries are written before they are acknowledged")
        WebhookJournalConfig journal,
        @JsonPropertyDescription("How deliveries are forwarded from the journal")
        WebhookForwardingConfig forwarding) {

    public static final String DEFAULT_LISTEN = "127.0.0.1:8787";

    public WebhookReceiverConfig {
        listen = listen == null ? DEFAULT_LISTEN : listen;
        path = path == null ? "/webhooks/mlflow" : path;
        timestampTolerance = timestampTolerance == null ? Duration.ofMinutes(5) : timestampTolerance;
        maxBodyBytes = maxBodyBytes == null ? 1_048_576 : maxBodyBytes;
        rateLimit = rateLimit == null ? 200 : rateLimit;
        journal = journal == null ? new WebhookJournalConfig(null, null, null, null) : journal;
        forwarding = forwarding == null ? new WebhookForwardingConfig(null, null, null, null, null, null) : forwarding;
    }

    void validate(ConfigCheck check, String at) {
        if (!listen.matches("[^\\s:]*:\\d{1,5}") && !listen.matches("\\[[0-9a-fA-F:.]+\\]:\\d{1,5}")) {
            throw check.fail(ConfigCheck.join(at, "listen"), "give host:port, e.g. 0.0.0.0:8443, not \"" + listen + "\"");
        }
        if (!path.startsWith("/")) throw check.fail(ConfigCheck.join(at, "path"), "give a path starting with /, not \"" + path + "\"");
        if (maxBodyBytes < 1024) throw check.fail(ConfigCheck.join(at, "max_body_bytes"), "at least 1024, not " + maxBodyBytes);
        if (rateLimit < 1) throw check.fail(ConfigCheck.join(at, "rate_limit"), "at least 1, not " + rateLimit);
        if ((tlsKeystore == null) != (tlsPasswordEnv == null)) {
            throw check.fail(at, "tls_keystore and tls_password_env go together: set both or neither");
        }
        journal.validate(check, ConfigCheck.join(at, "journal"));
        forwarding.validate(check, ConfigCheck.join(at, "forwarding"));
    }
}
