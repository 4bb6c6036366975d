package io.modelgate.step;

import io.modelgate.secret.SecretMasker;

import java.io.PrintStream;

/** Where a step prints progress for the CI log; every line passes through the secret masker. */
public final class Console {

    private final PrintStream out;
    private final SecretMasker masker;

    public Console(PrintStream out, SecretMasker masker) {
        this.out = out;
        this.masker = masker;
    }

    public void line(String text) {
        out.println(masker.mask(text));
        out.flush();
    }

    public SecretMasker masker() {
        return masker;
    }
}
