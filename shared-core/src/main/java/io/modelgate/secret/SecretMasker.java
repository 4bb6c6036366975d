package io.modelgate.secret;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Replaces the value of every secret variable with {@code ***} in text the suite prints or
 * publishes. Secrets come only from environment variables: those the config names
 * ({@code *_env} keys) and the well-known ones of the services the suite talks to.
 */
public final class SecretMasker {

    public static final String MASK = "***";
    /**
     * Values shorter than this are not masked: masking a word of a few letters would mangle the
     * log ({@code e***it}) and protect nothing. A step refuses such a secret instead.
     */
    public static final int MIN_LENGTH = 6;
    public static final List<String> WELL_KNOWN = List.of(
            "GITHUB_TOKEN", "GH_TOKEN", "DATABRICKS_TOKEN", "DATABRICKS_CLIENT_SECRET",
            "MLFLOW_TRACKING_TOKEN", "MLFLOW_TRACKING_PASSWORD", "SPARK_CONNECT_AUTHENTICATE_TOKEN");
    /** A Spark Connect URL's token parameter ({@code sc://host:443/;token=...}), as SPARK_REMOTE may carry it. */
    private static final java.util.regex.Pattern CONNECT_TOKEN = java.util.regex.Pattern.compile("[/;]token=([^;]+)");

    private final List<String> values;

    private SecretMasker(List<String> values) {
        this.values = values;
    }

    public static SecretMasker none() {
        return new SecretMasker(List.of());
    }

    /** Masks the values that {@code env} holds for the given variable names and the well-known ones. */
    public static SecretMasker of(Map<String, String> env, Collection<String> variableNames) {
        Set<String> names = new LinkedHashSet<>(variableNames);
        names.addAll(WELL_KNOWN);
        List<String> secrets = new ArrayList<>();
        names.forEach(name -> secrets.add(env.get(name)));
        if (env.get("SPARK_REMOTE") != null) {
            CONNECT_TOKEN.matcher(env.get("SPARK_REMOTE")).results().forEach(token -> secrets.add(token.group(1)));
        }
        Set<String> values = new LinkedHashSet<>();
        for (String value : secrets) {
            if (value != null && !value.isBlank() && value.length() >= MIN_LENGTH) {
                values.add(value);
                // The same secret as JSON or a URL would carry it.
                values.add(new String(com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(value)));
                values.add(java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        List<String> ordered = new ArrayList<>(values);
        // Longest first, so that a secret containing another is masked whole.
        ordered.sort(Comparator.comparingInt(String::length).reversed());
        return new SecretMasker(List.copyOf(ordered));
    }

    /** A masker that masks the values of both. */
    public SecretMasker and(SecretMasker other) {
        Set<String> all = new LinkedHashSet<>(values);
        all.addAll(other.values);
        List<String> ordered = new ArrayList<>(all);
        ordered.sort(Comparator.comparingInt(String::length).reversed());
        return new SecretMasker(List.copyOf(ordered));
    }

    public String mask(String text) {
        if (text == null || values.isEmpty()) {
            return text;
        }
        String masked = text;
        for (String value : values) {
            masked = masked.replace(value, MASK);
        }
        return masked;
    }

    /** The length of the longest value masked; 0 when there is none. */
    public int longestValue() {
        return values.isEmpty() ? 0 : values.get(0).length();
    }

    /** The secret values, for front ends that must register them (e.g. ::add-mask::). */
    public List<String> values() {
        return values;
    }
}
