package io.modelgate.webhook;

import io.modelgate.config.StepCallConfig;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A {@code steps} route: ModelGate as the CD system. The route's steps run in order for the
 * event's version, each recorded in the journal; the first that does not pass ends the run.
 * A gate that fails (exit 1) is a result, not a delivery fault; an infrastructure error (exit 3)
 * is tried again from the first step (the steps converge when run again); a usage error (exit 2)
 * is a dead letter.
 */
final class StepsTarget implements Target {

    private final String route;
    private final List<StepCallConfig> steps;
    private final StepLauncher launcher;
    private final Journal journal;
    private final Path runsDir;
    private final Map<String, String> extra;
    private final Consumer<String> log;
    private final Clock clock;

    StepsTarget(String route, List<StepCallConfig> steps, StepLauncher launcher, Journal journal, Path runsDir,
                Map<String, String> extra, Consumer<String> log, Clock clock) {
        this.route = route;
        this.steps = steps;
        this.launcher = launcher;
        this.journal = journal;
        this.runsDir = runsDir;
        this.extra = extra;
        this.log = log;
        this.clock = clock;
    }

    @Override
    public Outcome forward(Forward forward) {
        RegistryEvent event = forward.event();
        Map<String, String> values = new LinkedHashMap<>(event.placeholders());
        values.putAll(extra);
        StringBuilder done = new StringBuilder();
        for (int i = 0; i < steps.size(); i++) {
            StepCallConfig call = steps.get(i);
            Path outputDir = runsDir.resolve(forward.id() + "-" + forward.attempt()).resolve((i + 1) + "-" + call.step());
            Instant started = clock.instant();
            StepLauncher.Result result = launcher.run(call.step(), Routes.fill(call.params(), values), outputDir);
            journal.recordStepRun(new StepRun(forward.id(), event.deliveryId(), route, event.model(), event.version(), call.step(),
                    result.verdict(), result.exitCode(), result.headline(), started, clock.instant(), outputDir.toString()));
            log.accept("steps: " + route + ": " + event.model() + " v" + event.version() + ": " + call.step() + " " + result.verdict()
                    + ": " + result.headline());
            done.append(done.isEmpty() ? "" : ", ").append(call.step()).append(' ').append(result.verdict());
            switch (result.exitCode()) {
                case 0 -> { }
                case 1 -> {
                    return Outcome.delivered(done + " (the run ends at the failed gate)");
                }
                case 2 -> {
                    return Outcome.refused(call.step() + ": " + result.headline());
                }
                default -> {
                    return Outcome.retry(call.step() + ": " + result.headline());
                }
            }
        }
        return Outcome.delivered(done.toString());
    }
}
