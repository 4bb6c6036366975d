package io.modelgate.invocation;

import io.modelgate.ci.CiContext;
import io.modelgate.config.ConfigFile;
import io.modelgate.config.EnvironmentSelector;
import io.modelgate.config.ResolvedConfig;
import io.modelgate.fault.Fault;
import io.modelgate.secret.SecretMasker;
import io.modelgate.step.FrontEnd;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One run of a step or a sibling command, whatever the front end: the envelope. It loads the
 * configuration when first asked (so commands that need none never read it), grows the secret
 * masker with the variables the configuration names, reads the CI facts, chooses the
 * environment, and is the one place where a failure becomes one masked line and an exit code,
 * with the stack trace only under debug. Steps run through {@link StepRunner}, sibling commands
 * through {@link #run(Command)}.
 */
public final class Invocation {

    /**
     * How the run was asked for, in the words of the common options ({@code step.CommonOption}).
     *
     * @param frontEnd    the front end, whose spelling messages use
     * @param workDir     where relative paths given by the user start
     * @param config      the modelgate.yaml to read
     * @param environment the environment the user named; null to derive it from the branch
     * @param outputDir   where reports go
     * @param debug       print stack traces of errors, masked
     * @param json        the console gets JSON rather than text
     * @param quiet       no progress lines (on the error stream) while long work runs
     */
    public record Options(FrontEnd frontEnd, Path workDir, Path config, String environment, Path outputDir, boolean debug, boolean json,
                          boolean quiet) {
    }

    private final Map<String, String> env;
    private final Options options;
    private final Map<String, String> params;
    private final PrintStream out;
    private final PrintStream err;
    private Consumer<SecretMasker> secretsKnown = masker -> { };
    private SecretMasker masker;
    private ConfigFile file;
    private CiContext ci;
    private ResolvedConfig config;

    /**
     * @param env    the process environment (secrets come only from here)
     * @param params a sibling command's own parameters as given, by kebab name (steps read theirs through {@link StepRunner})
     * @param out    where results and progress go
     * @param err    where errors, warnings and debug traces go
     */
    public Invocation(Map<String, String> env, Options options, Map<String, String> params, PrintStream out, PrintStream err) {
        this.env = env;
        this.options = options;
        this.params = Map.copyOf(params);
        this.out = out;
        this.err = err;
        this.masker = SecretMasker.of(env, List.of());
    }

    /** Called once the configuration names its secret variables, before anything that could print them (front ends register masks there). */
    public Invocation onSecretsKnown(Consumer<SecretMasker> listener) {
        this.secretsKnown = listener;
        return this;
    }

    /** Masks the values of these variables too (a front end's own secrets, e.g. a token input). */
    public Invocation alsoMask(java.util.Collection<String> variables) {
        masker = masker.and(SecretMasker.of(env, variables));
        return this;
    }

    public Options options() {
        return options;
    }

    public FrontEnd frontEnd() {
        return options.frontEnd();
    }

    public Map<String, String> env() {
        return env;
    }

    public PrintStream out() {
        return out;
    }

    public PrintStream err() {
        return err;
    }

    /** A sibling command's parameter as given, or null. */
    public String param(String name) {
        return params.get(name);
    }

    /** A parameter or common option as the user's front end names it: {@code --lock-timeout}, {@code lock-timeout}, {@code lockTimeout}. */
    public String spell(String name) {
        return options.frontEnd().spell(name);
    }

    /** Masks every secret known so far: the well-known variables', then those the configuration names. */
    public SecretMasker masker() {
        return masker;
    }

    /** Prints to {@link #out} with every known secret masked. */
    public void print(String text) {
        out.print(masker.mask(text));
        out.flush();
    }

    /** The configuration file, loaded and checked on first use; its secret variables join the masker. */
    public ConfigFile configFile() {
        if (file == null) {
            file = ConfigFile.load(options.config(), spell("config"));
            masker = masker.and(SecretMasker.of(env, file.secretVariables().keySet()));
            secretsKnown.accept(masker);
        }
        return file;
    }

    /** The directory of the configuration file: where the project's relative paths start. */
    public Path projectDir() {
        return options.config().toAbsolutePath().getParent();
    }

    /** Branch, commit, actor and run URL, from the CI's variables or git. */
    public CiContext ci() {
        if (ci == null) {
            ci = CiContext.detect(env, projectDir());
        }
        return ci;
    }

    /** The configuration resolved for the environment the user named, or the one the branch selects. */
    public ResolvedConfig config() {
        if (config == null) {
            config = EnvironmentSelector.select(configFile(), options.environment(), spell("environment"), ci());
        }
        return config;
    }

    /**
     * Runs a sibling command inside the envelope: what it throws becomes one line on {@link #err}
     * and its exit code (2 usage or configuration, 3 infrastructure or unexpected).
     */
    public int run(Command command) {
        try {
            return command.run(this);
        } catch (RuntimeException e) {
            Fault fault = fault(command.name(), e);
            err.println("modelgate: error: " + masker.mask(fault.getMessage()));
            err.flush();
            return fault.kind().exitCode;
        }
    }

    /**
     * A failure as users see it, its stack trace printed (masked) under debug: a {@link Fault} as
     * it is, anything else an infrastructure fault of one line that says how to get the trace.
     *
     * @param where what failed, e.g. {@code report}; null for a step, whose result names it
     */
    Fault fault(String where, Throwable e) {
        if (options.debug()) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            err.print(masker.mask(trace.toString()));
            err.flush();
        }
        if (e instanceof Fault fault) {
            return fault;
        }
        return Fault.infrastructure((where == null ? "" : where + ": ") + "internal error: " + firstLine(String.valueOf(e)) + stackTraceHint(), e);
    }

    /** " (how to see the stack trace)" in the front end's words, or nothing under debug: for messages about unexpected failures. */
    public String stackTraceHint() {
        return options.debug() ? "" : " (" + options.frontEnd().stackTraceHint() + ")";
    }

    static String firstLine(String text) {
        return text == null ? "" : text.lines().findFirst().orElse("");
    }
}
