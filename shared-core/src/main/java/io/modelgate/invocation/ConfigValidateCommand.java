package io.modelgate.invocation;

import io.modelgate.config.ConfigFile;
import io.modelgate.config.ProjectConfig;

import java.util.Set;

/** {@code modelgate config validate}: the file checked; with an environment, also that its secret variables are set. */
final class ConfigValidateCommand implements Command {

    @Override
    public String name() {
        return "config validate";
    }

    @Override
    public String summary() {
        return "Check modelgate.yaml; with --env, also that the environment's secret variables are set.";
    }

    @Override
    public int run(Invocation invocation) {
        ConfigFile file = invocation.configFile();
        ProjectConfig config = file.asWritten();
        String environment = invocation.options().environment();
        if (environment != null) {
            file.resolve(environment).requireSecretsSet(invocation.env());
        }
        invocation.print(file.displayName() + " is valid: project " + config.project()
                + ", " + count(config.environments().size(), "environment") + describe(file.environmentNames())
                + ", " + count(config.models().size(), "model")
                + ", " + count(config.jobs().size(), "job")
                + ", " + count(config.tables().size(), "table")
                + (environment != null ? "; environment " + environment + " resolves and its secrets are set" : "") + "\n");
        return 0;
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static String describe(Set<String> names) {
        return names.isEmpty() ? "" : " (" + String.join(", ", names) + ")";
    }
}
