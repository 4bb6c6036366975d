package io.modelgate.invocation;

import io.modelgate.step.CommonOption;

import java.util.List;

/** {@code modelgate catalogue}: the step catalogue and the common options as JSON, what front ends are built from. */
final class CatalogueCommand implements Command {

    @Override
    public String name() {
        return "catalogue";
    }

    @Override
    public String summary() {
        return "Print the step catalogue as JSON (names, parameters, outputs, secrets, common options).";
    }

    @Override
    public List<CommonOption> options() {
        return List.of();
    }

    @Override
    public int run(Invocation invocation) {
        invocation.out().print(CatalogueJson.render());
        return 0;
    }
}
