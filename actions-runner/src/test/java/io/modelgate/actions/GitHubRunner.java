package io.modelgate.actions;

import io.modelgate.github.GitHubApiStubs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What a GitHub-hosted runner gives a step of a job, for the runner jar started as a process: its
 * variables (docs: "Variables reference", default environment variables) and its GITHUB_OUTPUT
 * file format (docs: "Workflow commands", multiline strings).
 */
final class GitHubRunner {

    /** The run's page, from GITHUB_SERVER_URL, GITHUB_REPOSITORY and GITHUB_RUN_ID. */
    static final String RUN_URL = "https://github.com/" + GitHubApiStubs.REPOSITORY + "/actions/runs/9000";

    private GitHubRunner() {
    }

    /**
     * The variables of one step. A pull_request event runs on the merge ref, a push on main.
     *
     * @param dir       the runner's own folder: HOME, RUNNER_TEMP, the event file, and the step's output and summary files
     * @param step      names this step's output and summary files and its GITHUB_ACTION
     * @param headRef   the pull request's branch (pull_request events)
     * @param pushSha   the commit pushed (push events)
     */
    static Map<String, String> variables(Path dir, Path workspace, String apiUrl, String job, String step,
                                       String eventName, String payload, String headRef, String pushSha) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("HOME", dir.toString());
        env.put("CI", "true");
        env.put("GITHUB_ACTIONS", "true");
        env.put("GITHUB_WORKSPACE", workspace.toString());
        env.put("GITHUB_REPOSITORY", GitHubApiStubs.REPOSITORY);
        env.put("GITHUB_REPOSITORY_OWNER", "octo-org");
        env.put("GITHUB_SERVER_URL", "https://github.com");
        env.put("GITHUB_API_URL", apiUrl);
        env.put("GITHUB_WORKFLOW", "PR checks");
        env.put("GITHUB_JOB", job);
        env.put("GITHUB_RUN_ID", "9000");
        env.put("GITHUB_RUN_NUMBER", "17");
        env.put("GITHUB_RUN_ATTEMPT", "1");
        env.put("GITHUB_ACTION", "__octo-org_modelgate_" + step);
        env.put("GITHUB_ACTOR", "ml-engineer");
        env.put("GITHUB_EVENT_NAME", eventName);
        Path event = dir.resolve("event.json");
        Files.writeString(event, GitHubApiStubs.resource("events/" + payload));
        env.put("GITHUB_EVENT_PATH", event.toString());
        if (eventName.startsWith("pull_request")) {
            env.put("GITHUB_SHA", GitHubApiStubs.MERGE_SHA);
            env.put("GITHUB_REF", "refs/pull/42/merge");
            env.put("GITHUB_REF_NAME", "42/merge");
            env.put("GITHUB_HEAD_REF", headRef);
            env.put("GITHUB_BASE_REF", "main");
        } else {
            env.put("GITHUB_SHA", pushSha);
            env.put("GITHUB_REF", "refs/heads/main");
            env.put("GITHUB_REF_NAME", "main");
            env.put("GITHUB_HEAD_REF", "");
            env.put("GITHUB_BASE_REF", "");
        }
        env.put("RUNNER_OS", "Linux");
        env.put("RUNNER_TEMP", Files.createDirectories(dir.resolve("runner-temp")).toString());
        env.put("GITHUB_OUTPUT", Files.createFile(dir.resolve("output-" + step)).toString());
        env.put("GITHUB_STEP_SUMMARY", Files.createFile(dir.resolve("summary-" + step)).toString());
        return env;
    }

    /** GITHUB_OUTPUT parsed as the runner parses it: name<<delimiter, value lines, delimiter, and nothing else. */
    static Map<String, String> outputs(String file) {
        Map<String, String> outputs = new LinkedHashMap<>();
        Matcher m = Pattern.compile("([a-z0-9-]+)<<(ghadelimiter_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\n(.*?)\n\\2\n", Pattern.DOTALL).matcher(file);
        int end = 0;
        while (m.find()) {
            assertEquals(end, m.start(), "only heredoc entries in GITHUB_OUTPUT: " + file);
            outputs.put(m.group(1), m.group(3));
            end = m.end();
        }
        assertEquals(file.length(), end, file);
        return outputs;
    }
}
