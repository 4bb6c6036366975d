package io.modelgate.contract;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelgate.contract.SignatureComparison.Difference;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The classes of signature changes beyond column inputs (whose classes MlflowContractSemanticsTest
 * holds to MLflow's schema enforcement): outputs, params, tensors, unnamed columns, a schema's kind.
 */
class SignatureComparisonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ModelSignature signature(String inputs, String outputs, String params) throws Exception {
        ObjectNode signature = JSON.createObjectNode();
        if (inputs != null) signature.put("inputs", inputs);
        if (outputs != null) signature.put("outputs", outputs);
        if (params != null) signature.put("params", params);
        return ModelSignature.fromMlmodel(JSON.writeValueAsString(JSON.createObjectNode().set("signature", signature))).orElseThrow();
    }

    private static List<String> changes(ModelSignature champion, ModelSignature candidate) {
        return SignatureComparison.compare(champion, candidate).stream()
                .map(d -> d.part() + " " + d.name() + ": " + d.change() + (d.breaking() ? " [breaking]" : "")).toList();
    }

    @Test
    void outputsBreakWhenRemovedOrRetypedAndWidenAsInputsDo() throws Exception {
        String inputs = "[{\"type\": \"double\", \"name\": \"x\"}]";
        ModelSignature champion = signature(inputs, "[{\"type\": \"integer\", \"name\": \"label\"}, {\"type\": \"double\", \"name\": \"score\"}]", null);
        assertEquals(List.of("output label: widened integer → long", "output score: removed [breaking]", "output reason: added"),
                changes(champion, signature(inputs, "[{\"type\": \"long\", \"name\": \"label\"}, {\"type\": \"string\", \"name\": \"reason\"}]", null)));
        assertEquals(List.of("output score: retyped double → float: MLflow does not convert double data to float [breaking]"),
                changes(champion, signature(inputs, "[{\"type\": \"integer\", \"name\": \"label\"}, {\"type\": \"float\", \"name\": \"score\"}]", null)));
        assertEquals(List.of("outputs : outputs no longer declared [breaking]"), changes(champion, signature(inputs, null, null)));
    }

    @Test
    void tensorsKeepTheirDtypeAndMayOnlyRelaxAFixedDimension() throws Exception {
        ModelSignature champion = signature("[{\"type\": \"tensor\", \"tensor-spec\": {\"dtype\": \"float32\", \"shape\": [-1, 28, 28]}}]", null, null);
        assertEquals(List.of("input #1: shape relaxed [-1, 28, 28] → [-1, -1, 28]"),
                changes(champion, signature("[{\"type\": \"tensor\", \"tensor-spec\": {\"dtype\": \"float32\", \"shape\": [-1, -1, 28]}}]", null, null)));
        assertEquals(List.of("input #1: retyped float32 → float64: MLflow requires a tensor's exact dtype [breaking]"),
                changes(champion, signature("[{\"type\": \"tensor\", \"tensor-spec\": {\"dtype\": \"float64\", \"shape\": [-1, 28, 28]}}]", null, null)));
        assertEquals(List.of("input #1: reshaped [-1, 28, 28] → [-1, 784]: another number of dimensions [breaking]"),
                changes(champion, signature("[{\"type\": \"tensor\", \"tensor-spec\": {\"dtype\": \"float32\", \"shape\": [-1, 784]}}]", null, null)));
        assertEquals(List.of("input #1: reshaped [-1, 28, 28] → [-1, 32, 28]: dimension 1 no longer accepts 28 [breaking]"),
                changes(champion, signature("[{\"type\": \"tensor\", \"tensor-spec\": {\"dtype\": \"float32\", \"shape\": [-1, 32, 28]}}]", null, null)));
        assertEquals(List.of("inputs : changed from tensor-based to column-based [breaking]"),
                changes(champion, signature("[{\"type\": \"double\", \"name\": \"x\"}]", null, null)));
    }

    @Test
    void paramsBreakWhenRemovedOrRetypedNotWhenAddedOrTheirDefaultMoves() throws Exception {
        String inputs = "[{\"type\": \"double\", \"name\": \"x\"}]";
        ModelSignature champion = signature(inputs, null, "[{\"name\": \"k\", \"type\": \"integer\", \"default\": 3, \"shape\": null},"
                + " {\"name\": \"mode\", \"type\": \"string\", \"default\": \"fast\", \"shape\": null},"
                + " {\"name\": \"top\", \"type\": \"double\", \"default\": 0.5, \"shape\": null}]");
        ModelSignature candidate = signature(inputs, null, "[{\"name\": \"k\", \"type\": \"long\", \"default\": 5, \"shape\": null},"
                + " {\"name\": \"top\", \"type\": \"string\", \"default\": \"0.5\", \"shape\": null},"
                + " {\"name\": \"seed\", \"type\": \"long\", \"default\": 0, \"shape\": null}]");
        assertEquals(List.of("param k: widened integer → long", "param mode: removed: requests that set it lose its effect [breaking]",
                "param top: retyped double → string [breaking]", "param seed: added"), changes(champion, candidate));
        assertEquals(List.of("param k: default 3 → 4"), changes(signature(inputs, null, "[{\"name\": \"k\", \"type\": \"long\", \"default\": 3, \"shape\": null}]"),
                signature(inputs, null, "[{\"name\": \"k\", \"type\": \"long\", \"default\": 4, \"shape\": null}]")));
    }

    @Test
    void unnamedColumnsAreMatchedByPositionAndOldOptionalFlagsAreRead() throws Exception {
        ModelSignature champion = signature("[{\"type\": \"double\"}, {\"type\": \"string\", \"optional\": true}]", null, null);
        assertEquals(List.of("input #2: made required [breaking]"),
                changes(champion, signature("[{\"type\": \"double\"}, {\"type\": \"string\"}]", null, null)));
        List<Difference> none = SignatureComparison.compare(champion, champion);
        assertTrue(none.isEmpty(), none.toString());
    }

    @Test
    void aMalformedSignatureIsReportedNotGuessed() {
        String mlmodel = "signature:\n  inputs: '[{\"type\": \"double\", '\n";
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> ModelSignature.fromMlmodel(mlmodel));
        assertTrue(e.getMessage().startsWith("signature.inputs is not JSON"), e.getMessage());
        assertTrue(ModelSignature.fromMlmodel("flavors: {}\n").isEmpty());
    }
}
