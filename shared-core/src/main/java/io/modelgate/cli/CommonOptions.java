package io.modelgate.cli;

import io.modelgate.config.ConfigFile;
import io.modelgate.fault.Fault;
import io.modelgate.invocation.Command;
import io.modelgate.invocation.Invocation;
import io.modelgate.step.CommonOption;
import io.modelgate.step.FrontEnd;
import io.modelgate.step.Param;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

import java.nio.file.Path;
import java.util.List;

/** The command line's side of the options: picocli options built from the declarations, and their values read back. */
final class CommonOptions {

    private CommonOptions() {
    }

    static OptionSpec help() {
        return OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help and exit").build();
    }

    /** The common options the command line carries among {@code options}. */
    static void addTo(CommandSpec spec, List<CommonOption> options) {
        for (CommonOption option : options) {
            if (option.commandLine() == null) continue;
            OptionSpec.Builder builder = OptionSpec.builder(option.commandLine());
            if (option.type() == CommonOption.Type.BOOLEAN) {
                builder.arity("0").type(boolean.class).description(option.doc());
            } else {
                builder.type(String.class).paramLabel(option.valueName())
                        .description(option.doc() + (option.defaultValue() == null ? "" : " (default: " + option.defaultValue() + ")"));
            }
            spec.addOption(builder.build());
        }
    }

    /** A step's or command's own parameters as options: {@code --name VALUE}, booleans also as a bare flag. */
    static void addParams(CommandSpec spec, List<Param> params) {
        for (Param param : params) {
            OptionSpec.Builder option = OptionSpec.builder(FrontEnd.COMMAND_LINE.spell(param.name())).type(String.class).paramLabel(label(param))
                    .description(param.doc() + (param.defaultValue() != null && param.type() != Param.Type.BOOLEAN ? " (default: " + param.defaultValue() + ")" : ""));
            if (param.type() == Param.Type.BOOLEAN) {
                option.arity("0..1").fallbackValue("true");
            }
            spec.addOption(option.build());
        }
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

    /** The envelope's options from what was typed, defaults from the declarations. */
    static Invocation.Options read(ParseResult parsed, Path workDir, FrontEnd frontEnd) {
        // A command with a format of its own (audit show: table, json or csv) checks it itself; the envelope's stays text.
        boolean ownFormat = parsed.commandSpec().userObject() instanceof Command command
                && command.params().stream().anyMatch(param -> param.name().equals(CommonOption.FORMAT.name()));
        String format = ownFormat ? CommonOption.FORMAT.defaultValue() : value(parsed, CommonOption.FORMAT);
        if (!format.equals("text") && !format.equals("json")) {
            throw Fault.usage(frontEnd.spell(CommonOption.FORMAT.name()) + ": expected text or json, got \"" + format + "\"");
        }
        // Run from a subfolder, modelgate.yaml is found above it, and the reports go where it is.
        Path config = ConfigFile.locate(workDir, parsed.matchedOptionValue(CommonOption.CONFIG.commandLine(), null));
        String outputDir = value(parsed, CommonOption.OUTPUT_DIR);
        return new Invocation.Options(frontEnd, workDir, config,
                value(parsed, CommonOption.ENVIRONMENT),
                (parsed.hasMatchedOption(CommonOption.OUTPUT_DIR.commandLine()) ? workDir : config.toAbsolutePath().getParent()).resolve(outputDir),
                parsed.hasMatchedOption(CommonOption.DEBUG.commandLine()),
                format.equals("json"),
                parsed.hasMatchedOption(CommonOption.QUIET.commandLine()),
                parsed.hasMatchedOption(CommonOption.ALLOW_UNSET_SECRETS.commandLine()));
    }

    /** The value typed for a common option, else its default (null when it has none). */
    static String value(ParseResult parsed, CommonOption option) {
        return parsed.matchedOptionValue(option.commandLine(), option.defaultValue());
    }
}
