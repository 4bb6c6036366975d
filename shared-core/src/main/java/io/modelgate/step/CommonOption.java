package io.modelgate.step;

import io.modelgate.config.ConfigFile;

import java.util.List;
import java.util.Optional;

/**
 * An option a run takes besides its step's own parameters, declared once: name, type, default and
 * doc, and how each front end that carries it spells it (null: that front end does not carry it).
 * The command line's options, the actions' inputs (action.yml) and the Jenkins steps' arguments
 * (through the catalogue the library reads) are all built from {@link #ALL}.
 *
 * @param name         kebab-case name, the one messages are spelled from
 * @param type         STRING, BOOLEAN (a flag on the command line) or MAP (Jenkins credentials)
 * @param defaultValue the value when not given, as text; null for none
 * @param valueName    what the value is, for usage lines (e.g. {@code PATH}); null for flags and maps
 * @param doc          one sentence for help texts and docs
 * @param commandLine  the command line's spelling, e.g. {@code --env}
 * @param action       the action input's name
 * @param jenkins      the Jenkins step argument's name
 */
public record CommonOption(String name, Type type, String defaultValue, String valueName, String doc,
                           String commandLine, String action, String jenkins) {

    public enum Type { STRING, BOOLEAN, MAP }

    public static final CommonOption CONFIG = new CommonOption("config", Type.STRING, ConfigFile.DEFAULT_NAME, "PATH",
            "Path of modelgate.yaml, relative to the workspace (the working directory on the command line)", "--config", "config", "config");
    public static final CommonOption ENVIRONMENT = new CommonOption("environment", Type.STRING, null, "NAME",
            "Environment of modelgate.yaml to use (default: derived from the branch)", "--env", "environment", "environment");
    public static final CommonOption OUTPUT_DIR = new CommonOption("output-dir", Type.STRING, "build/modelgate", "DIR",
            "Where the reports go: a step's result.json, result.md and JUnit XML", "--output-dir", "output-dir", "outputDir");
    public static final CommonOption FORMAT = new CommonOption("format", Type.STRING, "text", "text|json",
            "Console output format: text or json", "--format", null, null);
    public static final CommonOption DEBUG = new CommonOption("debug", Type.BOOLEAN, "false", null,
            "Print the stack trace of an error, secrets masked", "--debug", null, "debug");
    public static final CommonOption QUIET = new CommonOption("quiet", Type.BOOLEAN, "false", null,
            "No progress lines on standard error while long work runs (a check-data scan)", "--quiet", null, null);
    public static final CommonOption PARAMS_FILE = new CommonOption("params-file", Type.STRING, null, "FILE",
            "JSON document of parameters; options given on the command line win", "--params-file", null, null);
    public static final CommonOption PARAMS = new CommonOption("params", Type.STRING, null, null,
            "JSON object of step parameters; inputs given one by one win", null, "params", null);
    public static final CommonOption PUBLISH_GITHUB = new CommonOption("publish-github", Type.BOOLEAN, "false", null,
            "Publish the result to GitHub as a check run (or commit status) and the sticky PR comment; "
                    + "token from GITHUB_TOKEN, commit and PR from the CI (Jenkins: GIT_COMMIT, CHANGE_ID, GITHUB_REPOSITORY)",
            "--publish-github", null, null);
    public static final CommonOption PUBLISH = new CommonOption("publish", Type.BOOLEAN, "true", null,
            "Publish a check run (or commit status) and the sticky PR comment", null, "publish", null);
    /** Its default is an Actions expression: only the runner can evaluate it, so action.yml carries it. */
    public static final CommonOption GITHUB_TOKEN = new CommonOption("github-token", Type.STRING, "${{ github.token }}", null,
            "Token for check runs, statuses and PR comments (default: the job's GITHUB_TOKEN)", null, "github-token", null);
    public static final CommonOption GITHUB_CREDENTIALS = new CommonOption("github-credentials", Type.STRING, null, null,
            "Jenkins secret-text credentials id of a GitHub token: publish the result as a check run (or commit status) on "
                    + "GIT_COMMIT and the sticky comment on pull request CHANGE_ID; the repository is GITHUB_REPOSITORY, else taken from GIT_URL",
            null, null, "githubCredentials");
    public static final CommonOption CREDENTIALS = new CommonOption("credentials", Type.MAP, null, null,
            "Environment variable to Jenkins secret-text credentials id, e.g. [MLFLOW_PROD_TOKEN: 'mlflow-prod-token']; "
                    + "bind the variables modelgate.yaml names", null, null, "credentials");
    public static final CommonOption UNSTABLE_ON_FAILURE = new CommonOption("unstable-on-failure", Type.BOOLEAN, "false", null,
            "Mark the build UNSTABLE instead of FAILURE when the gate fails (exit 1), and go on", null, null, "unstableOnFailure");
    public static final CommonOption JAR = new CommonOption("jar", Type.STRING, null, null,
            "Path of modelgate.jar, e.g. from a tool; default MODELGATE_JAR, else fetched by Maven coordinates from MODELGATE_MAVEN_REPOSITORY",
            null, null, "jar");

    /** Every common option, in the order front ends list them. */
    public static final List<CommonOption> ALL = List.of(CONFIG, ENVIRONMENT, OUTPUT_DIR, FORMAT, DEBUG, QUIET, PARAMS_FILE, PARAMS,
            PUBLISH_GITHUB, PUBLISH, GITHUB_TOKEN, CREDENTIALS, GITHUB_CREDENTIALS, UNSTABLE_ON_FAILURE, JAR);

    /** How {@code frontEnd} spells this option; null when it does not carry it. */
    public String spelling(FrontEnd frontEnd) {
        return switch (frontEnd) {
            case COMMAND_LINE -> commandLine;
            case ACTIONS -> action;
            case JENKINS -> jenkins;
        };
    }

    /** The options {@code frontEnd} carries, in order. */
    public static List<CommonOption> carriedBy(FrontEnd frontEnd) {
        return ALL.stream().filter(o -> o.spelling(frontEnd) != null).toList();
    }

    public static Optional<CommonOption> find(String name) {
        return ALL.stream().filter(o -> o.name().equals(name)).findFirst();
    }
}
