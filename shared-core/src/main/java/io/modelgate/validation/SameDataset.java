package io.modelgate.validation;

import io.modelgate.mlflow.RunRecord;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * require_same_dataset: logged metrics compare two models fairly only when both runs measured them
 * on the same data, which MLflow shows as the runs' dataset inputs (log_input). The datasets of
 * context "evaluation" are compared when a run logged some, else all its datasets, by digest.
 */
final class SameDataset {

    private SameDataset() {
    }

    /** Why the two runs' metrics may not be compared, or null when they logged the same datasets. */
    static String problem(RunRecord candidate, RunRecord champion) {
        Set<String> mine = digests(candidate), theirs = digests(champion);
        if (mine.isEmpty() || theirs.isEmpty()) {
            return "require_same_dataset: " + (mine.isEmpty() ? "the candidate's run " + candidate.runId() : "the champion's run " + champion.runId())
                    + " logged no dataset input, so the two runs' metrics cannot be shown to come from the same data";
        }
        if (!mine.equals(theirs)) {
            return "require_same_dataset: the candidate's run logged dataset digests " + mine + ", the champion's " + theirs
                    + ": their metrics come from different data";
        }
        return null;
    }

    private static Set<String> digests(RunRecord run) {
        List<RunRecord.Dataset> evaluation = run.datasets().stream().filter(d -> d.context().equals("evaluation")).toList();
        Set<String> digests = new TreeSet<>();
        (evaluation.isEmpty() ? run.datasets() : evaluation).forEach(d -> digests.add(d.digest()));
        return digests;
    }
}
