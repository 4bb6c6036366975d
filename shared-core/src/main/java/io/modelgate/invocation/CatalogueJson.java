package io.modelgate.invocation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelgate.report.JsonReport;
import io.modelgate.step.CommonOption;
import io.modelgate.step.FrontEnd;
import io.modelgate.step.Param;
import io.modelgate.step.StepCatalogue;
import io.modelgate.step.StepDefinition;

/**
 * The catalogue as JSON ({@code modelgate catalogue}): the steps and the common options with each
 * front end's spelling, what front ends generate their inputs from (the Jenkins library reads it
 * as its resource) and what conformance tests hold them to.
 */
public final class CatalogueJson {

    private CatalogueJson() {
    }

    /** The version of the running jar ({@code dev} outside one). */
    public static String version() {
        String version = CatalogueJson.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    public static String render() {
        ObjectNode root = JsonReport.mapper().createObjectNode();
        root.put("version", version());
        ArrayNode steps = root.putArray("steps");
        for (StepDefinition step : StepCatalogue.steps()) {
            ObjectNode node = steps.addObject();
            node.put("name", step.name());
            node.put("summary", step.summary());
            ArrayNode params = node.putArray("params");
            for (Param param : step.params()) {
                ObjectNode p = params.addObject();
                p.put("name", param.name());
                p.put("camel_name", param.camelName());
                p.put("type", param.type().name().toLowerCase());
                p.put("required", param.required());
                if (param.defaultValue() != null) p.put("default", param.defaultValue());
                p.put("doc", param.doc());
                if (!param.choices().isEmpty()) param.choices().forEach(p.putArray("choices")::add);
                if (param.min() != null) p.put("min", param.min()).put("max", param.max());
            }
            ObjectNode outputs = node.putObject("outputs");
            step.outputs().forEach(outputs::put);
            step.secrets().forEach(node.putArray("secrets")::add);
            step.jvmOptions().forEach(node.putArray("jvm_options")::add);
        }
        ArrayNode common = root.putArray("common");
        for (CommonOption option : CommonOption.ALL) {
            ObjectNode node = common.addObject();
            node.put("name", option.name());
            node.put("type", option.type().name().toLowerCase());
            if (option.defaultValue() != null) node.put("default", option.defaultValue());
            node.put("doc", option.doc());
            ObjectNode spelling = node.putObject("spelling");
            for (FrontEnd frontEnd : FrontEnd.values()) {
                if (option.spelling(frontEnd) != null) spelling.put(frontEnd.name().toLowerCase().replace('_', '-'), option.spelling(frontEnd));
            }
        }
        try {
            return JsonReport.mapper().writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
