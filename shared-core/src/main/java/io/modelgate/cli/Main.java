package io.modelgate.cli;

import java.nio.file.Path;

/** The {@code modelgate} executable. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        int code = new CommandLineApp(System.getenv(), System.out, System.err, Path.of("").toAbsolutePath()).run(args);
        System.exit(code);
    }
}
