package io.modelgate.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelgate.config.EvaluationConfig;
import io.modelgate.config.EvaluationConfig.Task;
import io.modelgate.testbed.PythonToolchain;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every metric against scikit-learn 1.9 in the test bed's Python, on randomized data: with and
 * without sample weights, scores with many ties (rounded to a few values), constant scores, a
 * single class present, a first model (no champion), and slice groups (each group's metrics are
 * scikit-learn's on that group's rows). Zero disagreements beyond 1e-9 (relative, for values above 1:
 * mape divides by eps where the target is 0).
 */
@Tag("e2e")
class MetricsAgainstScikitLearnTest {

    private static final double TOLERANCE = 1e-9;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One randomized case: the columns ModelGate evaluates and the same data as JSON for scikit-learn. */
    private record Case(String description, Task task, List<String> metrics, double threshold, Columns columns, ObjectNode json) {
    }

    @Test
    void everyMetricAgreesWithScikitLearn() throws Exception {
        Random random = new Random(20261201);
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < 60; i++) cases.add(binary(random, i));
        for (int i = 0; i < 30; i++) cases.add(multiclass(random, i));
        for (int i = 0; i < 30; i++) cases.add(regression(random, i));
        JsonNode reference = scikitLearn(cases);

        int compared = 0;
        int singleClass = 0;
        List<String> disagreements = new ArrayList<>();
        for (int c = 0; c < cases.size(); c++) {
            Case test = cases.get(c);
            Estimates estimates = Evaluator.evaluate(test.columns(), MetricSet.of(test.task(), test.metrics(), 4),
                    List.of("slice"), test.threshold(), 0, 0, List.of(0.95), 2);
            compared += compare(test, "all rows", estimates.overall(), reference.get(c).get("all"), disagreements);
            List<Estimates.Group> groups = estimates.slices().get(0).groups();
            JsonNode referenceGroups = reference.get(c).get("groups").get(0);
            for (int g = 0; g < groups.size(); g++) {
                Estimates.Group group = groups.get(g);
                if (group.rows() == 0) continue;
                int index = Integer.parseInt(group.name());
                compared += compare(test, "group " + index, group, referenceGroups.get(index), disagreements);
                if (test.task() == Task.BINARY && Double.isNaN(group.metrics().get("roc_auc").candidate())) singleClass++;
            }
        }
        assertEquals(List.of(), disagreements.subList(0, Math.min(20, disagreements.size())), disagreements.size() + " disagreements, the first 20 shown");
        assertTrue(compared > 3000, "compared " + compared + " values");
        assertTrue(singleClass > 0, "some groups hold a single class, where roc_auc is undefined on both sides");
    }

    private static int compare(Case test, String where, Estimates.Group ours, JsonNode reference, List<String> disagreements) {
        int compared = 0;
        for (String metric : test.metrics()) {
            Estimates.Estimate estimate = ours.metrics().get(metric);
            double[] mine = {estimate.candidate(), estimate.baseline()};
            for (int side = 0; side < 2; side++) {
                JsonNode theirs = reference.get(metric).get(side);
                double expected = theirs.isNull() ? Double.NaN : theirs.asDouble();
                boolean same = Double.isNaN(expected) ? Double.isNaN(mine[side]) : Math.abs(mine[side] - expected) <= TOLERANCE * Math.max(1, Math.abs(expected));
                if (!same) {
                    disagreements.add(test.description() + ", " + where + ": " + metric + " " + (side == 0 ? "candidate" : "champion")
                            + " modelgate " + mine[side] + " sklearn " + expected);
                }
                compared++;
            }
        }
        return compared;
    }

    private static Case binary(Random random, int index) {
        int rows = 20 + random.nextInt(index % 10 == 0 ? 4000 : 400);
        boolean weighted = index % 2 == 1;
        boolean firstModel = index % 7 == 3;
        int ties = index % 4; // 0: continuous scores; 1..3: rounded to 10^ties values per unit, many ties
        boolean constant = index % 11 == 5;
        double positiveShare = index % 13 == 4 ? 0 : index % 13 == 9 ? 1 : 0.1 + 0.8 * random.nextDouble();
        int[] label = new int[rows];
        double[] candidate = new double[rows], baseline = firstModel ? null : new double[rows];
        double[] weight = weighted ? new double[rows] : null;
        short[] groups = new short[rows];
        for (int r = 0; r < rows; r++) {
            label[r] = random.nextDouble() < positiveShare ? 1 : 0;
            candidate[r] = constant ? 0.5 : score(random, label[r], 1.2, ties);
            if (baseline != null) baseline[r] = score(random, label[r], 0.8, ties);
            if (weight != null) weight[r] = random.nextInt(5) == 0 ? random.nextInt(4) : 0.1 + 3 * random.nextDouble();
            groups[r] = (short) random.nextInt(5);
            // A group of one class: every row of group 4 is negative in a third of the cases.
            if (index % 3 == 0 && groups[r] == 4) label[r] = 0;
        }
        List<String> metrics = EvaluationConfig.METRICS.get(Task.BINARY);
        double threshold = 0.3 + 0.4 * random.nextDouble();
        Columns columns = new Columns(rows, label, null, candidate, baseline, null, null, null, null, weight,
                List.of(groups), List.of(names(5)));
        ObjectNode json = common(Task.BINARY, metrics, weight, groups);
        json.put("threshold", threshold);
        json.set("label", JSON.valueToTree(label));
        json.set("candidate", JSON.valueToTree(candidate));
        json.set("baseline", baseline == null ? null : JSON.valueToTree(baseline));
        return new Case("binary case " + index + " (" + rows + " rows" + (weighted ? ", weighted" : "") + (firstModel ? ", first model" : "")
                + (ties > 0 ? ", ties" : "") + (constant ? ", constant candidate" : "") + ")", Task.BINARY, metrics, threshold, copy(columns), json);
    }

    /** A probability-like score, higher for positives, rounded to create ties. */
    private static double score(Random random, int label, double separation, int ties) {
        double p = 1 / (1 + Math.exp(-(random.nextGaussian() + (label == 1 ? separation : -separation))));
        if (ties == 0) return p;
        double scale = Math.pow(10, ties);
        return Math.round(p * scale) / scale;
    }

    private static Case multiclass(Random random, int index) {
        int rows = 30 + random.nextInt(600);
        int k = 3 + random.nextInt(2);
        boolean weighted = index % 2 == 0;
        boolean firstModel = index % 5 == 2;
        int[] label = new int[rows], candidate = new int[rows], baseline = firstModel ? null : new int[rows];
        double[][] candidateProba = new double[rows][], baselineProba = firstModel ? null : new double[rows][];
        double[] candidateTrue = new double[rows], baselineTrue = firstModel ? null : new double[rows];
        double[] weight = weighted ? new double[rows] : null;
        short[] groups = new short[rows];
        for (int r = 0; r < rows; r++) {
            label[r] = random.nextInt(k);
            candidateProba[r] = probabilities(random, k, label[r], 1.5);
            candidate[r] = argmax(candidateProba[r]);
            candidateTrue[r] = candidateProba[r][label[r]];
            if (!firstModel) {
                baselineProba[r] = probabilities(random, k, label[r], 0.7);
                baseline[r] = argmax(baselineProba[r]);
                baselineTrue[r] = baselineProba[r][label[r]];
            }
            if (weight != null) weight[r] = 0.1 + 2 * random.nextDouble();
            groups[r] = (short) random.nextInt(3);
        }
        List<String> metrics = EvaluationConfig.METRICS.get(Task.MULTICLASS);
        Columns columns = new Columns(rows, label, null, null, null, candidate, baseline, candidateTrue, baselineTrue, weight,
                List.of(groups), List.of(names(3)));
        ObjectNode json = common(Task.MULTICLASS, metrics, weight, groups);
        json.set("label", JSON.valueToTree(label));
        json.set("candidate", JSON.valueToTree(candidate));
        json.set("baseline", baseline == null ? null : JSON.valueToTree(baseline));
        json.set("candidate_proba", JSON.valueToTree(candidateProba));
        json.set("baseline_proba", baselineProba == null ? null : JSON.valueToTree(baselineProba));
        ArrayNode classes = json.putArray("classes");
        for (int c = 0; c < k; c++) classes.add(c);
        return new Case("multiclass case " + index + " (" + rows + " rows, " + k + " classes" + (weighted ? ", weighted" : "")
                + (firstModel ? ", first model" : "") + ")", Task.MULTICLASS, metrics, 0.5, copy(columns), json);
    }

    private static double[] probabilities(Random random, int k, int label, double signal) {
        double[] p = new double[k];
        double sum = 0;
        for (int c = 0; c < k; c++) {
            p[c] = Math.exp(random.nextGaussian() + (c == label ? signal : 0));
            sum += p[c];
        }
        for (int c = 0; c < k; c++) p[c] /= sum;
        return p;
    }

    private static int argmax(double[] p) {
        int best = 0;
        for (int c = 1; c < p.length; c++) if (p[c] > p[best]) best = c;
        return best;
    }

    private static Case regression(Random random, int index) {
        int rows = 10 + random.nextInt(800);
        boolean weighted = index % 2 == 1;
        boolean firstModel = index % 6 == 1;
        double[] target = new double[rows], candidate = new double[rows], baseline = firstModel ? null : new double[rows];
        double[] weight = weighted ? new double[rows] : null;
        short[] groups = new short[rows];
        for (int r = 0; r < rows; r++) {
            // Some targets at zero, where mape divides by eps.
            target[r] = index % 5 == 0 && r % 10 == 0 ? 0 : 50 + 20 * random.nextGaussian();
            candidate[r] = target[r] + 3 * random.nextGaussian();
            if (baseline != null) baseline[r] = target[r] + 5 * random.nextGaussian() + 1;
            if (weight != null) weight[r] = 0.5 + random.nextDouble();
            groups[r] = (short) random.nextInt(4);
        }
        List<String> metrics = EvaluationConfig.METRICS.get(Task.REGRESSION);
        Columns columns = new Columns(rows, null, target, candidate, baseline, null, null, null, null, weight,
                List.of(groups), List.of(names(4)));
        ObjectNode json = common(Task.REGRESSION, metrics, weight, groups);
        json.set("label", JSON.createArrayNode());
        json.set("target", JSON.valueToTree(target));
        json.set("candidate", JSON.valueToTree(candidate));
        json.set("baseline", baseline == null ? null : JSON.valueToTree(baseline));
        return new Case("regression case " + index + " (" + rows + " rows" + (weighted ? ", weighted" : "") + (firstModel ? ", first model" : "") + ")",
                Task.REGRESSION, metrics, 0.5, copy(columns), json);
    }

    private static ObjectNode common(Task task, List<String> metrics, double[] weight, short[] groups) {
        ObjectNode json = JSON.createObjectNode();
        json.put("task", task.name().toLowerCase(java.util.Locale.ROOT));
        json.set("metrics", JSON.valueToTree(metrics));
        json.set("weight", weight == null ? null : JSON.valueToTree(weight));
        json.putArray("groups").add(JSON.valueToTree(groups));
        return json;
    }

    private static List<String> names(int groups) {
        List<String> names = new ArrayList<>();
        for (int g = 0; g < groups; g++) names.add(String.valueOf(g));
        return names;
    }

    /** The evaluation reorders its arrays in place: the JSON was taken first, from the same arrays. */
    private static Columns copy(Columns c) {
        return new Columns(c.rows(), clone(c.label()), clone(c.target()), clone(c.candidate()), clone(c.baseline()), clone(c.candidateClass()),
                clone(c.baselineClass()), clone(c.candidateProbability()), clone(c.baselineProbability()), clone(c.weight()),
                c.groups().stream().map(short[]::clone).toList(), c.groupNames());
    }

    private static int[] clone(int[] a) {
        return a == null ? null : a.clone();
    }

    private static double[] clone(double[] a) {
        return a == null ? null : a.clone();
    }

    private static JsonNode scikitLearn(List<Case> cases) throws Exception {
        ArrayNode input = JSON.createArrayNode();
        cases.forEach(c -> input.add(c.json()));
        Path script = Path.of(MetricsAgainstScikitLearnTest.class.getResource("/evaluation/sklearn_metrics.py").toURI());
        Process process = new ProcessBuilder(PythonToolchain.get().python().toString(), script.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (var in = process.getOutputStream()) {
            JSON.writeValue(in, input);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(300, TimeUnit.SECONDS), "the scikit-learn script finished");
        assertEquals(0, process.exitValue(), "scikit-learn script exit code; output: " + output);
        JsonNode results = JSON.readTree(output);
        assertEquals(cases.size(), results.size());
        return results;
    }
}
