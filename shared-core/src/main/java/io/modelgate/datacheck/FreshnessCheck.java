package io.modelgate.datacheck;

import io.modelgate.config.Durations;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The newest value of a timestamp or date column, or else the commit time of the version read,
 * is at most max_age before now.
 */
final class FreshnessCheck implements DataCheck {

    private final String column;
    private final Duration maxAge;
    private final Clock clock;
    private final Instant commitTime;
    private final Measure.Newest newest;

    /** column null: the commit time counts. */
    FreshnessCheck(String column, Duration maxAge, Clock clock, Instant commitTime, List<String> by) {
        this.column = column;
        this.maxAge = maxAge;
        this.clock = clock;
        this.commitTime = commitTime;
        this.newest = column == null ? null : new Measure.Newest(column, by);
    }

    @Override
    public List<Measure> measures(Observations reference) {
        return newest == null ? List.of() : List.of(newest);
    }

    @Override
    public List<Outcome> judge(Side current, Side reference) {
        String name = "freshness " + (column == null ? "commit time" : column);
        String rule = "age <= " + Durations.format(maxAge);
        Long micros = newest == null ? null : (Long) current.get(newest);
        Instant value = newest == null ? commitTime : micros == null ? null : Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
        if (value == null) {
            return List.of(new Outcome(name, "no values", rule, false));
        }
        Duration age = Duration.between(value, clock.instant());
        String ageText = age.isNegative() ? "in the future" : "age " + Durations.format(age.withNanos(0));
        return List.of(new Outcome(name, "newest " + value + " (" + ageText + ")", rule, age.compareTo(maxAge) <= 0));
    }
}
