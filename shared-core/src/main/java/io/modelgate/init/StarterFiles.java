package io.modelgate.init;

import io.modelgate.step.StepCatalogue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files {@code modelgate init} writes for a project: a minimal {@code modelgate.yaml} (the
 * unit-test gate), the pull-request workflow and the Jenkinsfile that run it; with a model, an
 * environment (staging), the model's validation and its promotion on the default branch too.
 * The suite is referenced at one version ({@link SuiteVersion}), which {@code --upgrade} rewrites.
 * The minimal templates of {@code pipeline-templates/minimal/} are these files for the guide's
 * sample project.
 */
public final class StarterFiles {

    public static final String CONFIG = "modelgate.yaml";
    public static final String WORKFLOW = ".github/workflows/modelgate.yml";
    public static final String JENKINSFILE = "Jenkinsfile";
    /** Placeholder of the repository that holds ModelGate's actions, until the user names it. */
    public static final String ACTIONS_REPOSITORY = "OWNER/REPO";

    /**
     * What to write.
     *
     * @param model        the registered model to validate and promote; null for the unit-test gate alone
     * @param suiteVersion the version of ModelGate the workflow and the Jenkinsfile reference
     * @param actionsRepo  where ModelGate's actions live on GitHub, owner/name
     */
    public record Choices(String model, String suiteVersion, String actionsRepo) {
    }

    private StarterFiles() {
    }

    /** The files by path relative to the project, in the order they are listed. */
    public static Map<String, String> of(ProjectShape shape, Choices choices) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put(CONFIG, config(shape, choices.model()));
        files.put(WORKFLOW, workflow(shape, choices));
        files.put(JENKINSFILE, jenkinsfile(shape, choices));
        return files;
    }

    static String config(ProjectShape shape, String model) {
        StringBuilder yaml = new StringBuilder(comment("# ", "Written by modelgate init: the unit-test gate" + (model == null ? ""
                : ", and the validation and promotion of " + model) + ". Every key: " + StepCatalogue.DOCS + "configuration-reference.md"));
        shape.mlflow().filter(m -> model == null).ifPresent(m -> yaml.append(comment("# ", "This project uses MLflow (" + m.where()
                + "). To gate its model too: modelgate init --with model:" + (m.models().isEmpty() ? "NAME" : m.models().get(0)) + " --dry-run")));
        yaml.append("project: ").append(quoted(shape.name())).append('\n');
        if (model != null) {
            String trackingUri = shape.mlflow().map(ProjectShape.MlflowUsage::trackingUri).filter(u -> u != null).orElse("https://mlflow.staging.example");
            yaml.append("\nenvironments:\n")
                    .append("  dev:\n    branches: [\"feature/*\"]\n")
                    .append("  staging:\n    branches: [").append(shape.defaultBranch()).append("]\n")
                    .append("    mlflow: { tracking_uri: \"").append(trackingUri).append("\", token_env: MLFLOW_STAGING_TOKEN }\n");
        }
        yaml.append("\ntests:\n  unit:\n")
                .append("    command: \"").append(shape.testCommand()).append("\"\n")
                .append("    reports: \"").append(shape.reports()).append("\"\n")
                .append("    timeout: 10m\n");
        if (!shape.testEnv().isEmpty()) {
            yaml.append("    env:\n");
            shape.testEnv().forEach((name, value) -> yaml.append("      ").append(name).append(": ").append(value).append('\n'));
        }
        if (model != null) {
            List<String> logged = shape.mlflow().map(ProjectShape.MlflowUsage::metrics).orElse(List.of());
            String metric = logged.isEmpty() ? "accuracy" : logged.get(0);
            yaml.append("\nmodels:\n  ").append(model).append(":\n    registry: aliases\n    validation:\n      metrics:\n")
                    .append("        # The metric your training run logs and the bar a candidate must clear: review them.\n")
                    .append("        ").append(metric).append(": { greater_is_better: ").append(!ProjectShape.lowerIsBetter(metric))
                    .append(", min_absolute_change: 0.0 }\n")
                    .append("    promotion:\n      staging: { branches: [").append(shape.defaultBranch()).append("], require_validation: true }\n");
        }
        return yaml.toString();
    }

    public static String workflow(ProjectShape shape, Choices choices) {
        String suite = choices.actionsRepo() + "/actions-runner/";
        String at = "@" + choices.suiteVersion();
        String branch = shape.defaultBranch();
        StringBuilder yaml = new StringBuilder(comment("# ", "ModelGate on pull requests into " + branch + ": the unit tests, as the check run "
                + "modelgate/unit-tests and a sticky comment" + (choices.model() == null ? "" : "; on pushes to " + branch
                + ": the validation and promotion of " + choices.model() + " in staging") + ". Written by modelgate init; "
                + "modelgate init --upgrade moves it to another ModelGate version."));
        yaml.append("name: ModelGate\n")
                .append("on:\n  pull_request:\n    branches: [").append(branch).append("]\n");
        if (choices.model() != null) yaml.append("  push:\n    branches: [").append(branch).append("]\n");
        yaml.append("permissions:\n")
                .append("  contents: read\n")
                .append("  checks: write          # check runs (without it: commit statuses)\n")
                .append("  statuses: write\n")
                .append("  pull-requests: write   # the sticky comment\n")
                .append("jobs:\n")
                .append("  unit-tests:\n    runs-on: ubuntu-latest\n    steps:\n")
                .append("      - uses: actions/checkout@v4\n");
        switch (shape.runner()) {
            case PYTEST -> yaml.append("      - uses: actions/setup-python@v5\n        with:\n          python-version: \"")
                    .append(shape.toolVersion()).append("\"\n      - run: ").append(shape.install()).append('\n');
            case JEST -> yaml.append("      - uses: actions/setup-node@v4\n        with:\n          node-version: \"")
                    .append(shape.toolVersion()).append("\"\n      - run: ").append(shape.install()).append('\n');
            case MAVEN, GRADLE -> { } // the setup action installs Java
        }
        yaml.append("      - uses: ").append(suite).append("setup").append(at).append("  # Java and the runner jar, once per job\n")
                .append("      - uses: ").append(suite).append("unit-tests").append(at).append('\n')
                .append("        with:\n          fail-on-empty: true\n");
        if (choices.model() != null) {
            yaml.append("  validate-model:\n")
                    .append("    needs: unit-tests\n")
                    .append("    if: github.event_name == 'push'\n")
                    .append("    runs-on: ubuntu-latest\n")
                    .append("    environment: staging\n")
                    .append("    concurrency:                # one run at a time in staging\n")
                    .append("      group: modelgate-staging\n")
                    .append("      cancel-in-progress: false\n")
                    .append("    steps:\n")
                    .append("      - uses: actions/checkout@v4\n")
                    .append("      - uses: ").append(suite).append("setup").append(at).append('\n')
                    .append("      - uses: ").append(suite).append("validate-model").append(at).append('\n')
                    .append("        with:\n")
                    .append("          model: ").append(choices.model()).append('\n')
                    .append("          environment: staging\n")
                    .append("          promote-on-pass: champion\n")
                    .append("        env:\n")
                    .append("          MLFLOW_STAGING_TOKEN: ${{ secrets.MLFLOW_STAGING_TOKEN }}\n");
        }
        return yaml.toString();
    }

    public static String jenkinsfile(ProjectShape shape, Choices choices) {
        StringBuilder groovy = new StringBuilder(comment("// ", "ModelGate: the unit tests of every build, their JUnit report and the build result"
                + (choices.model() == null ? "" : "; on " + shape.defaultBranch() + ", the validation and promotion of " + choices.model())
                + ". Written by modelgate init. Needs the modelgate library and its jar (MODELGATE_JAR), and no plugin beyond the "
                + "library's own (Pipeline, Credentials Binding, JUnit): " + StepCatalogue.DOCS + "jenkins.md"));
        groovy.append("@Library('modelgate@").append(choices.suiteVersion()).append("') _\n\n")
                .append("pipeline {\n    agent any\n    stages {\n        stage('Unit tests') {\n            steps {\n");
        switch (shape.runner()) {
            case PYTEST -> groovy.append("                sh 'python3 -m venv .venv && .venv/bin/").append(shape.install()).append("'\n")
                    .append("                withEnv([\"PATH+VENV=${env.WORKSPACE}/.venv/bin\"]) {\n")
                    .append("                    modelgateUnitTests(failOnEmpty: true)\n")
                    .append("                }\n");
            case JEST -> groovy.append("                sh '").append(shape.install()).append("'\n")
                    .append("                modelgateUnitTests(failOnEmpty: true)\n");
            case MAVEN, GRADLE -> groovy.append("                modelgateUnitTests(failOnEmpty: true)\n");
        }
        groovy.append("            }\n        }\n");
        if (choices.model() != null) {
            groovy.append("        stage('Validate model') {\n")
                    .append("            when { branch '").append(shape.defaultBranch()).append("' }\n")
                    .append("            steps {\n")
                    .append("                modelgateValidateModel(model: '").append(choices.model()).append("', environment: 'staging', promoteOnPass: 'champion',\n")
                    .append("                        credentials: [MLFLOW_STAGING_TOKEN: 'mlflow-staging-token'])\n")
                    .append("            }\n        }\n");
        }
        groovy.append("    }\n}\n");
        return groovy.toString();
    }

    /** {@code text} as comment lines of at most about 100 characters. */
    private static String comment(String prefix, String text) {
        StringBuilder lines = new StringBuilder();
        StringBuilder line = new StringBuilder(prefix);
        for (String word : text.split(" ")) {
            if (line.length() > prefix.length() && line.length() + 1 + word.length() > 100) {
                lines.append(line.toString().stripTrailing()).append('\n');
                line = new StringBuilder(prefix);
            }
            line.append(line.length() > prefix.length() ? " " : "").append(word);
        }
        return lines.append(line).append('\n').toString();
    }

    /** A YAML scalar: as is when plain, else double-quoted. */
    private static String quoted(String value) {
        return value.matches("[A-Za-z0-9][A-Za-z0-9 _.-]*") && !value.endsWith(" ") ? value : "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
