package io.modelgate.invocation;

import io.modelgate.step.CommonOption;
import io.modelgate.step.Param;

import java.util.List;

/**
 * A sibling of the steps ({@code config validate}, {@code audit show}, {@code report}, ...): it
 * reads and prints rather than gates. It runs inside the envelope: the {@link Invocation} gives it
 * its parameters, the configuration (loaded on first use), the CI facts and the masker, and turns
 * what it throws into one line and an exit code. A new command is one class and one line in
 * {@link Commands}.
 */
public interface Command {

    /** Its words on the command line, e.g. {@code audit show}. */
    String name();

    /** One line for help texts. */
    String summary();

    /** Its own parameters; it reads them with {@link Invocation#param}. */
    default List<Param> params() {
        return List.of();
    }

    /** The common options it takes: by default where the configuration is, which environment, and debug traces. */
    default List<CommonOption> options() {
        return List.of(CommonOption.CONFIG, CommonOption.ENVIRONMENT, CommonOption.DEBUG);
    }

    /** Runs; returns the exit code. Throws {@code Fault} for what the user must fix (2) or what cannot be reached (3). */
    int run(Invocation invocation);
}
