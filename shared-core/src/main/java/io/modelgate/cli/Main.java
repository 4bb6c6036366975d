package io.modelgate.cli;

import java.nio.file.Path;

/** The {@code modelgate} executable. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(guarded(() -> new CommandLineApp(System.getenv(), System.out, System.err, Path.of("").toAbsolutePath()).run(args),
                System.getenv(), System.err, java.util.Arrays.asList(args).contains("--debug")));
    }

    /**
     * The front end's last guard: whatever escapes the run (an error no step expected, a JVM
     * error) is one line and exit 3, its stack trace only with --debug; never a trace and exit 1.
     */
    public static int guarded(java.util.function.IntSupplier run, java.util.Map<String, String> env, java.io.PrintStream err, boolean debug) {
        try {
            return run.getAsInt();
        } catch (Throwable e) {
            if (debug) e.printStackTrace(err);
            String secretsFree = io.modelgate.secret.SecretMasker.of(env, java.util.List.of()).mask(String.valueOf(e));
            err.println("modelgate: internal error: " + secretsFree.lines().findFirst().orElse("")
                    + (debug ? "" : " (run with --debug for the stack trace)"));
            err.flush();
            return 3;
        }
    }
}
