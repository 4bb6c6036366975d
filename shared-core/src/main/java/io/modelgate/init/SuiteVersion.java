package io.modelgate.init;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The version of ModelGate that generated files reference: the {@code @ref} of each ModelGate
 * action a workflow uses (GitHub reads no variable there, so each {@code uses:} line carries it)
 * and the library version a Jenkinsfile loads. init writes one version everywhere and
 * {@code init --upgrade} moves them all at once.
 */
public final class SuiteVersion {

    private static final Pattern ACTION = Pattern.compile("(uses:\\s*[\\w.-]+/[\\w.-]+/actions-runner/[\\w-]+)@([\\w./-]+)");
    private static final Pattern LIBRARY = Pattern.compile("(@Library\\(\\s*['\"]modelgate)@([^'\"]+)(?=['\"])");
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]*");

    private SuiteVersion() {
    }

    /** What a jar of {@code jarVersion} references: its release tag (1.2.0 is v1.2.0), main for a development build. */
    public static String ofJar(String jarVersion) {
        return jarVersion.matches("\\d+\\.\\d+\\.\\d+") ? "v" + jarVersion : "main";
    }

    /** A version as the user gave it: a release number gets its tag's v; a branch, tag or commit stays; null when it cannot be a git ref. */
    public static String normalize(String given) {
        String version = given.strip();
        if (!VALID.matcher(version).matches() || version.contains("..") || version.endsWith("/") || version.endsWith(".lock")) return null;
        return version.matches("\\d+\\.\\d+\\.\\d+") ? "v" + version : version;
    }

    /** The versions {@code text} references, in order of appearance. */
    public static Set<String> referenced(String text) {
        Set<String> versions = new LinkedHashSet<>();
        for (Pattern pattern : new Pattern[] {ACTION, LIBRARY}) {
            Matcher matcher = pattern.matcher(text);
            while (matcher.find()) versions.add(matcher.group(2));
        }
        return versions;
    }

    /** {@code text} with every ModelGate reference moved to {@code version}; the rest untouched. */
    public static String rewrite(String text, String version) {
        String actions = ACTION.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "@" + version));
        return LIBRARY.matcher(actions).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "@" + version));
    }
}
