package io.modelgate.datacheck;

import io.modelgate.config.TableConfig.RangeRule;

import java.util.List;

/** Every non-null value of a numeric column is within [min, max]; NaN counts as outside. */
final class RangeCheck implements DataCheck {

    private final String column;
    private final RangeRule rule;
    private final Measure.Outside outside;

    RangeCheck(String column, RangeRule rule, List<String> by) {
        this.column = column;
        this.rule = rule;
        this.outside = new Measure.Outside(column, rule.min(), rule.max(), by);
    }

    @Override
    public List<Measure> measures(Observations reference) {
        return List.of(outside);
    }

    @Override
    public List<Outcome> judge(Side current, Side reference) {
        Observations.Outside seen = (Observations.Outside) current.get(outside);
        String text = "in [" + (rule.min() == null ? "-inf" : DataChecks.number(rule.min())) + ", "
                + (rule.max() == null ? "+inf" : DataChecks.number(rule.max())) + "]";
        if (seen == null || seen.min() > seen.max()) {
            return List.of(new Outcome("range " + column, "no values" + (seen == null || seen.outside() == 0 ? "" : ", " + seen.outside() + " NaN"),
                    text, seen == null || seen.outside() == 0));
        }
        String observed = "min " + DataChecks.number(seen.min()) + ", max " + DataChecks.number(seen.max()) + ", " + seen.outside() + " outside";
        return List.of(new Outcome("range " + column, observed, text, seen.outside() == 0));
    }
}
