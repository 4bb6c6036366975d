package io.modelgate.datacheck;

import io.modelgate.delta.Rows;

import java.util.List;

/**
 * One declared check on a table. It names the columns it reads (so the scan reads only those),
 * sees every batch of rows once, then reports one or more outcomes; closed in any case.
 */
interface DataCheck extends AutoCloseable {

    List<String> columns();

    void accept(Rows rows);

    List<Outcome> finish();

    /** Releases what the check holds outside the heap (spill files); also when the scan failed. */
    @Override
    default void close() {
    }

    /** One row of the check table and one JUnit case. */
    record Outcome(String name, String observed, String rule, boolean passed) {
    }
}
