package io.modelgate.webhook;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;

/**
 * MLflow's delivery signature (mlflow/webhooks/delivery.py, {@code _generate_hmac_signature}):
 * {@code X-MLflow-Signature: v1,<base64 HMAC-SHA256>} keyed with the webhook's secret (its UTF-8
 * bytes) over {@code <delivery id>.<timestamp>.<raw body>}. The header may hold several
 * space-separated signatures, as Standard Webhooks allows.
 */
public final class Signature {

    public static final String HEADER = "X-MLflow-Signature";
    public static final String TIMESTAMP_HEADER = "X-MLflow-Timestamp";
    public static final String DELIVERY_ID_HEADER = "X-MLflow-Delivery-Id";
    private static final String VERSION = "v1,";

    private Signature() {
    }

    /** The header value MLflow sends for this delivery. */
    public static String sign(String secret, String deliveryId, String timestamp, byte[] body) {
        return VERSION + Base64.getEncoder().encodeToString(hmac(secret, deliveryId, timestamp, body));
    }

    /**
     * True when one of the header's v1 signatures is the HMAC of the delivery under one of the
     * secrets (the current one, and the previous one while a rotation is under way). Every
     * candidate is compared in constant time.
     */
    public static boolean verify(List<String> secrets, String deliveryId, String timestamp, byte[] body, String header) {
        if (header == null || deliveryId == null || timestamp == null) return false;
        boolean valid = false;
        for (String secret : secrets) {
            byte[] expected = hmac(secret, deliveryId, timestamp, body);
            for (String candidate : header.trim().split("\\s+")) {
                if (!candidate.startsWith(VERSION)) continue;
                byte[] given;
                try {
                    given = Base64.getDecoder().decode(candidate.substring(VERSION.length()));
                } catch (IllegalArgumentException notBase64) {
                    continue;
                }
                valid |= MessageDigest.isEqual(expected, given);
            }
        }
        return valid;
    }

    private static byte[] hmac(String secret, String deliveryId, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((deliveryId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
