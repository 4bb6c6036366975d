package io.modelgate.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelgate.contract.SchemaEnforcement.DataType;
import io.modelgate.contract.SchemaEnforcement.Dtype;
import io.modelgate.testbed.PythonToolchain;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Holds the contract checks to MLflow's own code in the pinned MLflow, in one Python run: which
 * column types its schema enforcement converts, the percentiles numpy computes, whether a change
 * between two signatures makes MLflow refuse what a client of the old one sends, and how MLflow
 * writes signatures into an MLmodel file.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MlflowContractSemanticsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> COLUMNS = List.of("f0", "f1", "f2", "f3");

    private final List<List<Double>> series = new ArrayList<>();
    private final List<ObjectNode> pairs = new ArrayList<>();
    private JsonNode mlflow;

    @BeforeAll
    void askMlflow() throws Exception {
        Random random = new Random(7);
        ObjectNode input = JSON.createObjectNode();
        ArrayNode types = input.putArray("types");
        for (DataType declared : DataType.values()) {
            for (Dtype sent : Dtype.values()) types.addArray().add(declared.mlflowName()).add(sent.tag());
        }
        ArrayNode percentiles = input.putArray("percentiles");
        for (int i = 0; i < 200; i++) {
            List<Double> values = new ArrayList<>();
            int n = 1 + random.nextInt(i < 20 ? 5 : 300);
            for (int j = 0; j < n; j++) values.add(random.nextInt(4) == 0 ? (double) random.nextInt(20) : Math.exp(random.nextGaussian() * 2));
            series.add(values);
            ArrayNode node = percentiles.addArray();
            values.forEach(node::add);
        }
        ArrayNode signatures = input.putArray("signatures");
        for (int i = 0; i < 400; i++) {
            ObjectNode pair = signatures.addObject();
            ArrayNode champion = pair.putArray("champion");
            int n = 1 + random.nextInt(COLUMNS.size());
            for (int c = 0; c < n; c++) champion.add(spec(COLUMNS.get(c), random));
            ArrayNode candidate = pair.putArray("candidate");
            candidate.addAll(champion.deepCopy());
            for (int m = 1 + random.nextInt(2); m > 0; m--) mutate(candidate, random);
            pairs.add(pair);
        }
        Path script = Path.of(MlflowContractSemanticsTest.class.getResource("/contract/mlflow_contract.py").toURI());
        Process process = new ProcessBuilder(PythonToolchain.get().python().toString(), script.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        process.getOutputStream().write(JSON.writeValueAsBytes(input));
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the MLflow script finished");
        assertEquals(0, process.exitValue(), output);
        mlflow = JSON.readTree(output);
    }

    @Test
    void everyDeclaredTypeAcceptsWhatMlflowsSchemaEnforcementAccepts() {
        int i = 0;
        List<String> disagreements = new ArrayList<>();
        for (DataType declared : DataType.values()) {
            for (Dtype sent : Dtype.values()) {
                boolean theirs = mlflow.path("types").get(i++).asBoolean();
                if (SchemaEnforcement.accepts(declared, sent) != theirs) disagreements.add(declared + " <- " + sent + ": mlflow " + theirs);
            }
        }
        assertEquals(List.of(), disagreements);
        assertTrue(SchemaEnforcement.accepts(DataType.LONG, DataType.INTEGER.dtype), "int to long widens");
        assertFalse(SchemaEnforcement.accepts(DataType.FLOAT, DataType.DOUBLE.dtype), "double to float narrows");
    }

    @Test
    void percentilesAreNumpys() {
        for (int i = 0; i < series.size(); i++) {
            Latency ours = Latency.of(series.get(i));
            JsonNode numpy = mlflow.path("percentiles").get(i);
            assertEquals(numpy.get(0).asDouble(), ours.p50(), 1e-9 * Math.max(1, Math.abs(ours.p50())), "p50 of " + series.get(i));
            assertEquals(numpy.get(1).asDouble(), ours.p95(), 1e-9 * Math.max(1, Math.abs(ours.p95())), "p95 of " + series.get(i));
            assertEquals(numpy.get(2).asDouble(), ours.p99(), 1e-9 * Math.max(1, Math.abs(ours.p99())), "p99 of " + series.get(i));
        }
    }

    /**
     * A change is breaking exactly when MLflow refuses what some client of the champion sends (its
     * required columns only, or all its columns) for the candidate's schema; the one rule beyond
     * MLflow's is that removing a required input breaks (MLflow drops the column a client still sends).
     */
    @Test
    void inputChangesBreakExactlyWhenMlflowRefusesAChampionClient() throws Exception {
        List<String> disagreements = new ArrayList<>();
        int breaking = 0;
        for (int i = 0; i < pairs.size(); i++) {
            ObjectNode pair = pairs.get(i);
            List<SignatureComparison.Difference> differences = SignatureComparison.compare(signature(pair.get("champion")), signature(pair.get("candidate")));
            boolean ours = differences.stream().anyMatch(d -> d.breaking() && !d.change().startsWith("removed"));
            JsonNode theirs = mlflow.path("signatures").get(i);
            boolean refused = theirs.path("required").asBoolean() || theirs.path("all").asBoolean();
            if (ours != refused) disagreements.add(pair + " ours " + differences + " mlflow " + theirs);
            if (refused) breaking++;
        }
        assertEquals(List.of(), disagreements);
        assertTrue(breaking > 50 && breaking < pairs.size() - 50, "the cases exercise both classes: " + breaking + " breaking of " + pairs.size());
    }

    @Test
    void readsSignaturesAsMlflowWritesThem() throws Exception {
        ModelSignature columns = parse(mlflow.path("signatures_written").get(0));
        assertEquals(List.of("amount", "count", "tags"), columns.inputs().specs().stream().map(ModelSignature.Spec::name).toList());
        ModelSignature.Spec amount = columns.inputs().specs().get(0);
        assertEquals(DataType.DOUBLE, amount.dataType().orElseThrow());
        assertTrue(amount.required());
        assertFalse(columns.inputs().specs().get(1).required(), "count was declared required=False");
        assertTrue(columns.inputs().specs().get(2).dataType().isEmpty() && columns.inputs().specs().get(2).type().contains("\"array\""),
                columns.inputs().specs().get(2).type());
        assertEquals(null, columns.outputs().specs().get(0).name());
        assertFalse(columns.outputs().named());
        assertEquals(List.of("threshold", "k"), columns.params().stream().map(ModelSignature.ParamSpec::name).toList());
        assertEquals(0.5, columns.params().get(0).defaultValue().asDouble());
        assertEquals("long", columns.params().get(1).type());

        ModelSignature tensors = parse(mlflow.path("signatures_written").get(1));
        assertTrue(tensors.inputs().tensors());
        assertEquals("float32", tensors.inputs().specs().get(0).type());
        assertEquals(List.of(-1L, 28L, 28L), tensors.inputs().specs().get(0).shape());
        assertEquals(List.of(-1L), tensors.outputs().specs().get(0).shape());
        assertTrue(tensors.params().isEmpty());
    }

    private static ModelSignature parse(JsonNode written) throws Exception {
        // JSON is YAML: an MLmodel document holding just this signature.
        return ModelSignature.fromMlmodel(JSON.writeValueAsString(JSON.createObjectNode().set("signature", written))).orElseThrow();
    }

    private static ModelSignature signature(JsonNode inputs) throws Exception {
        ObjectNode signature = JSON.createObjectNode().put("inputs", JSON.writeValueAsString(inputs));
        return ModelSignature.fromMlmodel(JSON.writeValueAsString(JSON.createObjectNode().set("signature", signature))).orElseThrow();
    }

    private static ObjectNode spec(String name, Random random) {
        DataType type = DataType.values()[random.nextInt(DataType.values().length)];
        return JSON.createObjectNode().put("type", type.mlflowName()).put("name", name).put("required", random.nextInt(3) > 0);
    }

    /** One random change: a column retyped, made (not) required, removed, or added. */
    private static void mutate(ArrayNode columns, Random random) {
        int which = random.nextInt(columns.size());
        switch (random.nextInt(4)) {
            case 0 -> ((ObjectNode) columns.get(which)).put("type", DataType.values()[random.nextInt(DataType.values().length)].mlflowName());
            case 1 -> ((ObjectNode) columns.get(which)).put("required", !columns.get(which).path("required").asBoolean());
            case 2 -> {
                if (columns.size() > 1) columns.remove(which);
            }
            default -> {
                if (columns.findValuesAsText("name").stream().noneMatch("f9"::equals)) columns.add(spec("f9", random));
            }
        }
    }
}
