package io.modelgate.cli;

import io.modelgate.ci.WorkflowCommands;
import io.modelgate.fault.Fault;
import io.modelgate.github.GitHubEvent;
import io.modelgate.github.GitHubTarget;
import io.modelgate.invocation.CatalogueJson;
import io.modelgate.invocation.Command;
import io.modelgate.invocation.Commands;
import io.modelgate.invocation.Invocation;
import io.modelgate.invocation.Publication;
import io.modelgate.invocation.StepRunner;
import io.modelgate.report.JsonReport;
import io.modelgate.report.TextReport;
import io.modelgate.secret.SecretMasker;
import io.modelgate.step.CommonOption;
import io.modelgate.step.DidYouMean;
import io.modelgate.step.FrontEnd;
import io.modelgate.step.Param;
import io.modelgate.step.StepCatalogue;
import io.modelgate.step.StepDefinition;
import io.modelgate.step.StepParams;
import io.modelgate.step.StepResult;
import io.modelgate.step.Verdict;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The command line: one subcommand per catalogue step and one per sibling command of
 * {@code invocation.Commands}, both built from their declarations, so that none can drift. Each
 * runs inside the envelope ({@link Invocation}). The jar speaks the command line's words unless
 * {@code MODELGATE_FRONT_END} names the front end that runs it (the Jenkins library sets
 * {@code jenkins}). Exit codes: 0 passed, 1 gate failed, 2 usage or configuration error, 3
 * infrastructure error.
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
        CommandLine commandLine = new CommandLine(rootSpec(args.length == 0 ? "" : args[0]));
        // "@file" arguments would be read as files and their content echoed in errors.
        commandLine.setExpandAtFiles(false);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        ParseResult parsed;
        try {
            parsed = commandLine.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            err.println("modelgate: error: " + SecretMasker.of(env, List.of()).mask(firstLine(e.getMessage()) + didYouMean(e))
                    + " (see 'modelgate " + commandPath(e.getCommandLine()) + "--help')");
            return 2;
        }
        if (CommandLine.printHelpIfRequested(parsed)) {
            return 0;
        }
        if (parsed.isVersionHelpRequested()) {
            out.println("modelgate " + CatalogueJson.version());
            return 0;
        }
        ParseResult leaf = parsed;
        while (leaf.hasSubcommand()) {
            leaf = leaf.subcommand();
        }
        Object runs = leaf.commandSpec().userObject();
        if (!(runs instanceof StepDefinition) && !(runs instanceof Command)) {
            // The root or a group (config, audit) without its command.
            leaf.commandSpec().commandLine().usage(err);
            return 2;
        }
        Invocation.Options options;
        try {
            options = CommonOptions.read(leaf, workDir, FrontEnd.ofCommandLine(env));
        } catch (Fault e) {
            err.println("modelgate: error: " + e.getMessage());
            return 2;
        }
        if (runs instanceof StepDefinition step) {
            return runStep(step, leaf, options);
        }
        Command command = (Command) runs;
        Map<String, String> params = new LinkedHashMap<>();
        for (Param param : command.params()) {
            String value = leaf.matchedOptionValue(FrontEnd.COMMAND_LINE.spell(param.name()), null);
            if (value != null) params.put(param.name(), value);
        }
        return new Invocation(env, options, params, out, err).run(command);
    }

    /** "; did you mean 'unit-tests'?" for a misspelled step, command or option: the one of picocli's suggestions that is a typo away. */
    private static String didYouMean(CommandLine.ParameterException e) {
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            return DidYouMean.suffix(unmatched.getUnmatched().get(0).split("=", 2)[0], unmatched.getSuggestions());
        }
        return "";
    }

    private static String commandPath(CommandLine commandLine) {
        String qualified = commandLine.getCommandSpec().qualifiedName(" ");
        String rest = qualified.startsWith("modelgate") ? qualified.substring("modelgate".length()).trim() : qualified;
        return rest.isEmpty() ? "" : rest + " ";
    }

    /** Runs one step through the envelope, then prints its result; returns the exit code. */
    private int runStep(StepDefinition definition, ParseResult parsed, Invocation.Options options) {
        String paramsFileName = CommonOptions.value(parsed, CommonOption.PARAMS_FILE);
        Path paramsFile = paramsFileName == null ? null : workDir.resolve(paramsFileName);
        Supplier<Map<String, ?>> params = () -> {
            Map<String, Object> raw = new LinkedHashMap<>();
            if (paramsFile != null) {
                raw.putAll(StepParams.fromJson(definition, paramsFile.toString(), readParamsFile(paramsFile)));
            }
            for (Param param : definition.params()) {
                String option = FrontEnd.COMMAND_LINE.spell(param.name());
                if (parsed.hasMatchedOption(option)) {
                    raw.put(param.name(), parsed.matchedOptionValue(option, ""));
                }
            }
            return raw;
        };
        // In a GitHub Actions run step, the step's output and report must not become workflow commands.
        String stopped = "true".equals(env.get("GITHUB_ACTIONS")) ? WorkflowCommands.stop(out) : null;
        try {
            return runAndPrint(definition, options, parsed, params);
        } finally {
            if (stopped != null) WorkflowCommands.resume(out, stopped);
        }
    }

    private int runAndPrint(StepDefinition definition, Invocation.Options options, ParseResult parsed, Supplier<Map<String, ?>> params) {
        Invocation invocation = new Invocation(env, options, Map.of(), out, err);
        Publication publication = parsed.hasMatchedOption(CommonOption.PUBLISH_GITHUB.commandLine()) ? publication(invocation) : null;
        StepRunner.Outcome outcome = StepRunner.run(invocation, definition, params, publication);
        StepResult result = outcome.result();
        SecretMasker masker = outcome.masker();
        if (outcome.reportError() != null) {
            err.println("modelgate: error: " + outcome.reportError());
        }
        if (result.verdict() == Verdict.ERROR) {
            err.println("modelgate: error: " + masker.mask(result.headline()));
        }
        if (options.json()) {
            out.print(masker.mask(JsonReport.render(result)));
        } else if (result.verdict() != Verdict.ERROR) {
            out.print(masker.mask(TextReport.render(result)));
        }
        out.flush();
        return result.exitCode();
    }

    /**
     * Publishing with --publish-github (Jenkins multibranch builds of GitHub repositories, or a
     * plain run step in Actions); null when there is no token to publish with.
     */
    private Publication publication(Invocation invocation) {
        Consumer<String> warn = message -> err.println("modelgate: warning: " + invocation.masker().mask(message));
        String token = env.getOrDefault("GITHUB_TOKEN", env.getOrDefault("GH_TOKEN", ""));
        if (token.isEmpty()) {
            warn.accept(invocation.spell(CommonOption.PUBLISH_GITHUB.name()) + ": GITHUB_TOKEN is not set; nothing published");
            return null;
        }
        return new Publication(() -> "true".equals(env.get("GITHUB_ACTIONS"))
                ? GitHubTarget.fromActions(env, GitHubEvent.read(env), token)
                : GitHubTarget.fromJenkins(env, token), warn);
    }

    private static String readParamsFile(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw Fault.usage(file + ": cannot read the params document: " + firstLine(e.getMessage()));
        }
    }

    private static String firstLine(String text) {
        return text == null ? "" : text.lines().findFirst().orElse("");
    }

    /**
     * The command tree; when {@code first} names a step or command (group), only that branch: a
     * short step's start-up then pays for one command's options, not every command's. Anything else
     * (no argument, --help, a typo that needs "did you mean") gets the whole tree.
     */
    private CommandSpec rootSpec(String first) {
        boolean known = StepCatalogue.find(first).isPresent()
                || Commands.all().stream().anyMatch(command -> command.name().split(" ", 2)[0].equals(first));
        CommandSpec root = CommandSpec.create().name("modelgate").version("modelgate " + CatalogueJson.version());
        root.usageMessage().description("CI/CD gates for machine learning on the lakehouse.")
                .footer("", "Exit codes: 0 passed, 1 gate failed, 2 usage or configuration error, 3 infrastructure error.",
                        "Documentation: " + StepCatalogue.DOCS);
        root.mixinStandardHelpOptions(true);
        for (StepDefinition step : StepCatalogue.steps()) {
            if (known && !step.name().equals(first)) continue;
            CommandSpec spec = CommandSpec.wrapWithoutInspection(step).name(step.name());
            spec.usageMessage().description(step.summary()).footer("", "Documentation: " + StepCatalogue.DOCS + "steps/" + step.name() + ".md");
            // Steps have their own --version (a model or table version), so only --help here.
            spec.addOption(CommonOptions.help());
            CommonOptions.addParams(spec, step.params());
            CommonOptions.addTo(spec, CommonOption.carriedBy(FrontEnd.COMMAND_LINE));
            root.addSubcommand(step.name(), spec);
        }
        for (Command command : Commands.all()) {
            String[] words = command.name().split(" ", 2);
            if (known && !words[0].equals(first)) continue;
            CommandSpec parent = root;
            if (words.length == 2) {
                parent = root.subcommands().containsKey(words[0]) ? root.subcommands().get(words[0]).getCommandSpec() : group(root, words[0]);
            }
            CommandSpec spec = CommandSpec.wrapWithoutInspection(command).name(words[words.length - 1]);
            spec.usageMessage().description(command.summary()).footer("", "Documentation: " + StepCatalogue.DOCS);
            spec.addOption(CommonOptions.help());
            CommonOptions.addParams(spec, command.params());
            CommonOptions.addTo(spec, command.options());
            parent.addSubcommand(spec.name(), spec);
        }
        return root;
    }

    private static CommandSpec group(CommandSpec root, String name) {
        CommandSpec group = CommandSpec.create().name(name);
        group.usageMessage().description(Commands.groups().get(name)).footer("", "Documentation: " + StepCatalogue.DOCS);
        group.addOption(CommonOptions.help());
        root.addSubcommand(name, group);
        return group;
    }
}
