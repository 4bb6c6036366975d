package io.modelgate.docs;

import io.modelgate.step.Param;
import io.modelgate.step.StepCatalogue;
import io.modelgate.step.StepDefinition;
import io.modelgate.step.FrontEnd;
import io.modelgate.step.StepParams;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders docs/steps/<step>.md and docs/steps/README.md from the step catalogue: what the
 * catalogue defines (parameters, outputs, secrets) is written here and nowhere by hand. The few
 * facts the catalogue does not hold — the page with the details, what a failed gate means and an
 * example call — are in {@link #GUIDES}; DocsFilesTest fails when a step has none.
 */
final class StepPages {

    /** What a page says beyond the catalogue; the example is parsed with the step's own parameter types. */
    record Guide(String details, String gateFails, Map<String, String> example, String environment, String secretVariable) {
    }

    private static final Map<String, Guide> GUIDES = Map.of(
            "unit-tests", new Guide("test-stages.md",
                    "a test failed (in every attempt), a command exited non-zero, a report could not be read, or `fail-on-empty` found no report",
                    ordered("retries", "2", "fail-on-empty", "true"), null, null),
            "integration-tests", new Guide("test-stages.md#integration-tests-jobs-then-tests-one-run-per-environment",
                    "a pipeline job failed, a test failed, a command exited non-zero, or a report could not be read",
                    ordered("fail-on-empty", "true"), "staging", "MLFLOW_STAGING_TOKEN"),
            "spark-submit", new Guide("spark.md",
                    "the job failed: the Spark driver failed (FAILED, LOST, or a non-zero exit), or the Databricks run ended FAILED",
                    ordered("job", "train", "timeout", "45m"), "staging", null),
            "validate-model", new Guide("validation.md",
                    "the candidate breaks a rule or lacks required evidence (mode `enabled`), or the promotion asked by `promote-on-pass` was refused",
                    ordered("model", "fraud-detector", "candidate", "latest", "promote-on-pass", "challenger"), "staging", "MLFLOW_STAGING_TOKEN"),
            "check-model", new Guide("check-model.md",
                    "the candidate breaks its contract: a breaking signature change, a feature table without its inputs, it does not load or "
                            + "score (an exception, a wrong number of predictions, NaN), the scoring server did not come up or answered "
                            + "otherwise, or a budget is exceeded",
                    ordered("model", "fraud-detector", "candidate", "latest"), "staging", "MLFLOW_STAGING_TOKEN"),
            "evaluate-model", new Guide("evaluation.md",
                    "a slice group regressed beyond `slice_max_regression`, a fairness gap exceeded `max_gap`, or the candidate cannot score the evaluation set",
                    ordered("model", "fraud-detector", "candidate", "latest"), "staging", "MLFLOW_STAGING_TOKEN"),
            "promote-model", new Guide("registry.md",
                    "the promotion policy refused it (branch, actor, `require_validation`, `require_check_model`), the version is not READY, or another promotion won the race",
                    ordered("model", "fraud-detector", "version", "alias:challenger", "to", "champion"), "prod", "MLFLOW_PROD_TOKEN"),
            "rollback-model", new Guide("registry.md",
                    "the promotion policy refused it, the version to restore is not READY, or another promotion won the race",
                    ordered("model", "fraud-detector", "dry-run", "true"), "prod", "MLFLOW_PROD_TOKEN"),
            "verify-registry", new Guide("registry.md#verify-registry",
                    "a governed target is held by a version no audited move put there, or that lacks the evidence its rule requires",
                    ordered("restore", "true"), "prod", "MLFLOW_PROD_TOKEN"),
            "check-data", new Guide("check-data.md",
                    "a declared check failed (schema, row count, completeness, uniqueness, range, allowed values, freshness or drift)",
                    ordered("table", "features"), "staging", null));

    private StepPages() {
    }

    /** Path (relative to docs/) to content of every generated page. */
    static Map<Path, String> render(Path docs) {
        Map<Path, String> pages = new LinkedHashMap<>();
        pages.put(docs.resolve("steps/README.md"), index());
        for (StepDefinition step : StepCatalogue.steps()) {
            pages.put(docs.resolve("steps/" + step.name() + ".md"), page(step));
        }
        return pages;
    }

    static String index() {
        StringBuilder md = new StringBuilder(header());
        md.append("# Step reference\n\n")
                .append("Every step of the catalogue (`io.modelgate.step.StepCatalogue`), callable the same way from the command line, ")
                .append("GitHub Actions and Jenkins. Options common to all steps are in [the command line](../command-line.md), ")
                .append("[GitHub Actions](../github-actions.md#inputs-and-outputs) and [Jenkins](../jenkins.md#steps).\n\n")
                .append("| step | GitHub action | Jenkins step | does |\n| --- | --- | --- | --- |\n");
        for (StepDefinition step : StepCatalogue.steps()) {
            md.append("| [`").append(step.name()).append("`](").append(step.name()).append(".md) | `actions-runner/")
                    .append(step.name()).append("` | `").append(jenkinsStep(step)).append("` | ").append(cell(step.summary())).append(" |\n");
        }
        md.append("\nExit codes, for every step: `0` passed or skipped, `1` the gate failed, `2` usage or configuration error, ")
                .append("`3` infrastructure error.\n");
        return md.toString();
    }

    static String page(StepDefinition step) {
        Guide guide = GUIDES.get(step.name());
        if (guide == null) {
            throw new IllegalStateException("step " + step.name() + " has no guide in StepPages.GUIDES: add its details page, what a failed gate means and an example");
        }
        // An example that the step itself would refuse fails the generation.
        StepParams.parse(step, guide.example(), FrontEnd.COMMAND_LINE);
        StringBuilder md = new StringBuilder(header());
        md.append("# `").append(step.name()).append("`\n\n")
                .append(step.summary()).append(".\n\n")
                .append("How it works, guarantees and limits: [").append(guide.details().replaceFirst("#.*", ""))
                .append("](../").append(guide.details()).append(").\n\n");
        parameters(md, step);
        secrets(md, step, guide);
        outputs(md, step);
        exitCodes(md, guide);
        commandLine(md, step, guide);
        actions(md, step, guide);
        jenkins(md, step, guide);
        return md.toString();
    }

    private static void parameters(StringBuilder md, StepDefinition step) {
        md.append("## Parameters\n\n")
                .append("Command line `--<name>`, action input `<name>`, Jenkins argument in camelCase. ")
                .append("Common to every step: the configuration file, the environment and the output directory ")
                .append("(`--config`, `--env`, `--output-dir`; inputs `config`, `environment`, `output-dir`; arguments `config`, `environment`, `outputDir`).\n\n")
                .append("| parameter | Jenkins | type | required | default | description |\n| --- | --- | --- | --- | --- | --- |\n");
        for (Param param : step.params()) {
            md.append("| `").append(param.name()).append("` | `").append(param.camelName()).append("` | ").append(type(param))
                    .append(" | ").append(param.required() ? "yes" : "no")
                    .append(" | ").append(param.defaultValue() == null ? "" : "`" + param.defaultValue() + "`")
                    .append(" | ").append(cell(param.doc())).append(" |\n");
        }
        md.append('\n');
    }

    private static void secrets(StringBuilder md, StepDefinition step, Guide guide) {
        md.append("## Secrets\n\n");
        if (step.secrets().isEmpty()) {
            md.append("None: this step reads no secret.");
            if (step.name().equals("unit-tests")) {
                md.append(" Its commands run with every secret variable removed from their environment.");
            }
            md.append("\n\n");
            return;
        }
        md.append("Never parameters. The step reads the environment variables that these keys of `modelgate.yaml` name ")
                .append("(in the environment in use); a key left out means no such credential:\n\n");
        for (String key : step.secrets()) {
            md.append("- `").append(key).append("`\n");
        }
        if (step.name().equals("integration-tests") || step.name().equals("spark-submit")) {
            md.append("\nThe MLflow credential is handed to the ").append(step.name().equals("spark-submit") ? "job's driver" : "test commands and jobs")
                    .append(" as `MLFLOW_TRACKING_TOKEN` (or `MLFLOW_TRACKING_USERNAME`/`MLFLOW_TRACKING_PASSWORD`); when its variable is unset, ")
                    .append("the step warns and runs without it.");
            if (step.name().equals("spark-submit")) md.append(" A Databricks job's variables must be set (else exit 2).");
            md.append("\n");
        } else {
            md.append("\nA variable named by a key that is set must be set, else exit 2.\n");
        }
        md.append("\nSet them with `env:` in GitHub Actions and `credentials:` in Jenkins (see the examples below); ")
                .append("their values are masked in everything the step prints or writes. See [security](../security.md#secrets).\n\n");
    }

    private static void outputs(StringBuilder md, StepDefinition step) {
        md.append("## Outputs\n\n")
                .append("| output | Jenkins | description |\n| --- | --- | --- |\n");
        for (Map.Entry<String, String> output : step.outputs().entrySet()) {
            md.append("| `").append(output.getKey()).append("` | `").append(camel(output.getKey())).append("` | ")
                    .append(cell(output.getValue())).append(" |\n");
        }
        md.append("\nGitHub Actions: `steps.<id>.outputs.<output>`, plus `verdict` and `report` ([inputs and outputs](../github-actions.md#inputs-and-outputs)). ")
                .append("Jenkins: the Map the step returns, keys in camelCase. Command line: `outputs` in `result.json` in the output directory.\n\n");
    }

    private static void exitCodes(StringBuilder md, Guide guide) {
        md.append("## Exit codes\n\n| code | meaning |\n| --- | --- |\n")
                .append("| 0 | passed, or skipped |\n")
                .append("| 1 | the gate failed: ").append(guide.gateFails()).append(" |\n")
                .append("| 2 | usage or configuration error: a bad parameter, a fault in `modelgate.yaml` (named by file and line), an unset secret variable |\n")
                .append("| 3 | infrastructure error, no verdict reached: a service unreachable, credentials refused, a timeout, a command not found |\n\n");
    }

    private static void commandLine(StringBuilder md, StepDefinition step, Guide guide) {
        md.append("## Command line\n\n```\nmodelgate ").append(step.name());
        for (Param param : step.params()) {
            String option = "--" + param.name() + (param.type() == Param.Type.BOOLEAN ? "" : " " + param.name().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
            md.append(param.required() ? " " + option : " [" + option + "]");
        }
        md.append(" [--env NAME] [--config PATH] [--output-dir DIR]\n```\n\nFor example:\n\n```sh\n");
        if (guide.secretVariable() != null) {
            md.append("export ").append(guide.secretVariable()).append("=...   # the variable modelgate.yaml names\n");
        }
        md.append("modelgate ").append(step.name());
        guide.example().forEach((name, value) -> md.append(" --").append(name)
                .append(step.param(name).orElseThrow().type() == Param.Type.BOOLEAN && value.equals("true") ? "" : " " + value));
        if (guide.environment() != null) md.append(" --env ").append(guide.environment());
        md.append("\n```\n\n");
    }

    private static void actions(StringBuilder md, StepDefinition step, Guide guide) {
        md.append("## GitHub Actions\n\nAfter `actions/checkout` and `OWNER/REPO/actions-runner/setup@v1` in the same job:\n\n```yaml\n")
                .append("- id: ").append(step.name().replace("-", "_")).append('\n')
                .append("  uses: OWNER/REPO/actions-runner/").append(step.name()).append("@v1\n");
        if (!guide.example().isEmpty() || guide.environment() != null) {
            md.append("  with:\n");
            guide.example().forEach((name, value) -> md.append("    ").append(name).append(": ").append(value).append('\n'));
            if (guide.environment() != null) md.append("    environment: ").append(guide.environment()).append('\n');
        }
        if (guide.secretVariable() != null) {
            md.append("  env:\n    ").append(guide.secretVariable()).append(": ${{ secrets.").append(guide.secretVariable())
                    .append(" }}   # the variable modelgate.yaml names\n");
        }
        md.append("```\n\n");
    }

    private static void jenkins(StringBuilder md, StepDefinition step, Guide guide) {
        md.append("## Jenkins\n\nWith the shared library loaded (`@Library('modelgate') _`), in `steps {}`:\n\n```groovy\n")
                .append(jenkinsStep(step)).append('(');
        List<String> args = new java.util.ArrayList<>();
        guide.example().forEach((name, value) -> {
            Param param = step.param(name).orElseThrow();
            boolean literal = param.type() == Param.Type.BOOLEAN || param.type() == Param.Type.INTEGER;
            args.add(param.camelName() + ": " + (literal ? value : "'" + value + "'"));
        });
        if (guide.environment() != null) args.add("environment: '" + guide.environment() + "'");
        if (guide.secretVariable() != null) {
            args.add("credentials: [" + guide.secretVariable() + ": '" + guide.secretVariable().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + "']");
        }
        md.append(String.join(", ", args)).append(")\n```\n\n");
        if (guide.secretVariable() != null) md.append("`credentials:` maps each variable to a Jenkins secret-text credentials id. ");
        md.append("Exit 1 fails the build, or marks it UNSTABLE with `unstableOnFailure: true`; 2 and 3 fail it ")
                .append("([Jenkins](../jenkins.md#steps)). `githubCredentials: 'github-token'` also publishes the check run and the sticky ")
                .append("comment on GitHub ([from Jenkins](../jenkins.md#github-check-runs-and-the-sticky-comment-from-jenkins)).\n");
    }

    static String jenkinsStep(StepDefinition step) {
        String camel = camel(step.name());
        return "modelgate" + Character.toUpperCase(camel.charAt(0)) + camel.substring(1);
    }

    /** Outputs are named like parameters; Jenkins returns them in the same camelCase. */
    private static String camel(String kebab) {
        return new Param(kebab, Param.Type.STRING, null, false, "", List.of()).camelName();
    }

    private static String type(Param param) {
        return switch (param.type()) {
            case STRING -> "string";
            case INTEGER -> "integer, " + param.min() + " to " + param.max();
            case BOOLEAN -> "boolean";
            case DURATION -> "duration (`90s`, `10m`, `1h30m`), " + param.min() + " to " + param.max();
            case CHOICE -> "one of " + param.choices().stream().map(c -> "`" + c + "`").collect(Collectors.joining(", "));
        };
    }

    static String header() {
        return "<!-- Generated by io.modelgate.docs (DocsFilesTest): do not edit. Regenerate with: " + io.modelgate.testbed.GeneratedFiles.REGENERATE + " -->\n\n";
    }

    /** Markdown table cells: pipes and angle brackets would end the cell or vanish as HTML. */
    static String cell(String text) {
        return text.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static Map<String, String> ordered(String... namesAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) map.put(namesAndValues[i], namesAndValues[i + 1]);
        return map;
    }
}
