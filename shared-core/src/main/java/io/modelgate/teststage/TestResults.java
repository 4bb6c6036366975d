package io.modelgate.teststage;

import io.modelgate.teststage.TestCase.Status;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The test cases of a stage across its attempts. A case is identified by class and name (and
 * its occurrence, for tools that repeat names). A case that both failed and passed across
 * attempts is {@link Status#FLAKY}: reported as such, never as a plain pass.
 */
public final class TestResults {

    private final Map<Key, TestCase> byKey = new LinkedHashMap<>();

    private record Key(String className, String name, int occurrence) {
    }

    /** Adds one attempt's cases; the first attempt first, re-runs after. */
    public void addAttempt(List<TestCase> cases) {
        Map<Key, Integer> occurrences = new HashMap<>();
        for (TestCase now : cases) {
            int occurrence = occurrences.merge(new Key(now.className(), now.name(), 0), 1, Integer::sum);
            Key key = new Key(now.className(), now.name(), occurrence);
            TestCase before = byKey.get(key);
            byKey.put(key, before == null ? now : merge(before, now));
        }
    }

    static TestCase merge(TestCase before, TestCase now) {
        Status was = before.status();
        Status is = now.status();
        if (is == Status.SKIPPED) {
            return before;
        }
        if (was.failing() && (is == Status.PASSED || is == Status.FLAKY)) {
            return before.withStatus(Status.FLAKY, "failed, then passed on a re-run: " + orNothing(before.message()));
        }
        if ((was == Status.PASSED || was == Status.FLAKY) && is.failing()) {
            return now.withStatus(Status.FLAKY, "passed, then failed on a re-run: " + orNothing(now.message()));
        }
        return now;
    }

    private static String orNothing(String message) {
        return message == null ? "" : message;
    }

    public List<TestCase> cases() {
        return new ArrayList<>(byKey.values());
    }

    public Map<Status, Integer> counts() {
        Map<Status, Integer> counts = new EnumMap<>(Status.class);
        for (Status status : Status.values()) counts.put(status, 0);
        byKey.values().forEach(c -> counts.merge(c.status(), 1, Integer::sum));
        return counts;
    }

    public int total() {
        return byKey.size();
    }

    public boolean anyFailing() {
        return byKey.values().stream().anyMatch(c -> c.status().failing());
    }
}
