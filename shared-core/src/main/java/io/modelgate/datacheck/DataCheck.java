package io.modelgate.datacheck;

import java.util.List;

/**
 * One declared check, defined once for every engine: the {@link Measure}s it needs on the table
 * read and on its reference, and how it judges what an engine observed. Judging reads one group
 * of each side ({@link Side}): the whole table, a group of {@code group_by}, or a window.
 */
interface DataCheck {

    /** What the check needs measured on the reference; none by default. */
    default List<Measure> referenceMeasures() {
        return List.of();
    }

    /** What the check needs measured on the table read, given what the reference showed (PSI bins come from it). */
    List<Measure> measures(Observations reference);

    /** The outcomes for one group of the table read, against the matching group of the reference (null when there is none). */
    List<Outcome> judge(Side current, Side reference);

    /** One group of one side's observations. */
    record Side(Observations observations, String group) {
        Object get(Measure measure) {
            return observations.get(measure, group);
        }

        long count(Measure measure) {
            return observations.count(measure, group);
        }
    }

    /**
     * One row of the check table and one JUnit case. A check that does not gate (a column's drift
     * when the gate is the drifted share) is reported, never failed.
     */
    record Outcome(String name, String observed, String rule, boolean passed, boolean gates) {
        Outcome(String name, String observed, String rule, boolean passed) {
            this(name, observed, rule, passed, true);
        }

        boolean failed() {
            return gates && !passed;
        }
    }
}
