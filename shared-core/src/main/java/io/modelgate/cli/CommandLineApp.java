package io.modelgate.cli;

import io.modelgate.step.Verdict;

import io.modelgate.config.ConfigMapper;
import io.modelgate.ci.CiContext;
import io.modelgate.github.GitHubEvent;
import io.modelgate.github.GitHubReport;
import io.modelgate.github.GitHubTarget;
import io.modelgate.report.JsonReport;
import io.modelgate.report.MarkdownReport;
import io.modelgate.report.TextReport;
import io.modelgate.secret.SecretMasker;
import io.modelgate.step.Param;
import io.modelgate.step.StepCatalogue;
import io.modelgate.step.StepDefinition;
import io.modelgate.fault.Fault;
import io.modelgate.step.StepParams;
import io.modelgate.step.StepResult;
import io.modelgate.invocation.StepRunner;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The command line: one subcommand per catalogue step (built from the catalogue, so the two
 * cannot drift), plus {@code config validate}, {@code config show}, {@code audit show}, {@code report}, {@code webhooks}
 * and {@code catalogue}.
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
        if (name.equals("webhooks")) {
            if (!sub.hasSubcommand()) {
                sub.commandSpec().commandLine().usage(err);
                return 2;
            }
            return new WebhookCommands(env, out, err, workDir).run(sub.subcommand());
        }
        if (name.equals("report")) {
            return new ReportCommand(env, out, err, workDir).run(sub);
        }
        if (name.equals("catalogue")) {
            out.print(CatalogueJson.render());
            return 0;
        }
        CommonOptions options;
        try {
            options = CommonOptions.from(sub, workDir);
        } catch (Fault e) {
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

    /** Runs one step through the core's {@link StepRunner}, then prints its result; returns the exit code. */
    private int runStep(StepDefinition definition, ParseResult parsed, CommonOptions options) {
        Supplier<Map<String, ?>> params = () -> {
            Map<String, Object> raw = new LinkedHashMap<>();
            if (options.paramsFile() != null) {
                raw.putAll(StepParams.fromJson(definition, options.paramsFile().toString(), readParamsFile(options.paramsFile())));
            }
            for (Param param : definition.params()) {
                OptionSpec option = parsed.commandSpec().findOption("--" + param.name());
                if (parsed.hasMatchedOption(option)) {
                    raw.put(param.name(), parsed.matchedOptionValue("--" + param.name(), ""));
                }
            }
            return raw;
        };
        GitHubReport github = options.publishGitHub() ? startGitHubReport(definition, params) : null;
        StepRunner.Outcome outcome = new StepRunner(env, options.json() ? err : out, err).run(definition, params,
                new StepRunner.Options(options.config(), options.environment(), options.outputDir(), options.debug()), masker -> { });
        StepResult result = outcome.result();
        SecretMasker masker = outcome.masker();
        if (github != null) {
            github.finish(result, masker.mask(MarkdownReport.render(result)));
        }
        if (outcome.reportError() != null) {
            err.println("modelgate: error: " + outcome.reportError());
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

    /**
     * Starts the step's GitHub check before it runs (Jenkins multibranch builds of GitHub
     * repositories, or a plain run step in Actions); null when there is nothing to publish with.
     */
    private GitHubReport startGitHubReport(StepDefinition definition, Supplier<Map<String, ?>> params) {
        SecretMasker masker = SecretMasker.of(env, List.of());
        java.util.function.Consumer<String> warn = message -> err.println("modelgate: warning: " + masker.mask(message));
        String token = env.getOrDefault("GITHUB_TOKEN", env.getOrDefault("GH_TOKEN", ""));
        if (token.isEmpty()) {
            warn.accept("--publish-github: GITHUB_TOKEN is not set; nothing published");
            return null;
        }
        GitHubTarget target;
        Object model;
        try {
            target = "true".equals(env.get("GITHUB_ACTIONS"))
                    ? GitHubTarget.fromActions(env, GitHubEvent.read(env), token)
                    : GitHubTarget.fromJenkins(env, token);
            model = params.get().get("model");
        } catch (Fault e) {
            warn.accept("--publish-github: " + e.getMessage() + "; nothing published");
            return null;
        }
        String detailsUrl = env.get("BUILD_URL") != null ? env.get("BUILD_URL") : CiContext.detect(env, workDir).runUrl();
        return GitHubReport.start(target, definition.name(), model == null ? null : model.toString(), detailsUrl, warn);
    }

    private static String readParamsFile(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw Fault.usage(file + ": cannot read the params document: " + firstLine(e.getMessage()));
        }
    }

    /** With --debug, the error's stack trace, secrets masked; without it, nothing. */
    static void trace(PrintStream err, boolean debug, SecretMasker masker, Throwable e) {
        if (!debug) return;
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        err.print(masker.mask(trace.toString()));
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
        root.addSubcommand("report", ReportCommand.spec());
        root.addSubcommand("webhooks", WebhookCommands.spec());
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
