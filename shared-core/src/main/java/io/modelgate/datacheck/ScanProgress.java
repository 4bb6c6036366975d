package io.modelgate.datacheck;

import io.modelgate.step.Console;

import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Progress of long scans on standard error, every {@link #INTERVAL_NANOS} at most: files, rows,
 * rows/s and an estimate of the time left (from the bytes of the files done). A scan shorter than
 * the interval prints nothing; under GitHub Actions the lines are folded into one log group.
 */
final class ScanProgress {

    static final long INTERVAL_NANOS = 5_000_000_000L;

    private final Console console;
    private final boolean actions;
    private final long intervalNanos;

    ScanProgress(Console console, Map<String, String> env) {
        this(console, env, INTERVAL_NANOS);
    }

    ScanProgress(Console console, Map<String, String> env, long intervalNanos) {
        this.console = console;
        this.actions = "true".equals(env.get("GITHUB_ACTIONS"));
        this.intervalNanos = intervalNanos;
    }

    <T> T run(String what, Function<KernelEngine.Progress, T> work) {
        long start = System.nanoTime();
        Ticker ticker = new Ticker(what, start);
        try {
            return work.apply(ticker);
        } finally {
            if (ticker.printed && actions) console.progress("::endgroup::");
        }
    }

    private final class Ticker implements KernelEngine.Progress {
        private final String what;
        private final long start;
        private long last;
        private int filesDone;
        private long bytesDone;
        boolean printed;

        Ticker(String what, long start) {
            this.what = what;
            this.start = start;
            this.last = start;
        }

        @Override
        public void files(int done, int total, long rows, long bytes, long bytesTotal) {
            if (done >= 0) {
                filesDone = done;
                bytesDone = bytes;
            }
            long now = System.nanoTime();
            if (now - last < intervalNanos || filesDone == total) return;
            last = now;
            if (!printed && actions) console.progress("::group::check-data: reading " + what);
            printed = true;
            double seconds = (now - start) / 1e9;
            String left = bytesDone == 0 ? "" : String.format(Locale.ROOT, ", about %.0f s left", seconds * (bytesTotal - bytesDone) / bytesDone);
            console.progress(String.format(Locale.ROOT, "check-data: %s: %d of %d files, %,d rows, %,.0f rows/s%s",
                    what, filesDone, total, rows, rows / seconds, left));
        }
    }
}
