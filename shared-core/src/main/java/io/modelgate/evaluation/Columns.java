package io.modelgate.evaluation;

import java.util.List;

/**
 * The scored rows in primitive arrays, as the evaluation reads them: labels, both models' outputs,
 * sample weights and slice groups. The evaluation reorders the arrays' contents in place (by score)
 * rather than copying them, so that a table of ten million rows fits twice less memory.
 *
 * @param rows       number of rows
 * @param label      binary: 0 or 1; multiclass: the class's index; regression: null
 * @param target     regression: the target; else null
 * @param candidate  binary: the candidate's score; regression: its prediction; multiclass: null
 * @param baseline   the same for the champion; null for a first model
 * @param candidateClass       multiclass: the candidate's predicted class index; else null
 * @param baselineClass        multiclass: the champion's; null else or for a first model
 * @param candidateProbability multiclass: the candidate's probability of the true class; null when not scored
 * @param baselineProbability  the same for the champion
 * @param weight     sample weights, null for all 1
 * @param groups     per slice: the group index of each row
 * @param groupNames per slice: the name of each group index
 */
record Columns(int rows, int[] label, double[] target, double[] candidate, double[] baseline,
               int[] candidateClass, int[] baselineClass, double[] candidateProbability, double[] baselineProbability,
               double[] weight, List<short[]> groups, List<List<String>> groupNames) {

    Columns {
        groups = List.copyOf(groups);
        groupNames = groupNames.stream().map(List::copyOf).toList();
    }

    boolean hasBaseline() {
        return baseline != null || baselineClass != null;
    }

    double weight(int row) {
        return weight == null ? 1.0 : weight[row];
    }
}
