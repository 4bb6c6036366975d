package io.modelgate.datacheck;

import java.util.List;
import java.util.TreeSet;

/** Every non-null value of a column is one of the allowed ones; the five smallest others are shown. */
final class AllowedValuesCheck implements DataCheck {

    private final String column;
    private final Measure.NotAllowed notAllowed;

    AllowedValuesCheck(String column, List<String> allowed, List<String> by) {
        this.column = column;
        this.notAllowed = new Measure.NotAllowed(column, new TreeSet<>(allowed), by);
    }

    @Override
    public List<Measure> measures(Observations reference) {
        return List.of(notAllowed);
    }

    @Override
    public List<Outcome> judge(Side current, Side reference) {
        Observations.NotAllowed seen = (Observations.NotAllowed) current.get(notAllowed);
        long unexpected = seen == null ? 0 : seen.count();
        String observed = unexpected == 0 ? "all values allowed"
                : unexpected + " value" + (unexpected == 1 ? "" : "s") + " not allowed, e.g. " + String.join(", ", seen.smallest());
        return List.of(new Outcome("allowed_values " + column, observed, "one of " + String.join(", ", notAllowed.allowed()), unexpected == 0));
    }
}
