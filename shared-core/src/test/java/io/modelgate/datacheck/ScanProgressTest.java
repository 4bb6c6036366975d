package io.modelgate.datacheck;

import io.modelgate.secret.SecretMasker;
import io.modelgate.step.Console;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Progress lines of a scan: files, rows, rows/s and time left on the error stream; folded under Actions; none when quiet. */
class ScanProgressTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private Console console(boolean quiet) {
        return new Console(new PrintStream(out), quiet ? null : new PrintStream(err), SecretMasker.none());
    }

    private static String scan(ScanProgress progress) {
        return progress.run("orders (/data/orders) version 3", p -> {
            p.files(-1, 4, 1_000, 0, 400);
            p.files(1, 4, 2_000, 100, 400);
            p.files(4, 4, 8_000, 400, 400);
            return "observed";
        });
    }

    @Test
    void linesNameFilesRowsRateAndTimeLeftOnTheErrorStream() {
        assertEquals("observed", scan(new ScanProgress(console(false), Map.of(), 0)));
        List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("check-data: orders (/data/orders) version 3: 0 of 4 files, 1,000 rows, "), lines.get(0));
        assertTrue(lines.get(1).matches("check-data: .*: 1 of 4 files, 2,000 rows, [\\d,]+ rows/s, about \\d+ s left"), lines.get(1));
        assertEquals("", out.toString(StandardCharsets.UTF_8), "the console's standard output stays the step's");
    }

    @Test
    void underGitHubActionsTheLinesAreOneLogGroup() {
        scan(new ScanProgress(console(false), Map.of("GITHUB_ACTIONS", "true"), 0));
        List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals("::group::check-data: reading orders (/data/orders) version 3", lines.get(0));
        assertEquals("::endgroup::", lines.get(lines.size() - 1));
    }

    @Test
    void quietAndShortScansPrintNothing() {
        scan(new ScanProgress(console(true), Map.of("GITHUB_ACTIONS", "true"), 0));
        scan(new ScanProgress(console(false), Map.of(), ScanProgress.INTERVAL_NANOS));
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }
}
