package io.modelgate.actions;

import io.modelgate.ci.WorkflowCommands;
import io.modelgate.github.GitHubEvent;
import io.modelgate.github.GitHubReport;
import io.modelgate.github.GitHubTarget;
import io.modelgate.report.MarkdownReport;
import io.modelgate.report.ReportWriter;
import io.modelgate.report.TextReport;
import io.modelgate.secret.SecretMasker;
import io.modelgate.step.Param;
import io.modelgate.step.StepCatalogue;
import io.modelgate.step.StepDefinition;
import io.modelgate.fault.Fault;
import io.modelgate.step.StepParams;
import io.modelgate.step.StepResult;
import io.modelgate.invocation.StepRunner;
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
 * One action run: reads the step and its inputs from the Actions environment, runs the step
 * through the core's {@link StepRunner}, and turns the result into Actions conventions (outputs,
 * job summary, annotations, exit code) and GitHub's (check run or status, sticky PR comment).
 * It decides nothing itself: the verdict and exit code are the core's.
 */
public final class ActionRunner {

    /** Inputs every step's action has besides the step's own parameters. */
    public static final Map<String, String> COMMON_INPUTS = commonInputs();
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
    /** Every secret known so far: the environment's well-known ones, then those the config names. */
    private SecretMasker masker;

    public ActionRunner(Map<String, String> env, PrintStream out, PrintStream err, Path workDir) {
        this.env = env;
        this.out = out;
        this.err = err;
        this.workDir = workDir;
        this.core = new ActionsCore(env, out);
    }

    private static Map<String, String> commonInputs() {
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put("config", "Path of modelgate.yaml, relative to the workspace (default: modelgate.yaml)");
        inputs.put("environment", "Environment to use (default: derived from the branch)");
        inputs.put("output-dir", "Where result.json, result.md and the JUnit XML go (default: build/modelgate)");
        inputs.put("params", "JSON object of step parameters; inputs given one by one win");
        inputs.put("publish", "Publish a check run (or commit status) and the sticky PR comment: true or false (default: true)");
        inputs.put("github-token", "Token for check runs, statuses and PR comments (default: the job's GITHUB_TOKEN)");
        return java.util.Collections.unmodifiableMap(inputs);
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
        masker = SecretMasker.of(env, List.of(ActionsCore.inputVariable("github-token")));
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
        StepRunner.Options options;
        GitHubEvent event;
        boolean publish;
        try {
            Path workspace = Path.of(env.getOrDefault("GITHUB_WORKSPACE", workDir.toString()));
            options = new StepRunner.Options(
                    workspace.resolve(orDefault(core.input("config"), "modelgate.yaml")),
                    core.input("environment").isEmpty() ? null : core.input("environment"),
                    workspace.resolve(orDefault(core.input("output-dir"), "build/modelgate")),
                    "1".equals(env.get("RUNNER_DEBUG")));
            publish = core.booleanInput("publish", true);
            event = GitHubEvent.read(env);
        } catch (Fault e) {
            core.annotate("error", null, null, "modelgate " + stepName, masker.mask(e.getMessage()));
            return e.kind().exitCode;
        }

        String model = model(definition);
        Optional<String> untrusted = event.untrustedReason();
        List<String> notes = new ArrayList<>();
        String runUrl = runUrl();
        if (untrusted.isPresent() && !definition.secrets().isEmpty()) {
            return report(skipped(definition, untrusted.get(), options, masker), masker, options.outputDir(), notes);
        }
        GitHubReport publishing = null;
        if (untrusted.isPresent()) {
            notes.add("Nothing published to GitHub: " + untrusted.get() + " runs with a read-only token.");
        } else if (publish && event.sha() != null) {
            publishing = startCheck(event, definition.name(), model, runUrl, notes, masker);
        }
        String[] stopped = {null};
        // The config names the secrets: mask them first, then open the step's log group, then stop
        // workflow commands for the step's own output (a test may print "::error::" or "::add-mask::").
        StepRunner.Outcome outcome = new StepRunner(env, out, err).run(definition, () -> params(definition), options, secrets -> {
            addMasks(secrets);
            core.startGroup("modelgate " + definition.name());
            stopped[0] = WorkflowCommands.stop(out);
        });
        if (stopped[0] != null) {
            WorkflowCommands.resume(out, stopped[0]);
            core.endGroup();
        }
        masker = outcome.masker().and(masker);
        StepResult result = outcome.result();
        if (outcome.reportError() != null) warn(masker, outcome.reportError());
        if (publishing != null) {
            publishing.finish(result, masker);
        }
        return report(result, masker, options.outputDir(), notes);
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

    /** Starts the check before the step runs; null when there is no token or GitHub cannot be reached. */
    private GitHubReport startCheck(GitHubEvent event, String step, String model, String runUrl, List<String> notes, SecretMasker masker) {
        String token = orDefault(core.input("github-token"), env.getOrDefault("GITHUB_TOKEN", ""));
        if (token.isEmpty()) {
            notes.add("Nothing published to GitHub: no token (set the github-token input or GITHUB_TOKEN).");
            return null;
        }
        GitHubTarget target;
        try {
            target = GitHubTarget.fromActions(env, event, token);
        } catch (Fault e) {
            warn(masker, e.getMessage());
            return null;
        }
        // Warnings come after the step too: mask them with every secret known by then.
        return GitHubReport.start(target, step, model, runUrl, masker, message -> warn(this.masker, message));
    }

    /** A fork or Dependabot run gets no secrets and a read-only token: a step that needs secrets is skipped, saying why. */
    private StepResult skipped(StepDefinition definition, String reason, StepRunner.Options options, SecretMasker masker) {
        StepResult result = StepResult.builder(definition.name(), Verdict.SKIPPED, "skipped on " + reason
                + ": this step needs secrets, which GitHub does not give to such runs; run it from a trusted workflow_run relay (see docs/github-actions.md)").build();
        try {
            return ReportWriter.write(result, options.outputDir(), masker);
        } catch (Fault e) {
            warn(masker, e.getMessage());
            return result;
        }
    }

    /** The step's parameters: the JSON document of the params input, then each input set one by one. */
    private Map<String, ?> params(StepDefinition definition) {
        Map<String, Object> raw = new LinkedHashMap<>();
        String document = core.input("params");
        if (!document.isEmpty()) {
            raw.putAll(StepParams.fromJson(definition, "input params", document));
        }
        for (Param param : definition.params()) {
            String value = core.input(param.name());
            if (!value.isEmpty()) raw.put(param.name(), value);
        }
        return raw;
    }

    /** The model the step is about, for the check's and the comment's names; null when none or not readable. */
    private String model(StepDefinition definition) {
        if (definition.param("model").isEmpty()) return null;
        try {
            Object value = params(definition).get("model");
            return value == null || value.toString().isBlank() ? null : value.toString().trim();
        } catch (Fault e) {
            return null; // the step run reports the bad params document
        }
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

    private String runUrl() {
        String server = env.get("GITHUB_SERVER_URL");
        String repository = env.get("GITHUB_REPOSITORY");
        String runId = env.get("GITHUB_RUN_ID");
        return server == null || repository == null || runId == null ? null : server + "/" + repository + "/actions/runs/" + runId;
    }

    private static String orDefault(String value, String fallback) {
        return value.isEmpty() ? fallback : value;
    }
}
