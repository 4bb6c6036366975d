package io.modelgate.invocation;

import io.modelgate.fault.Fault;
import io.modelgate.github.GitHubReport;
import io.modelgate.github.GitHubTarget;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A request to publish a step's result on GitHub (check run or commit status, and the sticky
 * comment on a pull request), made by the front end that holds a token; {@link StepRunner} starts
 * the check before the step runs and finishes it with the result. A failure to publish is a
 * warning and never changes the verdict.
 *
 * @param target where to publish, read when the step starts; a {@link Fault} says what is missing
 * @param warn   how the front end shows a warning
 */
public record Publication(Supplier<GitHubTarget> target, Consumer<String> warn) {

    /** Starts the check; null when there is nowhere to publish. */
    GitHubReport start(String step, String model, String detailsUrl, io.modelgate.secret.SecretMasker masker) {
        GitHubTarget where;
        try {
            where = target.get();
        } catch (Fault e) {
            warn.accept(masker.mask(e.getMessage()) + "; nothing published");
            return null;
        }
        return GitHubReport.start(where, step, model, detailsUrl, masker, warn);
    }
}
