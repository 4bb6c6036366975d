package io.modelgate.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelgate.ci.CiContext;
import io.modelgate.config.ConfigFile;
import io.modelgate.config.EnvironmentSelector;
import io.modelgate.config.ModelConfig;
import io.modelgate.config.ResolvedConfig;
import io.modelgate.mlflow.MlflowRestClient;
import io.modelgate.registry.RegistryStep;
import io.modelgate.modelreport.MetricChart;
import io.modelgate.modelreport.ModelHistory;
import io.modelgate.modelreport.ModelReportHtml;
import io.modelgate.modelreport.ModelReportMarkdown;
import io.modelgate.secret.SecretMasker;
import io.modelgate.fault.Fault;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code modelgate report --model NAME}: every version of a model read from the registry, written
 * as {@code model-report.md} and {@code model-report.html} (a chart per gated metric). It reads
 * only; it is not a gate, so it exits 0 whatever the versions' verdicts.
 */
final class ReportCommand {

    static final String MARKDOWN = "model-report.md";
    static final String HTML = "model-report.html";

    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;
    private final Path workDir;

    ReportCommand(Map<String, String> env, PrintStream out, PrintStream err, Path workDir) {
        this.env = env;
        this.out = out;
        this.err = err;
        this.workDir = workDir;
    }

    static CommandSpec spec() {
        CommandSpec report = CommandSpec.create().name("report");
        report.usageMessage().description("Write a report of every version of a model (Markdown and HTML, a chart per gated metric).");
        report.addOption(CommonOptions.help());
        report.addOption(OptionSpec.builder("--model").type(String.class).paramLabel("NAME")
                .description("The model, as declared under models: in modelgate.yaml").build());
        report.addOption(OptionSpec.builder("--output-dir").type(String.class).paramLabel("DIR")
                .description("Where model-report.md and model-report.html go (default: build/modelgate)").build());
        report.addOption(OptionSpec.builder("--format").type(String.class).paramLabel("text|json")
                .completionCandidates(List.of("text", "json")).description("Console output format (default: text)").build());
        CommonOptions.addTo(report, false);
        return report;
    }

    int run(ParseResult parsed) {
        boolean debug = parsed.hasMatchedOption("--debug");
        SecretMasker masker = SecretMasker.of(env, List.of());
        try {
            String key = parsed.matchedOptionValue("--model", null);
            if (key == null || key.isBlank()) {
                throw Fault.usage("report: --model NAME is required");
            }
            String format = parsed.matchedOptionValue("--format", "text");
            if (!format.equals("text") && !format.equals("json")) {
                throw Fault.usage("--format: expected text or json, got \"" + format + "\"");
            }
            Path outputDir = workDir.resolve(parsed.matchedOptionValue("--output-dir", "build/modelgate"));
            ConfigFile file = ConfigFile.load(workDir.resolve(parsed.matchedOptionValue("--config", ConfigFile.DEFAULT_NAME)));
            masker = SecretMasker.of(env, file.secretVariables().keySet());
            ResolvedConfig resolved = EnvironmentSelector.select(file, parsed.matchedOptionValue("--env", null),
                    CiContext.detect(env, file.path().toAbsolutePath().getParent()));
            ModelConfig config = resolved.config().model(key);
            ModelHistory history = ModelHistory.read(MlflowRestClient.from(resolved, env), RegistryStep.registeredName(key, config), config);

            Path markdown = outputDir.resolve(MARKDOWN);
            Path html = outputDir.resolve(HTML);
            try {
                Files.createDirectories(outputDir);
                Files.writeString(markdown, masker.mask(ModelReportMarkdown.render(history)));
                Files.writeString(html, masker.mask(ModelReportHtml.render(history)));
            } catch (IOException e) {
                throw Fault.infrastructure("report: cannot write to " + outputDir + ": " + e.getMessage(), e);
            }
            out.print(masker.mask(format.equals("json") ? json(history, markdown, html) : text(history, markdown, html)));
            out.flush();
            return 0;
        } catch (Fault e) {
            CommandLineApp.trace(err, debug, masker, e);
            err.println("modelgate: error: " + masker.mask(e.getMessage()));
            return e.kind().exitCode;
        } catch (RuntimeException e) {
            CommandLineApp.trace(err, debug, masker, e);
            err.println("modelgate: error: report: internal error: " + masker.mask(String.valueOf(e))
                    + (debug ? "" : " (run with --debug for the stack trace)"));
            return 3;
        }
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
