package io.modelgate.ci;

import java.io.PrintStream;
import java.util.UUID;

/**
 * The GitHub Actions runner reads workflow commands ({@code ::error::}, {@code ::add-mask::},
 * ...) from every line a step prints. Around lines that come from untrusted data (a test's
 * output, messages of a report) the front ends stop that with {@code ::stop-commands::<token>},
 * as the toolkit does, and resume with {@code ::<token>::}; the token is random, so the data
 * cannot resume it.
 */
public final class WorkflowCommands {

    private WorkflowCommands() {
    }

    /** Stops command processing; returns the token that resumes it. */
    public static String stop(PrintStream out) {
        String token = "modelgate-" + UUID.randomUUID();
        out.println("::stop-commands::" + token);
        out.flush();
        return token;
    }

    public static void resume(PrintStream out, String token) {
        out.println("::" + token + "::");
        out.flush();
    }
}
