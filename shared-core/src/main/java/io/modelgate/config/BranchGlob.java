package io.modelgate.config;

import java.util.regex.Pattern;

/** Branch patterns as CIs write them: {@code *} within one path segment, {@code **} across segments. */
public final class BranchGlob {

    private BranchGlob() {
    }

    public static boolean matches(String glob, String branch) {
        if (branch == null) return false;
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                regex.append(".*");
                i++;
            } else if (c == '*') {
                regex.append("[^/]*");
            } else if (c == '?') {
                regex.append("[^/]");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return branch.matches(regex.toString());
    }
}
