package io.modelgate.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The command line in a JVM of its own ({@code java -cp <test class path> io.modelgate.cli.Main}),
 * the same classes the executable jar holds, so tests can run many at once or leave one
 * running while the server dies. The jar itself is built after the test phase.
 */
final class ModelgateProcess {

    private final Process process;
    private final Path out;
    private final Path err;

    private ModelgateProcess(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    static ModelgateProcess start(Path workDir, String name, String... args) {
        try {
            Path out = workDir.resolve(name + ".out");
            Path err = workDir.resolve(name + ".err");
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "io.modelgate.cli.Main"));
            command.addAll(List.of(args));
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().keySet().removeIf(k -> k.startsWith("GITHUB_") || k.equals("JENKINS_URL") || k.equals("BUILD_URL"));
            return new ModelgateProcess(builder.start(), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    CommandRun await(long seconds) {
        try {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("modelgate did not finish in " + seconds + " s:\n" + Files.readString(err));
            }
            return new CommandRun(process.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }
}
