package io.modelgate.step;

import io.modelgate.secret.SecretMasker;

import java.io.PrintStream;

/** Where a step prints progress for the CI log; every line passes through the secret masker. */
public final class Console {

    private final PrintStream out;
    private final PrintStream progress;
    private final SecretMasker masker;

    public Console(PrintStream out, SecretMasker masker) {
        this(out, null, masker);
    }

    /** @param progress where progress of long work goes (standard error); null: quiet */
    public Console(PrintStream out, PrintStream progress, SecretMasker masker) {
        this.out = out;
        this.progress = progress;
        this.masker = masker;
    }

    /** A progress line of long work (files, rows, an estimate): on standard error, none when quiet. */
    public void progress(String text) {
        if (progress == null) return;
        progress.println(masker.mask(text));
        progress.flush();
    }

    public boolean quiet() {
        return progress == null;
    }

    public void line(String text) {
        out.println(masker.mask(text));
        out.flush();
    }

    public SecretMasker masker() {
        return masker;
    }
}
