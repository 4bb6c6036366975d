package io.modelgate.spark;

import io.modelgate.config.ResolvedConfig;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Substitutes {@code ${env}} (the environment in use), {@code ${commit}} (the commit the code
 * is at) and {@code ${run_date}} (today, ISO, in UTC) in a job's arguments. Any other
 * {@code ${...}} is refused, so that a typo fails before the job runs rather than inside it.
 */
public final class JobArguments {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");

    private JobArguments() {
    }

    /**
     * @param environmentOption the option that chooses the environment, as the user's front end spells it (e.g. {@code --env})
     * @param commit            the commit, null when unknown (then {@code ${commit}} is refused)
     */
    public static List<String> substitute(String jobName, List<String> args, ResolvedConfig config, String environmentOption,
                                          String commit, LocalDate runDate) {
        Map<String, String> values = new java.util.HashMap<>();
        values.put("run_date", runDate.toString());
        if (config.environment() != null) values.put("env", config.environment());
        if (commit != null) values.put("commit", commit);
        List<String> result = new ArrayList<>();
        for (String arg : args) {
            Matcher matcher = PLACEHOLDER.matcher(arg);
            StringBuilder text = new StringBuilder();
            while (matcher.find()) {
                String name = matcher.group(1);
                String value = values.get(name);
                if (value == null) {
                    String why = switch (name) {
                        case "env" -> "${env} needs an environment: pass " + environmentOption + " or declare environments with branches";
                        case "commit" -> "${commit} needs a commit: run inside a git repository or a CI that names it";
                        default -> "unknown placeholder ${" + name + "} (known: ${env}, ${commit}, ${run_date})";
                    };
                    throw config.errorAt("jobs." + jobName + ".args", why);
                }
                matcher.appendReplacement(text, Matcher.quoteReplacement(value));
            }
            matcher.appendTail(text);
            result.add(text.toString());
        }
        return result;
    }
}
