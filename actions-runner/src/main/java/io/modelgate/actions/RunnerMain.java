package io.modelgate.actions;

import java.nio.file.Path;

/** The runner jar's entry point: {@code java -jar modelgate-actions.jar <step>} (or INPUT_STEP). */
public final class RunnerMain {

    private RunnerMain() {
    }

    public static void main(String[] args) {
        int code = new ActionRunner(System.getenv(), System.out, System.err, Path.of("").toAbsolutePath()).run(args);
        System.out.flush();
        System.exit(code);
    }
}
