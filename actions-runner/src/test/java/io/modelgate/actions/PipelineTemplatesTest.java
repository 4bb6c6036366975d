package io.modelgate.actions;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The GitHub workflow templates (pipeline-templates/github) call the suite's actions as their
 * action.yml files define them and keep the reference architecture's rules ({@link WorkflowRules});
 * actionlint checks the rest ({@link PipelineTemplatesLintTest}).
 */
class PipelineTemplatesTest {

    static final Path ROOT = Path.of(System.getProperty("modelgate.actions.dir", ".")).toAbsolutePath().normalize().getParent();
    static final Path TEMPLATES = ROOT.resolve("pipeline-templates").resolve("github");
    /** The sample project whose modelgate.yaml the templates are written for. */
    static final Path CONFIG = ROOT.resolve("test-projects").resolve("fraud-detection").resolve("modelgate.yaml");

    private final Map<String, JsonNode> workflows = new TreeMap<>();
    private WorkflowRules rules;

    @BeforeEach
    void read() throws Exception {
        try (var files = Files.list(TEMPLATES)) {
            for (Path file : files.toList()) workflows.put(file.getFileName().toString(), WorkflowRules.read(file));
        }
        rules = new WorkflowRules(ROOT.resolve("actions-runner"), CONFIG, workflows);
    }

    @Test
    void oneTemplatePerFlow() {
        assertEquals(List.of("merge-to-main.yml", "monitoring-retraining.yml", "pull-request.yml", "registry-event.yml",
                "release.yml", "rollback.yml", "scheduled-retraining.yml", "verify-registry.yml"), List.copyOf(workflows.keySet()));
    }

    @Test
    void everyTemplateKeepsTheRules() {
        List<String> findings = new ArrayList<>();
        workflows.forEach((file, workflow) -> findings.addAll(rules.findings(file, workflow)));
        assertEquals(List.of(), findings);
    }

    @Test
    void theRulesCatchEachBreach() throws Exception {
        JsonNode broken = WorkflowRules.parse("""
                on: { push: { branches: [main] } }
                permissions: { contents: write }
                jobs:
                  staging:
                    runs-on: ubuntu-latest
                    permissions: { contents: read, pull-requests: write }
                    env: { TOKEN: "${{ secrets.MLFLOW_STAGING_TOKEN }}" }
                    steps:
                      - uses: actions/checkout@v4
                      - uses: OWNER/REPO/actions-runner/setup@v1
                      - uses: OWNER/REPO/actions-runner/validate-modle@v1
                      - uses: OWNER/REPO/actions-runner/integration-tests@v1
                        with: { environment: staging, retry: "1" }
                        env: { STAGING_TOKEN: "${{ secrets.STAGING_TOKEN }}" }
                      - run: echo "${{ secrets.MLFLOW_PROD_TOKEN }}"
                  promote:
                    runs-on: ubuntu-latest
                    permissions: { contents: read, checks: write, statuses: write, actions: write }
                    steps:
                      - uses: OWNER/REPO/actions-runner/promote-model@v1
                        with: { model: fraud-detector, to: champion, environment: prod }
                  retrain:
                    uses: ./.github/workflows/scheduled-retraining.yml
                    permissions: { contents: read }
                """);

        List<String> findings = rules.findings("broken.yml", broken);

        for (String expected : List.of(
                "broken.yml: the workflow's permissions must be { contents: read }",
                "broken.yml: staging: pin actions/checkout@v4 by its commit SHA",
                "broken.yml: staging: OWNER/REPO/actions-runner/validate-modle@v1 names no action",
                "broken.yml: staging: integration-tests has no input retry",
                "broken.yml: staging: secret STAGING_TOKEN in STAGING_TOKEN, but modelgate.yaml names MLFLOW_STAGING_TOKEN for environment 'staging'",
                "broken.yml: /jobs/staging/env/TOKEN: secrets only as a step's env value",
                "broken.yml: /jobs/staging/steps/4/run: secrets only as a step's env value",
                "broken.yml: staging: touches staging outside the concurrency group modelgate-staging",
                "broken.yml: staging: publishes without checks: write",
                "broken.yml: staging: pull-requests: write outside a pull request job that publishes",
                "broken.yml: promote: promote-model needs the input version",
                "broken.yml: promote: moves the prod champion without environment: prod",
                "broken.yml: promote: works in prod without a prod environment",
                "broken.yml: promote: grants actions: write without dispatching a workflow",
                "broken.yml: retrain: ./.github/workflows/scheduled-retraining.yml job route asks actions: write, which this job does not grant",
                "broken.yml: retrain: ./.github/workflows/scheduled-retraining.yml job train asks checks: write")) {
            assertTrue(findings.stream().anyMatch(finding -> finding.startsWith(expected)), "no finding " + expected + " in " + String.join("\n", findings));
        }
    }

    @Test
    void prodPromotionsWaitForTheReviewersOfTheProdEnvironment() {
        // The jobs that move the champion, by template: each must name the environment prod.
        Map<String, List<String>> expected = Map.of(
                "release.yml", List.of("promote"),
                "scheduled-retraining.yml", List.of("promote"),
                "rollback.yml", List.of("rollback"),
                "verify-registry.yml", List.of("restore"));
        expected.forEach((file, jobs) -> {
            for (String job : jobs) {
                assertEquals("prod", workflows.get(file).at("/jobs/" + job + "/environment").asText(), file + " " + job);
            }
        });
        // monitoring-retraining promotes through scheduled-retraining, called on the release branch.
        assertEquals("./.github/workflows/scheduled-retraining.yml", workflows.get("monitoring-retraining.yml").at("/jobs/retrain/uses").asText());
    }

    @Test
    void eachFlowRunsTheSameStepsInTheSameOrderOnGitHubAndJenkins() throws Exception {
        for (String file : workflows.keySet()) {
            String flow = file.substring(0, file.length() - ".yml".length());
            String jenkinsfile = Files.readString(ROOT.resolve("pipeline-templates").resolve("jenkins").resolve(flow + ".Jenkinsfile"));
            List<String> jenkins = new ArrayList<>();
            Matcher call = Pattern.compile("\\bmodelgate([A-Z][A-Za-z]+)\\(").matcher(jenkinsfile);
            while (call.find()) jenkins.add(call.group(1).replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase());

            assertEquals(jenkins, steps(workflows.get(file)), flow);
        }
    }

    /** The suite steps a workflow runs, in the order written, a called local workflow's in place of the call. */
    private List<String> steps(JsonNode workflow) {
        List<String> steps = new ArrayList<>();
        workflow.path("jobs").forEach(job -> {
            Matcher called = Pattern.compile("\\./\\.github/workflows/(.+)").matcher(job.path("uses").asText(""));
            if (called.matches()) steps.addAll(steps(workflows.get(called.group(1))));
            job.path("steps").forEach(step -> {
                String uses = step.path("uses").asText("");
                if (uses.startsWith(WorkflowRules.SUITE_ACTION) && !uses.contains("/setup@")) {
                    steps.add(uses.substring(WorkflowRules.SUITE_ACTION.length(), uses.indexOf('@')));
                }
            });
        });
        return steps;
    }
}
