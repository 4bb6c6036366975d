package io.modelgate.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelgate.config.ConfigMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A model version's signature as MLflow writes it in the MLmodel file: {@code signature.inputs},
 * {@code .outputs} and {@code .params}, each a JSON text ({@code ModelSignature.to_dict}). Inputs
 * and outputs are schemas of column specs ({@code {"type": "double", "name": "f0", "required": true}},
 * the type a {@code DataType} name or an array, object, map or any type) or of tensor specs
 * ({@code {"type": "tensor", "tensor-spec": {"dtype": "float64", "shape": [-1, 4]}}}); params are
 * param specs ({@code {"name", "type", "default", "shape"}}).
 *
 * @param inputs  null when the signature declares none
 * @param outputs null when the signature declares none
 * @param params  empty when the signature declares none
 */
public record ModelSignature(Schema inputs, Schema outputs, List<ParamSpec> params) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public ModelSignature {
        params = List.copyOf(params);
    }

    /** A schema: all column specs or all tensor specs, as MLflow requires. */
    public record Schema(boolean tensors, List<Spec> specs) {
        public Schema {
            specs = List.copyOf(specs);
        }

        /** Whether every spec has a name: then specs are matched by name, else by position (as MLflow enforces them). */
        public boolean named() {
            return specs.stream().allMatch(s -> s.name() != null);
        }
    }

    /**
     * One column or tensor spec.
     *
     * @param name     null when unnamed
     * @param type     the column type as MLflow names it ({@code double}, or the JSON of an array, object, map or any type); the dtype of a tensor
     * @param dataType the column's {@code DataType} when it is one
     * @param required whether a column must be present (tensors always are)
     * @param shape    a tensor's shape, -1 for a variable dimension; empty for columns
     */
    public record Spec(String name, String type, Optional<SchemaEnforcement.DataType> dataType, boolean required, List<Long> shape) {
        public Spec {
            shape = List.copyOf(shape);
        }

        /** "double", "double (optional)" or "tensor float64 [-1, 4]", for the report. */
        public String describe(boolean tensor) {
            if (tensor) return "tensor " + type + " " + shape;
            return type + (required ? "" : " (optional)");
        }
    }

    /** A parameter of predict: its type, default and shape (null for a scalar). */
    public record ParamSpec(String name, String type, JsonNode defaultValue, List<Long> shape) {
        public String describe() {
            return type + (shape == null ? "" : " " + shape) + " = " + defaultValue;
        }
    }

    /** The signature of an MLmodel document, or empty when it has none. A malformed one is reported as what it is. */
    public static Optional<ModelSignature> fromMlmodel(String mlmodel) {
        JsonNode signature;
        try {
            signature = ConfigMapper.get().readTree(mlmodel).path("signature");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("the MLmodel file is not YAML: " + e.getOriginalMessage(), e);
        }
        if (signature.isMissingNode() || signature.isNull()) return Optional.empty();
        return Optional.of(new ModelSignature(schema(signature, "inputs"), schema(signature, "outputs"), params(signature)));
    }

    private static JsonNode json(JsonNode signature, String key) {
        JsonNode text = signature.path(key);
        if (text.isMissingNode() || text.isNull() || text.asText().isBlank()) return null;
        try {
            return JSON.readTree(text.asText());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("signature." + key + " is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static Schema schema(JsonNode signature, String key) {
        JsonNode specs = json(signature, key);
        if (specs == null) return null;
        List<Spec> parsed = new ArrayList<>();
        boolean tensors = false;
        for (JsonNode spec : specs) {
            String name = spec.hasNonNull("name") ? spec.get("name").asText() : null;
            String type = spec.path("type").asText();
            if (type.equals("tensor")) {
                tensors = true;
                JsonNode tensor = spec.path("tensor-spec");
                parsed.add(new Spec(name, tensor.path("dtype").asText(), Optional.empty(), true, shape(tensor.path("shape"))));
            } else {
                // A primitive column's type is a DataType name; an array, object or map is described by its whole spec.
                Optional<SchemaEnforcement.DataType> dataType = SchemaEnforcement.DataType.of(type);
                String described = dataType.isPresent() || type.equals("any") ? type : complexType(spec);
                // MLflow before 2.9 wrote "optional": true where it now writes "required": false.
                boolean required = spec.has("required") ? spec.get("required").asBoolean(true) : !spec.path("optional").asBoolean(false);
                parsed.add(new Spec(name, described, dataType, required, List.of()));
            }
        }
        return new Schema(tensors, parsed);
    }

    private static String complexType(JsonNode spec) {
        com.fasterxml.jackson.databind.node.ObjectNode type = spec.deepCopy();
        type.remove(List.of("name", "required", "optional"));
        return type.toString();
    }

    private static List<ParamSpec> params(JsonNode signature) {
        JsonNode specs = json(signature, "params");
        if (specs == null) return List.of();
        List<ParamSpec> parsed = new ArrayList<>();
        for (JsonNode spec : specs) {
            String type = spec.has("type") ? spec.get("type").asText() : spec.path("dtype").asText();
            parsed.add(new ParamSpec(spec.path("name").asText(), type, spec.path("default"),
                    spec.hasNonNull("shape") ? shape(spec.get("shape")) : null));
        }
        return parsed;
    }

    private static List<Long> shape(JsonNode shape) {
        List<Long> dims = new ArrayList<>();
        shape.forEach(d -> dims.add(d.asLong()));
        return dims;
    }
}
