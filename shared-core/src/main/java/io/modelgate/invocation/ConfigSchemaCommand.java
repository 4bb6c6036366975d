package io.modelgate.invocation;

import io.modelgate.config.ConfigSchema;
import io.modelgate.step.CommonOption;

import java.util.List;

/** {@code modelgate config schema}: the JSON Schema of modelgate.yaml. */
final class ConfigSchemaCommand implements Command {

    @Override
    public String name() {
        return "config schema";
    }

    @Override
    public String summary() {
        return "Print the JSON Schema of modelgate.yaml.";
    }

    @Override
    public List<CommonOption> options() {
        return List.of();
    }

    @Override
    public int run(Invocation invocation) {
        invocation.out().print(ConfigSchema.render());
        return 0;
    }
}
