package io.modelgate.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelgate.step.StepResult;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The JSON rendering ({@code result.json}), read back by front ends. */
public final class JsonReport {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static String render(StepResult result) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("step", result.step());
        root.put("verdict", result.verdict().name());
        root.put("exit_code", result.exitCode());
        if (result.errorKind() != null) root.put("error_kind", result.errorKind().name());
        root.put("headline", result.headline());
        ArrayNode tables = root.putArray("tables");
        for (StepResult.Table table : result.tables()) {
            ObjectNode node = tables.addObject();
            node.put("title", table.title());
            table.columns().forEach(node.putArray("columns")::add);
            ArrayNode rows = node.putArray("rows");
            for (List<String> row : table.rows()) row.forEach(rows.addArray()::add);
        }
        ArrayNode checks = root.putArray("checks");
        for (StepResult.Check check : result.checks()) {
            checks.addObject().put("name", check.name()).put("verdict", check.verdict().name()).put("detail", check.detail());
        }
        ArrayNode annotations = root.putArray("annotations");
        for (StepResult.Annotation a : result.annotations()) {
            ObjectNode node = annotations.addObject().put("level", a.level().name()).put("file", a.file());
            if (a.line() != null) node.put("line", a.line());
            node.put("title", a.title()).put("message", a.message());
        }
        ObjectNode outputs = root.putObject("outputs");
        for (Map.Entry<String, String> output : result.outputs().entrySet()) outputs.put(output.getKey(), output.getValue());
        ArrayNode artifacts = root.putArray("artifacts");
        for (Path path : result.artifacts()) artifacts.add(path.toString());
        root.put("log", result.log());
        ArrayNode charts = root.putArray("charts");
        for (StepResult.Chart chart : result.charts()) {
            ObjectNode node = charts.addObject().put("title", chart.title()).put("axis", chart.axis()).put("reference", chart.reference());
            ArrayNode points = node.putArray("points");
            for (StepResult.Chart.Point p : chart.points()) {
                points.addObject().put("label", p.label()).put("value", p.value()).put("lower", p.lower()).put("upper", p.upper());
            }
        }
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
