package io.modelgate.config;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Tells a credential pasted where a variable name belongs from a variable name. Variable names
 * are words joined by underscores; credentials carry a provider's prefix or are long runs of
 * mixed letters and digits.
 */
final class SecretVariables {

    /** Token formats the providers document (Databricks, GitHub, AWS, Hugging Face, npm, Stripe, Google). */
    private static final List<Pattern> KNOWN = List.of(
            Pattern.compile("dapi[0-9a-f]{16,}.*"), Pattern.compile("dose[0-9a-f]{16,}.*"),
            Pattern.compile("(ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{20,}"), Pattern.compile("github_pat_[A-Za-z0-9_]{20,}"),
            Pattern.compile("(AKIA|ASIA)[A-Z0-9]{16}"), Pattern.compile("hf_[A-Za-z0-9]{20,}"), Pattern.compile("npm_[A-Za-z0-9]{20,}"),
            Pattern.compile("[sr]k_(live|test)_[A-Za-z0-9]{10,}"), Pattern.compile("AIza[0-9A-Za-z_]{30,}"));
    /** A word of a name that is this long, mixes letters and digits or cases, and is this varied, is a token. */
    private static final int TOKEN_WORD = 16;
    private static final double TOKEN_ENTROPY = 3.0;

    private SecretVariables() {
    }

    static boolean looksLikeCredential(String value) {
        for (Pattern known : KNOWN) {
            if (known.matcher(value).matches()) return true;
        }
        for (String word : value.split("_")) {
            if (word.length() >= TOKEN_WORD && mixed(word) && entropy(word) >= TOKEN_ENTROPY) return true;
        }
        return false;
    }

    /**
     * Three digits or more among letters, or upper and lower case about evenly mixed: names are
     * written in one case (or camelCase, a capital per word), mostly without digits.
     */
    private static boolean mixed(String word) {
        long digits = word.chars().filter(Character::isDigit).count();
        long lower = word.chars().filter(Character::isLowerCase).count();
        long upper = word.chars().filter(Character::isUpperCase).count();
        double upperShare = upper / (double) Math.max(1, lower + upper);
        return (digits >= 3 && digits < word.length()) || (lower > 0 && upperShare >= 0.25 && upperShare <= 0.75);
    }

    /** Shannon entropy in bits per character. */
    private static double entropy(String word) {
        int[] counts = new int[128];
        for (char c : word.toCharArray()) counts[c & 127]++;
        double bits = 0;
        for (int count : counts) {
            if (count == 0) continue;
            double p = count / (double) word.length();
            bits -= p * Math.log(p) / Math.log(2);
        }
        return bits;
    }
}
