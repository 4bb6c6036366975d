package io.modelgate.invocation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelgate.config.ModelConfig;
import io.modelgate.config.ResolvedConfig;
import io.modelgate.fault.Fault;
import io.modelgate.mlflow.MlflowRestClient;
import io.modelgate.modelreport.MetricChart;
import io.modelgate.modelreport.ModelHistory;
import io.modelgate.modelreport.ModelReportHtml;
import io.modelgate.modelreport.ModelReportMarkdown;
import io.modelgate.registry.RegistryStep;
import io.modelgate.step.CommonOption;
import io.modelgate.step.Param;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code modelgate report --model NAME}: every version of a model read from the registry, written
 * as {@code model-report.md} and {@code model-report.html} (a chart per gated metric). It reads
 * only; it is not a gate, so it exits 0 whatever the versions' verdicts.
 */
final class ReportCommand implements Command {

    static final String MARKDOWN = "model-report.md";
    static final String HTML = "model-report.html";

    @Override
    public String name() {
        return "report";
    }

    @Override
    public String summary() {
        return "Write a report of every version of a model (Markdown and HTML, a chart per gated metric).";
    }

    @Override
    public List<Param> params() {
        // Required, but checked here: the message names the value it wants.
        return List.of(Param.optional("model", Param.Type.STRING, null, "The model, as declared under models: in modelgate.yaml"));
    }

    @Override
    public List<CommonOption> options() {
        return List.of(CommonOption.CONFIG, CommonOption.ENVIRONMENT, CommonOption.DEBUG, CommonOption.OUTPUT_DIR, CommonOption.FORMAT);
    }

    @Override
    public int run(Invocation invocation) {
        String key = invocation.param("model");
        if (key == null || key.isBlank()) {
            throw Fault.usage("report: " + invocation.spell("model") + " NAME is required");
        }
        ResolvedConfig resolved = invocation.config();
        ModelConfig config = resolved.model(key);
        ModelHistory history = ModelHistory.read(MlflowRestClient.from(resolved, invocation.env()), RegistryStep.registeredName(key, config), config);

        Path outputDir = invocation.options().outputDir();
        Path markdown = outputDir.resolve(MARKDOWN);
        Path html = outputDir.resolve(HTML);
        try {
            Files.createDirectories(outputDir);
            Files.writeString(markdown, invocation.masker().mask(ModelReportMarkdown.render(history)));
            Files.writeString(html, invocation.masker().mask(ModelReportHtml.render(history)));
        } catch (IOException e) {
            throw Fault.infrastructure("report: cannot write to " + outputDir + ": " + e.getMessage(), e);
        }
        invocation.print(invocation.options().json() ? json(history, markdown, html) : text(history, markdown, html));
        return 0;
    }

    private static String text(ModelHistory history, Path markdown, Path html) {
        List<String[]> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("version", "status", "role", "validation"));
        header.addAll(history.gatedMetrics().keySet());
        rows.add(header.toArray(String[]::new));
        for (ModelHistory.Version v : history.versions()) {
            List<String> row = new ArrayList<>(List.of("v" + v.version(), v.status(), history.role(v).isEmpty() ? "-" : history.role(v), v.verdict()));
            for (String metric : history.gatedMetrics().keySet()) {
                row.add(v.runProblem() != null ? v.runProblem() : v.metrics().containsKey(metric) ? number(v.metrics().get(metric)) : "-");
            }
            rows.add(row.toArray(String[]::new));
        }
        int[] widths = new int[header.size()];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) widths[c] = Math.max(widths[c], row[c].length());
        }
        StringBuilder text = new StringBuilder(ModelReportMarkdown.summary(history)).append('\n');
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.length; c++) line.append(String.format("%-" + (widths[c] + 2) + "s", row[c]));
            text.append(line.toString().stripTrailing()).append('\n');
        }
        return text.append("wrote ").append(markdown).append(" and ").append(html).append('\n').toString();
    }

    private static String number(double value) {
        return Double.isFinite(value) ? MetricChart.number(value) : String.valueOf(value);
    }

    private static String json(ModelHistory history, Path markdown, Path html) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("model", history.model());
        root.put("registry", history.registry().name().toLowerCase());
        root.put("location", history.location());
        if (history.champion() == null) root.putNull("champion"); else root.put("champion", history.champion());
        if (history.previous() == null) root.putNull("previous_champion"); else root.put("previous_champion", history.previous());
        root.set("gated_metrics", mapper.valueToTree(history.gatedMetrics().keySet()));
        ArrayNode versions = root.putArray("versions");
        for (ModelHistory.Version v : history.versions()) {
            ObjectNode node = versions.addObject();
            node.put("version", v.version());
            node.put("status", v.status());
            node.put("created", v.created() == null ? null : v.created().toString());
            node.put("stage", v.stage());
            node.set("aliases", mapper.valueToTree(v.aliases()));
            node.put("role", history.role(v));
            node.put("run_id", v.runId());
            node.put("run_problem", v.runProblem());
            ObjectNode metrics = node.putObject("metrics");
            v.metrics().forEach((name, value) -> {
                if (Double.isFinite(value)) metrics.put(name, value); else metrics.put(name, String.valueOf(value));
            });
            node.put("validation", v.validation().map(r -> r.status()).orElse(null));
            node.put("validation_baseline", v.validation().map(r -> r.baselineVersion()).orElse(null));
            node.set("promotion", mapper.valueToTree(v.promotion()));
        }
        root.put("markdown", markdown.toString());
        root.put("html", html.toString());
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
