package io.modelgate.actions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a workflow template must respect, read from its YAML: the suite's actions called as their
 * action.yml files define them, secrets only through step env under the variable modelgate.yaml
 * names, prod promotions behind an environment, staging jobs in the shared concurrency group, and
 * permissions no wider than the job's steps need. {@link #findings} lists each breach in one line.
 */
final class WorkflowRules {

    static final String SUITE_ACTION = "OWNER/REPO/actions-runner/";
    static final String STAGING_GROUP = "modelgate-staging";
    private static final Pattern CHECKOUT = Pattern.compile("actions/checkout@[0-9a-f]{40}");
    private static final Pattern SECRET = Pattern.compile("\\$\\{\\{ secrets\\.([A-Za-z0-9_]+) }}");
    private static final Pattern LOCAL_WORKFLOW = Pattern.compile("\\./\\.github/workflows/([a-z0-9-]+\\.yml)");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** action name → its inputs (name → required without default) */
    private final Map<String, Map<String, Boolean>> actions = new HashMap<>();
    /** environment name → the variable its MLflow token comes from */
    private final Map<String, String> tokenVariables = new HashMap<>();
    /** template file name → its workflow, for local reusable workflow calls */
    private final Map<String, JsonNode> workflows;

    /**
     * @param actionsDir the folder holding one folder per action (actions-runner)
     * @param config     the modelgate.yaml whose token_env names the secrets' variables
     * @param workflows  every template by file name
     */
    WorkflowRules(Path actionsDir, Path config, Map<String, JsonNode> workflows) throws IOException {
        try (var dirs = Files.list(actionsDir)) {
            for (Path dir : dirs.filter(d -> Files.exists(d.resolve("action.yml"))).toList()) {
                Map<String, Boolean> inputs = new HashMap<>();
                read(dir.resolve("action.yml")).path("inputs").fields().forEachRemaining(input ->
                        inputs.put(input.getKey(), input.getValue().path("required").asBoolean() && !input.getValue().has("default")));
                actions.put(dir.getFileName().toString(), inputs);
            }
        }
        read(config).path("environments").fields().forEachRemaining(environment -> {
            JsonNode token = environment.getValue().at("/mlflow/token_env");
            if (token.isTextual()) tokenVariables.put(environment.getKey(), token.asText());
        });
        this.workflows = workflows;
    }

    static JsonNode read(Path yaml) throws IOException {
        return YAML.readTree(yaml.toFile());
    }

    static JsonNode parse(String yaml) throws IOException {
        return YAML.readTree(yaml);
    }

    /** Every breach in the workflow, as "file: job: what". */
    List<String> findings(String file, JsonNode workflow) {
        List<String> findings = new ArrayList<>();
        if (!workflow.path("permissions").equals(YAML.createObjectNode().put("contents", "read"))) {
            findings.add(file + ": the workflow's permissions must be { contents: read }; jobs widen them as they need");
        }
        boolean pullRequest = workflow.path("on").has("pull_request");
        for (Iterator<Map.Entry<String, JsonNode>> jobs = workflow.path("jobs").fields(); jobs.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = jobs.next();
            job(file + ": " + entry.getKey(), entry.getValue(), pullRequest, workflow.at("/concurrency/group").asText(""), findings);
        }
        secretsOutsideStepEnv(file, "", workflow, findings);
        return findings;
    }

    private void job(String where, JsonNode job, boolean pullRequest, String workflowGroup, List<String> findings) {
        JsonNode permissions = job.path("permissions");
        boolean publishes = false;
        boolean dispatches = false;
        boolean movesProdChampion = false;
        boolean usesProd = false;
        boolean touchesStaging = false;
        for (JsonNode step : job.path("steps")) {
            String uses = step.path("uses").asText("");
            String environment = step.at("/with/environment").asText("");
            usesProd |= environment.equals("prod");
            touchesStaging |= environment.equals("staging");
            dispatches |= step.path("run").asText("").contains("gh workflow run");
            if (uses.startsWith(SUITE_ACTION)) {
                String action = suiteAction(where, uses, step, findings);
                publishes |= action != null && !action.equals("setup") && !step.at("/with/publish").asText("true").equals("false");
                movesProdChampion |= environment.equals("prod") && movesChampion(action, step.path("with"));
            } else if (uses.startsWith("actions/checkout") && !CHECKOUT.matcher(uses).matches()) {
                findings.add(where + ": pin " + uses + " by its commit SHA");
            } else if (!uses.isEmpty() && !uses.startsWith("actions/checkout")) {
                findings.add(where + ": " + uses + " is neither a suite action nor actions/checkout");
            }
            stepSecrets(where, step, environment, findings);
        }
        String called = job.path("uses").asText("");
        if (!called.isEmpty()) {
            calledWorkflow(where, called, permissions, workflowGroup, findings);
        }
        String environment = job.path("environment").isObject() ? job.at("/environment/name").asText("") : job.path("environment").asText("");
        if (movesProdChampion && !environment.equals("prod")) {
            findings.add(where + ": moves the prod champion without environment: prod (its required reviewers)");
        }
        if (usesProd && !environment.startsWith("prod")) {
            findings.add(where + ": works in prod without a prod environment (which holds the prod secret and limits the branches)");
        }
        if (touchesStaging && !job.at("/concurrency/group").asText("").equals(STAGING_GROUP)) {
            findings.add(where + ": touches staging outside the concurrency group " + STAGING_GROUP);
        }
        if (touchesStaging && job.at("/concurrency/cancel-in-progress").asBoolean(false)) {
            findings.add(where + ": must not cancel another run's job in staging (cancel-in-progress: false)");
        }
        if (called.isEmpty()) {
            for (String scope : List.of("checks", "statuses")) {
                if (permissions.path(scope).asText("").equals("write") != publishes) {
                    findings.add(where + (publishes ? ": publishes without " : ": does not publish but grants ") + scope + ": write");
                }
            }
            if (permissions.path("actions").asText("").equals("write") != dispatches) {
                findings.add(where + (dispatches ? ": dispatches a workflow without" : ": grants") + " actions: write" + (dispatches ? "" : " without dispatching a workflow"));
            }
        }
        if (permissions.path("pull-requests").asText("").equals("write") && !(pullRequest && publishes)) {
            findings.add(where + ": pull-requests: write outside a pull request job that publishes");
        }
    }

    /** Checks a suite action's step against its action.yml; returns the action's name, null if unknown. */
    private String suiteAction(String where, String uses, JsonNode step, List<String> findings) {
        String ref = uses.substring(SUITE_ACTION.length());
        if (!ref.endsWith("@v1")) {
            findings.add(where + ": " + uses + " must use the major tag @v1");
            return null;
        }
        String name = ref.substring(0, ref.length() - 3);
        Map<String, Boolean> inputs = actions.get(name);
        if (inputs == null) {
            findings.add(where + ": " + uses + " names no action (no actions-runner/" + name + "/action.yml)");
            return null;
        }
        for (Iterator<String> keys = step.path("with").fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!inputs.containsKey(key)) findings.add(where + ": " + name + " has no input " + key);
        }
        inputs.forEach((input, required) -> {
            if (required && !step.path("with").has(input)) findings.add(where + ": " + name + " needs the input " + input);
        });
        return name;
    }

    private static boolean movesChampion(String action, JsonNode with) {
        if (action == null) return false;
        return switch (action) {
            case "promote-model" -> with.path("to").asText("").equalsIgnoreCase("champion") || with.path("to").asText("").equalsIgnoreCase("production");
            case "rollback-model" -> !with.path("dry-run").asText("false").equals("true");
            case "validate-model" -> with.path("promote-on-pass").asText("").equalsIgnoreCase("champion")
                    || with.path("promote-on-pass").asText("").equalsIgnoreCase("production");
            default -> false;
        };
    }

    /** A step's secrets: each in its env, under the variable modelgate.yaml names for the step's environment. */
    private void stepSecrets(String where, JsonNode step, String environment, List<String> findings) {
        for (Iterator<Map.Entry<String, JsonNode>> env = step.path("env").fields(); env.hasNext(); ) {
            Map.Entry<String, JsonNode> variable = env.next();
            Matcher secret = SECRET.matcher(variable.getValue().asText(""));
            if (!secret.matches()) continue;
            String expected = tokenVariables.get(environment);
            if (!variable.getKey().equals(expected) || !secret.group(1).equals(expected)) {
                findings.add(where + ": secret " + secret.group(1) + " in " + variable.getKey() + ", but modelgate.yaml names "
                        + expected + " for environment '" + environment + "'");
            }
        }
    }

    /** Any secrets.* that is not the whole value of a step's env variable. */
    private static void secretsOutsideStepEnv(String file, String path, JsonNode node, List<String> findings) {
        if (node.isTextual() && node.asText().contains("secrets.")
                && !(path.matches("/jobs/[^/]+/steps/\\d+/env/[^/]+") && SECRET.matcher(node.asText()).matches())) {
            findings.add(file + ": " + path + ": secrets only as a step's env value, never in scripts, inputs or job env");
        }
        if (node.isObject()) node.fields().forEachRemaining(field -> secretsOutsideStepEnv(file, path + "/" + field.getKey(), field.getValue(), findings));
        if (node.isArray()) for (int i = 0; i < node.size(); i++) secretsOutsideStepEnv(file, path + "/" + i, node.get(i), findings);
    }

    /** A local reusable workflow: it exists, and the calling job grants what each of its jobs asks. */
    private void calledWorkflow(String where, String called, JsonNode granted, String callerGroup, List<String> findings) {
        Matcher local = LOCAL_WORKFLOW.matcher(called);
        JsonNode workflow = local.matches() ? workflows.get(local.group(1)) : null;
        if (workflow == null) {
            findings.add(where + ": calls " + called + ", which is not one of the templates");
            return;
        }
        if (!workflow.path("on").has("workflow_call")) {
            findings.add(where + ": " + called + " has no workflow_call trigger");
        }
        workflow.path("jobs").fields().forEachRemaining(job -> job.getValue().path("permissions").fields().forEachRemaining(scope -> {
            if (scope.getValue().asText().equals("write") && !granted.path(scope.getKey()).asText("").equals("write")) {
                findings.add(where + ": " + called + " job " + job.getKey() + " asks " + scope.getKey() + ": write, which this job does not grant");
            }
        }));
        if (!callerGroup.isEmpty() && callerGroup.equals(workflow.at("/concurrency/group").asText(""))) {
            findings.add(where + ": caller and " + called + " share a concurrency group: GitHub cancels that as a deadlock");
        }
    }
}
