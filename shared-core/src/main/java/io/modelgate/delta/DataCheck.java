package io.modelgate.delta;

import java.util.List;

/**
 * One declared check on a table. It names the columns it reads (so the scan reads only those),
 * sees every batch of rows once, then reports one or more outcomes.
 */
interface DataCheck {

    List<String> columns();

    void accept(Rows rows);

    List<Outcome> finish();

    /** One row of the check table and one JUnit case. */
    record Outcome(String name, String observed, String rule, boolean passed) {
    }
}
