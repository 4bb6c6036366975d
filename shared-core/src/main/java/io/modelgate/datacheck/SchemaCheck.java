package io.modelgate.datacheck;

import io.modelgate.delta.ColumnValues;

import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.modelgate.config.TableConfig.SchemaRule;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Required columns with their types; with strict, no unexpected column. Reads no rows. */
final class SchemaCheck implements DataCheck {

    private final SchemaRule rule;
    private final StructType schema;

    SchemaCheck(SchemaRule rule, StructType schema) {
        this.rule = rule;
        this.schema = schema;
    }

    @Override
    public List<Measure> measures(Observations reference) {
        return List.of();
    }

    @Override
    public List<Outcome> judge(Side current, Side reference) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> required : rule.columns().entrySet()) {
            StructField field = schema.fieldNames().contains(required.getKey()) ? schema.get(required.getKey()) : null;
            String expected = required.getValue().trim().toLowerCase(Locale.ROOT).replace(" ", "");
            if (field == null) {
                problems.add("column " + required.getKey() + " is missing");
            } else {
                String actual = ColumnValues.typeName(field.getDataType()).replace(" ", "");
                boolean matches = actual.equals(expected) || (expected.equals("decimal") && actual.startsWith("decimal("));
                if (!matches) {
                    problems.add("column " + required.getKey() + " is " + actual + ", expected " + expected);
                }
            }
        }
        if (rule.strict()) {
            for (String name : schema.fieldNames()) {
                if (!rule.columns().containsKey(name)) {
                    problems.add("unexpected column " + name + " (" + ColumnValues.typeName(schema.get(name).getDataType()) + ")");
                }
            }
        }
        String ruleText = rule.columns().size() + " required column" + (rule.columns().size() == 1 ? "" : "s") + " with types"
                + (rule.strict() ? ", no others" : "");
        String observed = problems.isEmpty() ? schema.length() + " columns as declared" : String.join("; ", problems);
        return List.of(new Outcome("schema", observed, ruleText, problems.isEmpty()));
    }
}
