package io.modelgate.datacheck;

import io.modelgate.delta.Rows;

import io.modelgate.config.TableConfig.RowCountRule;

import java.util.List;

/** The number of live rows (after deletion vectors, within the partition filter) is within bounds. */
final class RowCountCheck implements DataCheck {

    private final RowCountRule rule;
    private final String anyColumn;
    private long rows;

    RowCountCheck(RowCountRule rule, String anyColumn) {
        this.rule = rule;
        this.anyColumn = anyColumn;
    }

    @Override
    public List<String> columns() {
        return List.of(anyColumn);
    }

    @Override
    public void accept(Rows batch) {
        for (int i = 0; i < batch.size(); i++) {
            if (batch.live(i)) rows++;
        }
    }

    @Override
    public List<Outcome> finish() {
        boolean passed = (rule.min() == null || rows >= rule.min()) && (rule.max() == null || rows <= rule.max());
        String text = rule.min() != null && rule.max() != null ? "between " + rule.min() + " and " + rule.max()
                : rule.min() != null ? ">= " + rule.min() : "<= " + rule.max();
        return List.of(new Outcome("row_count", rows + " rows", text, passed));
    }
}
