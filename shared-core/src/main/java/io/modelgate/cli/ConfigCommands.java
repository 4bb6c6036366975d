package io.modelgate.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelgate.ci.CiContext;
import io.modelgate.config.ConfigFile;
import io.modelgate.config.ConfigMapper;
import io.modelgate.config.ConfigSchema;
import io.modelgate.config.EnvironmentSelector;
import io.modelgate.config.ProjectConfig;
import io.modelgate.config.ResolvedConfig;
import io.modelgate.secret.SecretMasker;
import io.modelgate.fault.Fault;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** {@code modelgate config validate} and {@code modelgate config show}. */
final class ConfigCommands {

    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;
    private final Path workDir;

    ConfigCommands(Map<String, String> env, PrintStream out, PrintStream err, Path workDir) {
        this.env = env;
        this.out = out;
        this.err = err;
        this.workDir = workDir;
    }

    static CommandSpec spec() {
        CommandSpec config = CommandSpec.create().name("config");
        config.usageMessage().description("Check or show modelgate.yaml.");
        config.addOption(CommonOptions.help());
        CommandSpec validate = CommandSpec.create().name("validate");
        validate.usageMessage().description("Check modelgate.yaml; with --env, also that the environment's secret variables are set.");
        validate.addOption(CommonOptions.help());
        CommonOptions.addTo(validate, false);
        CommandSpec show = CommandSpec.create().name("show");
        show.usageMessage().description("Print the configuration resolved for an environment, secrets masked.");
        show.addOption(CommonOptions.help());
        CommonOptions.addTo(show, false);
        CommandSpec schema = CommandSpec.create().name("schema");
        schema.usageMessage().description("Print the JSON Schema of modelgate.yaml.");
        schema.addOption(CommonOptions.help());
        config.addSubcommand("validate", validate);
        config.addSubcommand("schema", schema);
        config.addSubcommand("show", show);
        return config;
    }

    int run(ParseResult parsed) {
        if (parsed.commandSpec().name().equals("schema")) {
            out.print(ConfigSchema.render());
            return 0;
        }
        Path configPath = workDir.resolve(parsed.matchedOptionValue("--config", ConfigFile.DEFAULT_NAME));
        String environment = parsed.matchedOptionValue("--env", null);
        boolean debug = parsed.hasMatchedOption("--debug");
        SecretMasker masker = SecretMasker.of(env, List.of());
        try {
            ConfigFile file = ConfigFile.load(configPath);
            masker = SecretMasker.of(env, file.secretVariables().keySet());
            if (parsed.commandSpec().name().equals("validate")) {
                return validate(file, environment);
            }
            return show(file, environment, masker);
        } catch (Fault e) {
            CommandLineApp.trace(err, debug, masker, e);
            err.println("modelgate: error: " + masker.mask(e.getMessage()));
            return e.kind().exitCode;
        }
    }

    private int validate(ConfigFile file, String environment) {
        ProjectConfig config = file.asWritten();
        if (environment != null) {
            file.resolve(environment).requireSecretsSet(env);
        }
        out.println(file.displayName() + " is valid: project " + config.project()
                + ", " + count(config.environments().size(), "environment") + describe(file.environmentNames())
                + ", " + count(config.models().size(), "model")
                + ", " + count(config.jobs().size(), "job")
                + ", " + count(config.tables().size(), "table")
                + (environment != null ? "; environment " + environment + " resolves and its secrets are set" : ""));
        return 0;
    }

    private int show(ConfigFile file, String environment, SecretMasker masker) {
        Path projectDir = file.path().toAbsolutePath().getParent();
        ResolvedConfig resolved = EnvironmentSelector.select(file, environment, CiContext.detect(env, projectDir));
        ObjectNode tree = ConfigMapper.get().valueToTree(resolved.config());
        tree.remove("environments");
        ObjectNode shown = ConfigMapper.get().createObjectNode();
        shown.put("environment", resolved.environment());
        shown.setAll(tree);
        ObjectNode secrets = shown.putObject("secrets");
        resolved.secretVariables().forEach((variable, keyPath) -> {
            String value = env.get(variable);
            secrets.put(variable, (value == null || value.isEmpty() ? "not set" : SecretMasker.MASK + " (set)") + ", named by " + keyPath);
        });
        out.print(masker.mask(CommandLineApp.yaml(shown)));
        return 0;
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static String describe(java.util.Set<String> names) {
        return names.isEmpty() ? "" : " (" + String.join(", ", names) + ")";
    }
}
