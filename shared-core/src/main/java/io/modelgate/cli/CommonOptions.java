package io.modelgate.cli;

import io.modelgate.fault.Fault;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

import java.nio.file.Path;

/** The options every step shares: where the config and outputs are, which environment, which format. */
record CommonOptions(Path config, String environment, Path outputDir, boolean json, boolean debug, Path paramsFile, boolean publishGitHub,
                     boolean quiet) {

    static OptionSpec help() {
        return OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help and exit").build();
    }

    static void addTo(CommandSpec spec, boolean stepOptions) {
        spec.addOption(OptionSpec.builder("--config").type(String.class).paramLabel("PATH")
                .description("modelgate.yaml to read (default: ./modelgate.yaml)").build());
        spec.addOption(OptionSpec.builder("--env").type(String.class).paramLabel("NAME")
                .description("Environment to use (default: derived from the branch)").build());
        spec.addOption(OptionSpec.builder("--debug").arity("0").type(boolean.class)
                .description("Print stack traces of errors").build());
        if (stepOptions) {
            spec.addOption(OptionSpec.builder("--output-dir").type(String.class).paramLabel("DIR")
                    .description("Where result.json, result.md and the JUnit XML go (default: build/modelgate)").build());
            spec.addOption(OptionSpec.builder("--format").type(String.class).paramLabel("text|json")
                    .completionCandidates(java.util.List.of("text", "json"))
                    .description("Console output format (default: text)").build());
            spec.addOption(OptionSpec.builder("--publish-github").arity("0").type(boolean.class)
                    .description("Publish the result to GitHub as a check run (or commit status) and the sticky PR comment; "
                            + "token from GITHUB_TOKEN, commit and PR from the CI (Jenkins: GIT_COMMIT, CHANGE_ID, GITHUB_REPOSITORY)").build());
            spec.addOption(OptionSpec.builder("--quiet").arity("0").type(boolean.class)
                    .description("No progress lines on standard error while long work runs").build());
            spec.addOption(OptionSpec.builder("--params-file").type(String.class).paramLabel("FILE")
                    .description("JSON document of parameters; options given on the command line win").build());
        }
    }

    static CommonOptions from(ParseResult parsed, Path workDir) {
        String config = parsed.matchedOptionValue("--config", "modelgate.yaml");
        String format = parsed.matchedOptionValue("--format", "text");
        if (!format.equals("text") && !format.equals("json")) {
            throw io.modelgate.fault.Fault.usage("--format: expected text or json, got \"" + format + "\"");
        }
        String paramsFile = parsed.matchedOptionValue("--params-file", null);
        return new CommonOptions(
                workDir.resolve(config),
                parsed.matchedOptionValue("--env", null),
                workDir.resolve(parsed.matchedOptionValue("--output-dir", "build/modelgate")),
                format.equals("json"),
                parsed.hasMatchedOption("--debug"),
                paramsFile == null ? null : workDir.resolve(paramsFile),
                parsed.hasMatchedOption("--publish-github"),
                parsed.hasMatchedOption("--quiet"));
    }
}
