package io.modelgate.datacheck;

import io.modelgate.delta.ColumnValues;
import io.modelgate.delta.Rows;

import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.types.DataType;
import io.modelgate.config.Durations;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The newest value of a timestamp or date column, or else the commit time of the version read,
 * is at most max_age before now.
 */
final class FreshnessCheck implements DataCheck {

    private final String column;
    private final DataType type;
    private final Duration maxAge;
    private final Clock clock;
    private Instant newest;

    /** column null: the commit time counts, given as {@code newest}. */
    FreshnessCheck(String column, DataType type, Duration maxAge, Clock clock, Instant commitTime) {
        this.column = column;
        this.type = type;
        this.maxAge = maxAge;
        this.clock = clock;
        this.newest = column == null ? commitTime : null;
    }

    @Override
    public List<String> columns() {
        return column == null ? List.of() : List.of(column);
    }

    @Override
    public void accept(Rows batch) {
        if (column == null) return;
        ColumnVector vector = batch.column(batch.ordinal(column));
        for (int i = 0; i < batch.size(); i++) {
            if (!batch.live(i) || vector.isNullAt(i)) continue;
            Instant value = ColumnValues.instant(type, vector, i);
            if (newest == null || value.isAfter(newest)) newest = value;
        }
    }

    @Override
    public List<Outcome> finish() {
        String name = "freshness " + (column == null ? "commit time" : column);
        String rule = "age <= " + Durations.format(maxAge);
        if (newest == null) {
            return List.of(new Outcome(name, "no values", rule, false));
        }
        Duration age = Duration.between(newest, clock.instant());
        String ageText = age.isNegative() ? "in the future" : "age " + Durations.format(age.withNanos(0));
        return List.of(new Outcome(name, "newest " + newest + " (" + ageText + ")", rule, age.compareTo(maxAge) <= 0));
    }
}
