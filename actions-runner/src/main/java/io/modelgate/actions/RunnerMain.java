package io.modelgate.actions;

import io.modelgate.fault.Fault;
import io.modelgate.secret.SecretMasker;

import java.nio.file.Path;

/** The runner jar's entry point: {@code java -jar modelgate-actions.jar <step>} (or INPUT_STEP). */
public final class RunnerMain {

    private RunnerMain() {
    }

    public static void main(String[] args) {
        int code = guarded(() -> new ActionRunner(System.getenv(), System.out, System.err, Path.of("").toAbsolutePath()).run(args),
                System.getenv(), System.out);
        System.out.flush();
        System.exit(code);
    }

    /**
     * The runner's last guard: a fault outside the step (GITHUB_OUTPUT not writable, a summary
     * that cannot be appended) or anything unexpected is one error annotation and its exit code
     * (3 for the unexpected), never a stack trace; RUNNER_DEBUG=1 adds the trace to the log.
     */
    static int guarded(java.util.function.IntSupplier run, java.util.Map<String, String> env, java.io.PrintStream out) {
        SecretMasker masker = SecretMasker.of(env, java.util.List.of(ActionsCore.inputVariable("github-token")));
        ActionsCore core = new ActionsCore(env, out);
        try {
            return run.getAsInt();
        } catch (Fault e) {
            core.annotate("error", null, null, "modelgate", masker.mask(e.getMessage()));
            return e.kind().exitCode;
        } catch (Throwable e) {
            if ("1".equals(env.get("RUNNER_DEBUG"))) {
                java.io.StringWriter trace = new java.io.StringWriter();
                e.printStackTrace(new java.io.PrintWriter(trace));
                core.command("debug", java.util.Map.of(), masker.mask(trace.toString()));
            }
            core.annotate("error", null, null, "modelgate", masker.mask("internal error: " + e));
            return 3;
        }
    }
}
