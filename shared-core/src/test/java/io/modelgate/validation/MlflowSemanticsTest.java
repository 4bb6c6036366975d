package io.modelgate.validation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelgate.config.MetricThreshold;
import io.modelgate.testbed.PythonToolchain;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Holds MetricComparison to MLflow's own implementation: the same cases, boundaries included,
 * judged by mlflow.models.evaluation.validation._validate in the pinned MLflow.
 */
@Tag("e2e")
class MlflowSemanticsTest {

    private record Case(MetricThreshold rule, double candidate, double champion) {
    }

    @Test
    void verdictsMatchMlflowOnBoundariesAndRandomCases() throws Exception {
        List<Case> cases = new ArrayList<>(List.of(
                new Case(MetricComparisonTest.rule(0.8, null, null, true, null), 0.8, 0.5),
                new Case(MetricComparisonTest.rule(0.8, null, null, false, null), 0.8, 0.5),
                new Case(MetricComparisonTest.rule(null, 0.1, null, true, null), 0.8, 0.7),
                new Case(MetricComparisonTest.rule(null, 0.1, null, false, null), 0.6, 0.7),
                new Case(MetricComparisonTest.rule(null, 0.05, null, false, null), 0.35, 0.4),
                new Case(MetricComparisonTest.rule(null, null, 0.1, true, null), 1.1, 1.0),
                new Case(MetricComparisonTest.rule(null, null, 0.1, false, null), 0.9, 1.0),
                new Case(MetricComparisonTest.rule(null, null, 0.5, true, null), -1.0, -2.0),
                new Case(MetricComparisonTest.rule(null, null, 0.1, true, null), 0.0, 0.0),
                new Case(MetricComparisonTest.rule(null, null, 0.1, true, null), 1e-9, 0.0),
                new Case(MetricComparisonTest.rule(null, null, 0.1, false, null), -1e-11, 0.0),
                new Case(MetricComparisonTest.rule(0.8, 0.01, 0.02, true, null), 0.85, 0.83)));
        Random random = new Random(42);
        for (int i = 0; i < 300; i++) {
            boolean higher = random.nextBoolean();
            Double threshold = random.nextBoolean() ? round(random.nextDouble()) : null;
            Double absolute = random.nextBoolean() ? round(random.nextDouble() * 0.2 + 0.01) : null;
            Double relative = threshold == null && absolute == null || random.nextBoolean() ? round(random.nextDouble() * 0.3) : null;
            double champion = round(random.nextDouble() * 2 - 0.5);
            // Candidates near the champion and on the rules' edges, where mistakes show.
            double candidate = switch (random.nextInt(4)) {
                case 0 -> champion;
                case 1 -> threshold != null ? threshold : champion;
                case 2 -> absolute != null ? champion + (higher ? absolute : -absolute) : champion;
                default -> round(champion + random.nextGaussian() * 0.2);
            };
            cases.add(new Case(MetricComparisonTest.rule(threshold, absolute, relative, higher, null), candidate, champion));
        }
        List<Boolean> mlflow = mlflowVerdicts(cases);
        int disagreements = 0;
        StringBuilder report = new StringBuilder();
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            boolean ours = MetricComparison.compare(Map.of("m", c.rule()), Map.of("m", c.candidate()), Map.of("m", c.champion()))
                    .stream().allMatch(RuleCheck::ok);
            if (ours != mlflow.get(i)) {
                disagreements++;
                report.append(c).append(" ours=").append(ours).append(" mlflow=").append(mlflow.get(i)).append('\n');
            }
        }
        assertEquals(0, disagreements, report.toString());
        assertTrue(mlflow.contains(true) && mlflow.contains(false), "the cases exercise both verdicts");
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    private static List<Boolean> mlflowVerdicts(List<Case> cases) throws Exception {
        ObjectMapper json = new ObjectMapper();
        ArrayNode input = json.createArrayNode();
        for (Case c : cases) {
            ObjectNode node = input.addObject();
            ObjectNode rule = node.putObject("rule");
            rule.put("threshold", c.rule().threshold());
            rule.put("min_absolute_change", c.rule().minAbsoluteChange());
            rule.put("min_relative_change", c.rule().minRelativeChange());
            rule.put("greater_is_better", c.rule().greaterIsBetter());
            node.put("candidate", c.candidate());
            node.put("champion", c.champion());
        }
        Path script = Path.of(MlflowSemanticsTest.class.getResource("/validation/mlflow_validate.py").toURI());
        Process process = new ProcessBuilder(PythonToolchain.get().python().toString(), script.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        process.getOutputStream().write(json.writeValueAsBytes(input));
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "mlflow script finished");
        assertEquals(0, process.exitValue(), "mlflow script exit code; output: " + output);
        List<Boolean> verdicts = new ArrayList<>();
        json.readTree(output).forEach(n -> verdicts.add(n.asBoolean()));
        assertEquals(cases.size(), verdicts.size());
        return verdicts;
    }
}
