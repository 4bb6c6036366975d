package io.modelgate.teststage;

import io.modelgate.secret.SecretMasker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Runs one shell command to its end: output streamed line by line as it comes, a time limit,
 * and the whole process tree killed on timeout or when modelgate itself is stopped.
 */
public interface ProcessRunner {

    Outcome run(Command command, Consumer<String> onLine);

    /** A word for sh: as is when it is plain, else in single quotes. */
    static String word(String word) {
        return word.matches("[A-Za-z0-9_./:=,@%+\\-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
    }

    /** A command line for sh running {@code argv} as given, each word quoted as needed. */
    static String commandLine(java.util.List<String> argv) {
        return String.join(" ", argv.stream().map(ProcessRunner::word).toList());
    }

    /**
     * @param script     the shell command line, run by {@code bash -c} (or {@code sh -c} without bash)
     * @param workingDir where it runs
     * @param env        its complete environment (nothing is inherited beyond this map)
     * @param timeout    time limit; the process tree is killed when it is reached
     * @param masker     the secrets a line cut must not split (a cut piece is passed on masked)
     */
    record Command(String script, Path workingDir, Map<String, String> env, Duration timeout, SecretMasker masker) {
        public Command {
            Objects.requireNonNull(script, "script");
            Objects.requireNonNull(workingDir, "workingDir");
            env = Map.copyOf(env);
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(masker, "masker");
        }

        public Command(String script, Path workingDir, Map<String, String> env, Duration timeout) {
            this(script, workingDir, env, timeout, SecretMasker.none());
        }
    }

    /**
     * @param exitCode the command's exit code; -1 when it was killed on timeout
     * @param timedOut whether the time limit killed it
     * @param duration wall time
     * @param tail     the last lines of its output (stdout and stderr interleaved), trimmed
     */
    record Outcome(int exitCode, boolean timedOut, Duration duration, String tail) {

        /** The shell's code for "command not found". */
        public boolean commandNotFound() {
            return exitCode == 127;
        }

        /** The shell's code for "found but cannot be executed" (no permission, not a program). */
        public boolean notExecutable() {
            return exitCode == 126;
        }
    }
}
