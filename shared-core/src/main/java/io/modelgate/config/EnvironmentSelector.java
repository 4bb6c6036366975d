package io.modelgate.config;

import io.modelgate.ci.CiContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Chooses the environment of a run: the one named explicitly, else the one whose branch
 * globs match. A pull request runs in the environment of its target branch (a PR into main is
 * tested in staging); a push runs in the environment of its own branch. Environments that list
 * no branches serve the defaults of their name: dev feature/*, staging main, prod release/*.
 */
public final class EnvironmentSelector {

    private static final Map<String, List<String>> DEFAULT_BRANCHES = Map.of(
            "dev", List.of("feature/*", "feature/**"),
            "staging", List.of("main"),
            "prod", List.of("release/*", "release/**"));

    private EnvironmentSelector() {
    }

    /**
     * @param explicit          the environment the user named; null or blank to derive it from the branch
     * @param environmentOption the option that names it, as the user's front end spells it (e.g. {@code --env}), for the hint
     */
    public static ResolvedConfig select(ConfigFile file, String explicit, String environmentOption, CiContext ci) {
        if (explicit != null && !explicit.isBlank()) {
            return file.resolve(explicit);
        }
        if (file.environmentNames().isEmpty()) {
            return file.resolve(null);
        }
        String branch = ci.isPullRequest() ? ci.targetBranch() : ci.branch();
        List<String> served = new ArrayList<>();
        for (Map.Entry<String, EnvironmentConfig> environment : file.asWritten().environments().entrySet()) {
            List<String> globs = branchesOf(environment.getKey(), environment.getValue());
            for (String glob : globs) {
                if (BranchGlob.matches(glob, branch)) {
                    return file.resolve(environment.getKey());
                }
            }
            served.add(environment.getKey() + ": " + (globs.isEmpty() ? "no branches" : String.join(", ", globs)));
        }
        String what = branch == null ? "no branch could be determined (detached HEAD, no CI variables)" : "no environment serves branch \"" + branch + "\"";
        throw new ConfigError(file.displayName() + ": " + what + " (" + String.join("; ", served) + "); pass " + environmentOption + " NAME");
    }

    public static List<String> branchesOf(String name, EnvironmentConfig environment) {
        if (environment != null && environment.branches() != null && !environment.branches().isEmpty()) {
            return environment.branches();
        }
        return DEFAULT_BRANCHES.getOrDefault(name, List.of());
    }
}
