package io.modelgate.contract;

import io.modelgate.contract.ModelSignature.ParamSpec;
import io.modelgate.contract.ModelSignature.Schema;
import io.modelgate.contract.ModelSignature.Spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What changed between the champion's signature and the candidate's, each change classed by what
 * it does to a client that works with the champion today. Breaking: a required input removed or
 * retyped to a type MLflow will not convert, an input made required (or added required), an output
 * removed or retyped, a param removed or retyped. Compatible: an optional input added, an input made
 * optional, a widening MLflow converts (int to long, float to double, see {@link SchemaEnforcement}),
 * an output or param added, a param's default changed. Tensors must keep their dtype (MLflow enforces
 * it exactly) and may only relax a fixed dimension to -1.
 */
public final class SignatureComparison {

    /** One change: where (input, output or param), what it was and is, and whether it breaks clients. */
    public record Difference(String part, String name, String champion, String candidate, boolean breaking, String change) {
    }

    private SignatureComparison() {
    }

    public static List<Difference> compare(ModelSignature champion, ModelSignature candidate) {
        List<Difference> differences = new ArrayList<>();
        schemas("input", champion.inputs(), candidate.inputs(), differences);
        schemas("output", champion.outputs(), candidate.outputs(), differences);
        params(champion.params(), candidate.params(), differences);
        return differences;
    }

    private static void schemas(String part, Schema before, Schema after, List<Difference> out) {
        if (before == null && after == null) return;
        if (before == null) {
            out.add(new Difference(part + "s", "", "none declared", after.specs().size() + " declared", false, part + "s declared"));
            return;
        }
        if (after == null) {
            out.add(new Difference(part + "s", "", before.specs().size() + " declared", "none declared", true, part + "s no longer declared"));
            return;
        }
        if (before.tensors() != after.tensors()) {
            out.add(new Difference(part + "s", "", kind(before), kind(after), true, "changed from " + kind(before) + " to " + kind(after)));
            return;
        }
        boolean byName = before.named() && after.named();
        Map<String, Spec> old = keyed(before, byName);
        Map<String, Spec> now = keyed(after, byName);
        boolean input = part.equals("input");
        old.forEach((key, was) -> {
            Spec is = now.get(key);
            String name = byName ? key : "#" + key;
            if (is == null) {
                boolean breaking = !input || was.required();
                out.add(new Difference(part, name, was.describe(before.tensors()), "—", breaking,
                        "removed" + (input ? was.required() ? " (was required)" : " (was optional)" : "")));
                return;
            }
            Change retyped = before.tensors() ? tensorChange(was, is) : columnChange(was, is);
            if (retyped != null) {
                out.add(new Difference(part, name, was.describe(before.tensors()), is.describe(after.tensors()), retyped.breaking(), retyped.text()));
            } else if (input && !before.tensors() && was.required() != is.required()) {
                out.add(new Difference(part, name, was.describe(false), is.describe(false), is.required(),
                        is.required() ? "made required" : "made optional"));
            }
        });
        now.forEach((key, is) -> {
            if (old.containsKey(key)) return;
            boolean breaking = input && is.required();
            out.add(new Difference(part, byName ? key : "#" + key, "—", is.describe(after.tensors()), breaking,
                    "added" + (input ? is.required() ? ", required" : ", optional" : "")));
        });
    }

    private static String kind(Schema schema) {
        return schema.tensors() ? "tensor-based" : "column-based";
    }

    private static Map<String, Spec> keyed(Schema schema, boolean byName) {
        Map<String, Spec> keyed = new LinkedHashMap<>();
        for (int i = 0; i < schema.specs().size(); i++) {
            Spec spec = schema.specs().get(i);
            keyed.put(byName ? spec.name() : String.valueOf(i + 1), spec);
        }
        return keyed;
    }

    private record Change(boolean breaking, String text) {
    }

    /** Null when the type is the same; compatible when MLflow converts the old type to the new one. */
    private static Change columnChange(Spec was, Spec is) {
        if (was.type().equals(is.type())) return null;
        if (is.type().equals("any")) return new Change(false, "widened " + was.type() + " → any");
        if (was.dataType().isPresent() && is.dataType().isPresent()
                && SchemaEnforcement.accepts(is.dataType().get(), was.dataType().get().dtype)) {
            return new Change(false, "widened " + was.type() + " → " + is.type());
        }
        return new Change(true, "retyped " + was.type() + " → " + is.type() + ": MLflow does not convert " + was.type() + " data to " + is.type());
    }

    private static Change tensorChange(Spec was, Spec is) {
        if (!was.type().equals(is.type())) {
            return new Change(true, "retyped " + was.type() + " → " + is.type() + ": MLflow requires a tensor's exact dtype");
        }
        if (was.shape().equals(is.shape())) return null;
        if (was.shape().size() != is.shape().size()) {
            return new Change(true, "reshaped " + was.shape() + " → " + is.shape() + ": another number of dimensions");
        }
        for (int i = 0; i < was.shape().size(); i++) {
            long now = is.shape().get(i);
            if (now != -1 && now != was.shape().get(i)) {
                return new Change(true, "reshaped " + was.shape() + " → " + is.shape() + ": dimension " + i + " no longer accepts " + was.shape().get(i));
            }
        }
        return new Change(false, "shape relaxed " + was.shape() + " → " + is.shape());
    }

    private static void params(List<ParamSpec> before, List<ParamSpec> after, List<Difference> out) {
        Map<String, ParamSpec> now = new LinkedHashMap<>();
        after.forEach(p -> now.put(p.name(), p));
        for (ParamSpec was : before) {
            ParamSpec is = now.remove(was.name());
            if (is == null) {
                out.add(new Difference("param", was.name(), was.describe(), "—", true, "removed: requests that set it lose its effect"));
            } else if (!was.type().equals(is.type()) || !Objects.equals(was.shape(), is.shape())) {
                Optional<SchemaEnforcement.DataType> old = SchemaEnforcement.DataType.of(was.type());
                Optional<SchemaEnforcement.DataType> type = SchemaEnforcement.DataType.of(is.type());
                boolean widened = Objects.equals(was.shape(), is.shape()) && old.isPresent() && type.isPresent()
                        && SchemaEnforcement.accepts(type.get(), old.get().dtype);
                out.add(new Difference("param", was.name(), was.describe(), is.describe(), !widened,
                        (widened ? "widened " : "retyped ") + was.type() + " → " + is.type()));
            } else if (!was.defaultValue().equals(is.defaultValue())) {
                out.add(new Difference("param", was.name(), was.describe(), is.describe(), false,
                        "default " + was.defaultValue() + " → " + is.defaultValue()));
            }
        }
        now.values().forEach(is -> out.add(new Difference("param", is.name(), "—", is.describe(), false, "added")));
    }
}
