package io.modelgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelgate.ci.CiContext;
import io.modelgate.config.ConfigFile;
import io.modelgate.config.ConfigMapper;
import io.modelgate.config.EnvironmentSelector;
import io.modelgate.config.ResolvedConfig;
import io.modelgate.report.Console;
import io.modelgate.report.JsonReport;
import io.modelgate.report.ReportWriter;
import io.modelgate.report.TextReport;
import io.modelgate.secret.SecretMasker;
import io.modelgate.step.Param;
import io.modelgate.step.StepCatalogue;
import io.modelgate.step.StepContext;
import io.modelgate.step.StepDefinition;
import io.modelgate.step.StepError;
import io.modelgate.step.StepParams;
import io.modelgate.step.StepResult;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line: one subcommand per catalogue step (built from the catalogue, so the two
 * cannot drift), plus {@code config validate}, {@code config show}, {@code audit show} and {@code catalogue}.
 * Exit codes: 0 passed, 1 gate failed, 2 usage or configuration error, 3 infrastructure error.
 */
public final class CommandLineApp {

    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;
    private final Path workDir;

    public CommandLineApp(Map<String, String> env, PrintStream out, PrintStream err, Path workDir) {
        this.env = env;
        this.out = out;
        this.err = err;
        this.workDir = workDir;
    }

    public int run(String... args) {
        CommandLine commandLine = new CommandLine(rootSpec());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        ParseResult parsed;
        try {
            parsed = commandLine.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            err.println("modelgate: error: " + SecretMasker.of(env, List.of()).mask(firstLine(e.getMessage()))
                    + " (see 'modelgate " + commandPath(e.getCommandLine()) + "--help')");
            return 2;
        }
        if (CommandLine.printHelpIfRequested(parsed)) {
            return 0;
        }
        if (parsed.isVersionHelpRequested()) {
            out.println("modelgate " + version());
            return 0;
        }
        if (!parsed.hasSubcommand()) {
            commandLine.usage(err);
            return 2;
        }
        ParseResult sub = parsed.subcommand();
        String name = sub.commandSpec().name();
        if (name.equals("config")) {
            if (!sub.hasSubcommand()) {
                sub.commandSpec().commandLine().usage(err);
                return 2;
            }
            return new ConfigCommands(env, out, err, workDir).run(sub.subcommand());
        }
        if (name.equals("audit")) {
            if (!sub.hasSubcommand()) {
                sub.commandSpec().commandLine().usage(err);
                return 2;
            }
            return new AuditCommands(env, out, err, workDir).run(sub.subcommand());
        }
        if (name.equals("catalogue")) {
            out.print(CatalogueJson.render());
            return 0;
        }
        CommonOptions options;
        try {
            options = CommonOptions.from(sub, workDir);
        } catch (StepError e) {
            err.println("modelgate: error: " + e.getMessage());
            return 2;
        }
        return runStep(StepCatalogue.find(name).orElseThrow(), sub, options);
    }

    private static String commandPath(CommandLine commandLine) {
        String qualified = commandLine.getCommandSpec().qualifiedName(" ");
        String rest = qualified.startsWith("modelgate") ? qualified.substring("modelgate".length()).trim() : qualified;
        return rest.isEmpty() ? "" : rest + " ";
    }

    /** Runs one step and writes its reports; returns the exit code. */
    private int runStep(StepDefinition definition, ParseResult parsed, CommonOptions options) {
        SecretMasker masker = SecretMasker.of(env, List.of());
        StepResult result;
        try {
            Map<String, Object> raw = new LinkedHashMap<>();
            if (options.paramsFile() != null) {
                raw.putAll(readParamsFile(options.paramsFile(), definition));
            }
            for (Param param : definition.params()) {
                OptionSpec option = parsed.commandSpec().findOption("--" + param.name());
                if (parsed.hasMatchedOption(option)) {
                    raw.put(param.name(), parsed.matchedOptionValue("--" + param.name(), ""));
                }
            }
            StepParams params = StepParams.parse(definition, raw);
            ConfigFile file = ConfigFile.load(options.config());
            masker = SecretMasker.of(env, file.secretVariables().keySet());
            Path projectDir = options.config().toAbsolutePath().getParent();
            CiContext ci = CiContext.detect(env, projectDir);
            ResolvedConfig config = EnvironmentSelector.select(file, options.environment(), ci);
            Console console = new Console(options.json() ? err : out, masker);
            result = definition.runner().run(new StepContext(params, config, env, projectDir, options.outputDir(), ci, console, Clock.systemUTC()));
        } catch (StepError e) {
            debug(options, masker, e);
            result = StepResult.error(definition.name(), e);
        } catch (RuntimeException e) {
            debug(options, masker, e);
            result = StepResult.error(definition.name(), StepError.infrastructure(
                    "internal error: " + e + (options.debug() ? "" : " (run with --debug for the stack trace)"), e));
        }
        try {
            result = ReportWriter.write(result, options.outputDir(), masker);
        } catch (StepError e) {
            err.println("modelgate: error: " + masker.mask(e.getMessage()));
        }
        if (result.verdict() == io.modelgate.step.Verdict.ERROR) {
            err.println("modelgate: error: " + masker.mask(result.headline()));
        }
        if (options.json()) {
            out.print(masker.mask(JsonReport.render(result)));
        } else if (result.verdict() != io.modelgate.step.Verdict.ERROR) {
            out.print(masker.mask(TextReport.render(result)));
        }
        out.flush();
        return result.exitCode();
    }

    private void debug(CommonOptions options, SecretMasker masker, Throwable e) {
        if (options.debug()) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            err.print(masker.mask(trace.toString()));
        }
    }

    /** A params document: one JSON object of parameter names (kebab-case or camelCase) to scalar values. */
    private static Map<String, Object> readParamsFile(Path file, StepDefinition definition) {
        JsonNode root;
        try {
            root = JsonReport.mapper().readTree(Files.readString(file));
        } catch (IOException e) {
            throw StepError.usage(file + ": cannot read the params document: " + firstLine(e.getMessage()));
        }
        if (!(root instanceof ObjectNode object)) {
            throw StepError.usage(file + ": the params document must be one JSON object of parameter names to values");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = definition.params().stream()
                    .filter(p -> p.name().equals(field.getKey()) || p.camelName().equals(field.getKey()))
                    .map(Param::name).findFirst().orElse(field.getKey());
            JsonNode value = field.getValue();
            if (value.isContainerNode()) {
                throw StepError.usage(file + ": parameter " + field.getKey() + " must be a string, number or boolean");
            }
            values.put(name, value.isNull() ? null : value.asText());
        }
        return values;
    }

    static String firstLine(String text) {
        return text == null ? "" : text.lines().findFirst().orElse("");
    }

    static String version() {
        String version = CommandLineApp.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    private CommandSpec rootSpec() {
        CommandSpec root = CommandSpec.create().name("modelgate").version("modelgate " + version());
        root.usageMessage().description("CI/CD gates for machine learning on the lakehouse.")
                .footer("", "Exit codes: 0 passed, 1 gate failed, 2 usage or configuration error, 3 infrastructure error.");
        root.mixinStandardHelpOptions(true);
        for (StepDefinition step : StepCatalogue.steps()) {
            CommandSpec spec = CommandSpec.create().name(step.name());
            spec.usageMessage().description(step.summary());
            // Steps have their own --version (a model or table version), so only --help here.
            spec.addOption(CommonOptions.help());
            for (Param param : step.params()) {
                OptionSpec.Builder option = OptionSpec.builder("--" + param.name()).type(String.class).paramLabel(label(param))
                        .description(param.doc() + (param.defaultValue() != null && param.type() != Param.Type.BOOLEAN ? " (default: " + param.defaultValue() + ")" : ""));
                if (param.type() == Param.Type.BOOLEAN) {
                    option.arity("0..1").fallbackValue("true");
                }
                spec.addOption(option.build());
            }
            CommonOptions.addTo(spec, true);
            root.addSubcommand(step.name(), spec);
        }
        root.addSubcommand("config", ConfigCommands.spec());
        root.addSubcommand("audit", AuditCommands.spec());
        CommandSpec catalogue = CommandSpec.create().name("catalogue");
        catalogue.usageMessage().description("Print the step catalogue as JSON (names, parameters, outputs, secrets).");
        catalogue.addOption(CommonOptions.help());
        root.addSubcommand("catalogue", catalogue);
        return root;
    }

    private static String label(Param param) {
        return switch (param.type()) {
            case INTEGER -> "N";
            case BOOLEAN -> "true|false";
            case DURATION -> "DURATION";
            case CHOICE -> String.join("|", param.choices());
            case STRING -> param.name().toUpperCase().replace('-', '_');
        };
    }

    /** The YAML rendering of a resolved configuration, for config show. */
    static String yaml(Object value) {
        try {
            return ConfigMapper.get().writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
