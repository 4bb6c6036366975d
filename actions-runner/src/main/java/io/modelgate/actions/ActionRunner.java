package io.modelgate.actions;

import io.modelgate.ci.WorkflowCommands;
import io.modelgate.fault.Fault;
import io.modelgate.github.GitHubEvent;
import io.modelgate.github.GitHubTarget;
import io.modelgate.invocation.Invocation;
import io.modelgate.invocation.Publication;
import io.modelgate.invocation.StepRunner;
import io.modelgate.report.MarkdownReport;
import io.modelgate.report.TextReport;
import io.modelgate.secret.SecretMasker;
import io.modelgate.step.CommonOption;
import io.modelgate.step.FrontEnd;
import io.modelgate.step.Param;
import io.modelgate.step.StepCatalogue;
import io.modelgate.step.StepDefinition;
import io.modelgate.step.StepParams;
import io.modelgate.step.StepResult;
import io.modelgate.step.Verdict;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One action run: reads the step and its inputs from the Actions environment (the common ones as
 * {@link CommonOption} declares them), runs the step through the core's envelope
 * ({@link Invocation}, {@link StepRunner}), and turns the result into Actions conventions (outputs,
 * job summary, annotations, exit code) and GitHub's (check run or status, sticky PR comment).
 * It decides nothing itself: the verdict and exit code are the core's.
 */
public final class ActionRunner {

    /** Outputs every step's action has besides the step's own outputs. */
    public static final Map<String, String> COMMON_OUTPUTS = commonOutputs();
    /** GitHub shows at most this many annotations of each level per step. */
    static final int ANNOTATIONS_SHOWN_PER_LEVEL = 10;

    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;
    private final Path workDir;
    private final ActionsCore core;
    private final Set<String> masked = new HashSet<>();
    /** The token that resumes workflow commands while the step's own output runs; null otherwise. */
    private String stoppedBy;
    private final List<String> heldWarnings = new ArrayList<>();
    /** Every secret known so far: the environment's well-known ones, then those the config names. */
    private SecretMasker masker;

    public ActionRunner(Map<String, String> env, PrintStream out, PrintStream err, Path workDir) {
        this.env = env;
        this.out = out;
        this.err = err;
        this.workDir = workDir;
        this.core = new ActionsCore(env, out);
    }

    private static Map<String, String> commonOutputs() {
        Map<String, String> outputs = new LinkedHashMap<>();
        outputs.put("verdict", "PASSED, FAILED, ERROR or SKIPPED");
        outputs.put("report", "Path of the Markdown report (result.md)");
        return java.util.Collections.unmodifiableMap(outputs);
    }

    public int run(String... args) {
        // Register every secret the environment holds before anything else reaches the log.
        // The token input is a secret too, whichever way it arrives.
        masker = SecretMasker.of(env, List.of(ActionsCore.inputVariable(CommonOption.GITHUB_TOKEN.action())));
        addMasks(masker);
        for (String file : List.of("GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY")) {
            if (env.getOrDefault(file, "").isEmpty()) {
                core.annotate("error", null, null, "modelgate", file + " is not set: modelgate-actions.jar runs inside a GitHub Actions job; use modelgate.jar elsewhere");
                return 2;
            }
        }
        String stepName = args.length > 0 ? args[0] : core.input("step");
        Optional<StepDefinition> found = StepCatalogue.find(stepName);
        if (found.isEmpty()) {
            core.annotate("error", null, null, "modelgate", masker.mask("unknown step \"" + stepName + "\" (known: "
                    + String.join(", ", StepCatalogue.steps().stream().map(StepDefinition::name).toList()) + ")"));
            return 2;
        }
        StepDefinition definition = found.get();
        Invocation invocation;
        GitHubEvent event;
        boolean publish;
        try {
            Path workspace = Path.of(env.getOrDefault("GITHUB_WORKSPACE", workDir.toString()));
            invocation = new Invocation(env, new Invocation.Options(FrontEnd.ACTIONS, workspace,
                    workspace.resolve(input(CommonOption.CONFIG)),
                    input(CommonOption.ENVIRONMENT),
                    workspace.resolve(input(CommonOption.OUTPUT_DIR)),
                    "1".equals(env.get("RUNNER_DEBUG")), false, false), Map.of(), out, err)
                    .alsoMask(List.of(ActionsCore.inputVariable(CommonOption.GITHUB_TOKEN.action())));
            publish = core.booleanInput(CommonOption.PUBLISH.action(), Boolean.parseBoolean(CommonOption.PUBLISH.defaultValue()));
            event = GitHubEvent.read(env);
        } catch (Fault e) {
            core.annotate("error", null, null, "modelgate " + stepName, masker.mask(e.getMessage()));
            return e.kind().exitCode;
        }

        Optional<String> untrusted = event.untrustedReason();
        List<String> notes = new ArrayList<>();
        Path outputDir = invocation.options().outputDir();
        if (untrusted.isPresent() && !definition.secrets().isEmpty()) {
            return report(skipped(invocation, definition, untrusted.get()), masker, outputDir, notes);
        }
        Publication publication = null;
        if (untrusted.isPresent()) {
            notes.add("Nothing published to GitHub: " + untrusted.get() + " runs with a read-only token.");
        } else if (publish && event.sha() != null) {
            publication = publication(event, notes);
        }
        // The config names the secrets: mask them first, then open the step's log group, then stop
        // workflow commands for the step's own output (a test may print "::error::" or "::add-mask::").
        invocation.onSecretsKnown(secrets -> {
            addMasks(secrets);
            core.startGroup("modelgate " + definition.name());
            stoppedBy = WorkflowCommands.stop(out);
        });
        StepRunner.Outcome outcome = StepRunner.run(invocation, definition, () -> params(definition), publication);
        if (stoppedBy != null) {
            WorkflowCommands.resume(out, stoppedBy);
            stoppedBy = null;
            core.endGroup();
        }
        masker = outcome.masker().and(masker);
        // Warnings said while commands were stopped, as annotations now.
        heldWarnings.forEach(message -> warn(masker, message));
        if (outcome.reportError() != null) warn(masker, outcome.reportError());
        return report(outcome.result(), masker, outputDir, notes);
    }

    /** An input as given, else the common option's default. */
    private String input(CommonOption option) {
        String value = core.input(option.action());
        return value.isEmpty() ? option.defaultValue() : value;
    }

    /**
     * The result in Actions conventions: the text report in the log, annotations (ten per level,
     * the rest in the summary), outputs, and the job summary. Returns the core's exit code.
     */
    int report(StepResult result, SecretMasker masker, Path outputDir, List<String> notes) {
        String stopped = WorkflowCommands.stop(out);
        out.print(masker.mask(TextReport.render(result)));
        WorkflowCommands.resume(out, stopped);
        if (result.verdict() == Verdict.ERROR) {
            core.annotate("error", null, null, "modelgate " + result.step(), masker.mask(result.headline()));
        }
        List<StepResult.Annotation> hidden = annotate(result, masker);
        for (Map.Entry<String, String> output : result.outputs().entrySet()) {
            core.setOutput(output.getKey(), masker.mask(output.getValue()));
        }
        core.setOutput("verdict", result.verdict().name());
        core.setOutput("report", outputDir.resolve("result.md").toString());
        core.appendSummary(summary(masker.mask(MarkdownReport.render(result)), hidden, notes, masker),
                "> **Note:** the summary was cut at GitHub's 1 MiB limit; the full report is " + outputDir.resolve("result.md") + ".");
        return result.exitCode();
    }

    /** Publishing the check and comment with the job's token; null, noted in the summary, when there is none. */
    private Publication publication(GitHubEvent event, List<String> notes) {
        String token = core.input(CommonOption.GITHUB_TOKEN.action());
        token = token.isEmpty() ? env.getOrDefault("GITHUB_TOKEN", "") : token;
        if (token.isEmpty()) {
            notes.add("Nothing published to GitHub: no token (set the " + CommonOption.GITHUB_TOKEN.action() + " input or GITHUB_TOKEN).");
            return null;
        }
        String found = token;
        // Warnings come after the step too: mask them with every secret known by then.
        // While the step's output runs with commands stopped, a warning waits to be an annotation.
        return new Publication(() -> GitHubTarget.fromActions(env, event, found),
                message -> {
                    if (stoppedBy != null) heldWarnings.add(message);
                    else warn(this.masker, message);
                });    }

    /** A fork or Dependabot run gets no secrets and a read-only token: a step that needs secrets is skipped, saying why. */
    private StepResult skipped(Invocation invocation, StepDefinition definition, String reason) {
        StepResult result = StepResult.builder(definition.name(), Verdict.SKIPPED, "skipped on " + reason
                + ": this step needs secrets, which GitHub does not give to such runs; run it from a trusted workflow_run relay (see docs/github-actions.md)").build();
        StepRunner.Outcome outcome = StepRunner.written(invocation, result);
        if (outcome.reportError() != null) warn(masker, outcome.reportError());
        return outcome.result();
    }

    /** The step's parameters: the JSON document of the params input, then each input set one by one. */
    private Map<String, ?> params(StepDefinition definition) {
        Map<String, Object> raw = new LinkedHashMap<>();
        String document = core.input(CommonOption.PARAMS.action());
        if (!document.isEmpty()) {
            raw.putAll(StepParams.fromJson(definition, "input " + CommonOption.PARAMS.action(), document));
        }
        for (Param param : definition.params()) {
            String value = core.input(param.name());
            if (!value.isEmpty()) raw.put(param.name(), value);
        }
        return raw;
    }

    /** Prints the first ten annotations of each level as workflow commands; returns the rest for the summary. */
    private List<StepResult.Annotation> annotate(StepResult result, SecretMasker masker) {
        Map<StepResult.Annotation.Level, Integer> shown = new EnumMap<>(StepResult.Annotation.Level.class);
        List<StepResult.Annotation> hidden = new ArrayList<>();
        for (StepResult.Annotation a : result.annotations()) {
            int count = shown.merge(a.level(), 1, Integer::sum);
            if (count > ANNOTATIONS_SHOWN_PER_LEVEL) {
                hidden.add(a);
            } else {
                core.annotate(a.level().name().toLowerCase(), a.file(), a.line(), a.title() == null ? null : masker.mask(a.title()), masker.mask(a.message()));
            }
        }
        return hidden;
    }

    private static String summary(String markdown, List<StepResult.Annotation> hidden, List<String> notes, SecretMasker masker) {
        StringBuilder summary = new StringBuilder(markdown);
        if (!hidden.isEmpty()) {
            summary.append("\n<details><summary>").append(hidden.size())
                    .append(" more annotations (GitHub shows ").append(ANNOTATIONS_SHOWN_PER_LEVEL).append(" per level)</summary>\n\n");
            for (StepResult.Annotation a : hidden) {
                summary.append("- ").append(MarkdownReport.annotation(a.masked(masker))).append('\n');
            }
            summary.append("\n</details>\n");
        }
        for (String note : notes) summary.append("\n> ").append(note).append('\n');
        return summary.toString();
    }

    private void warn(SecretMasker masker, String message) {
        core.annotate("warning", null, null, "modelgate", masker.mask(message));
    }

    private void addMasks(SecretMasker masker) {
        masker.values().forEach(this::addMask);
    }

    private void addMask(String secret) {
        if (masked.add(secret)) core.addMask(secret);
    }
}
