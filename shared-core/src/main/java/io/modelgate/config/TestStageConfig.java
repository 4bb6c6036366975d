package io.modelgate.config;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import java.nio.file.FileSystems;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.PatternSyntaxException;

/** A test stage: the command(s) to run and where their JUnit XML reports land. */
public record TestStageConfig(
        @JsonPropertyDescription("Shell command, or list of commands run one after another")
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
        List<String> command,
        @JsonPropertyDescription("Glob(s), relative to the project, of the JUnit XML reports the commands write")
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
        List<String> reports,
        @JsonPropertyDescription("Time limit of each command, e.g. 10m")
        @DurationRange(min = "1s", max = "7d")
        Duration timeout,
        @JsonPropertyDescription("Working directory of the commands, relative to the project")
        String workingDir,
        @JsonPropertyDescription("Extra environment variables for the commands")
        Map<String, String> env,
        @JsonPropertyDescription("Glob(s), relative to the working directory, of the test files that --shard splits")
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
        List<String> files,
        @JsonPropertyDescription("Integration tests: the jobs under jobs: to launch first, in order; default all of them")
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
        List<String> jobs,
        @JsonPropertyDescription("Unit tests: variables of the runner's environment that look like credentials (TOKEN, SECRET, PASSWORD, KEY, "
                + "CREDENTIAL in the name) to pass to the commands anyway; by default every one is removed")
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
        List<String> allowCredentials) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);

    public TestStageConfig {
        command = command == null ? List.of() : List.copyOf(command);
        reports = reports == null ? List.of() : List.copyOf(reports);
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        env = env == null ? Map.of() : Map.copyOf(env);
        files = files == null ? List.of() : List.copyOf(files);
        // null keeps "not said" (all jobs) apart from an empty list (no jobs).
        jobs = jobs == null ? null : List.copyOf(jobs);
        allowCredentials = allowCredentials == null ? List.of() : List.copyOf(allowCredentials);
    }

    void validate(ConfigCheck check, String path) {
        if (command.isEmpty()) {
            throw check.fail(path, "command is required: the test command(s) to run");
        }
        for (int i = 0; i < command.size(); i++) {
            if (command.get(i) == null || command.get(i).isBlank()) {
                throw check.fail(path + ".command[" + i + "]", "an empty command");
            }
        }
        checkGlobs(check, path + ".reports", reports);
        checkGlobs(check, path + ".files", files);
    }

    /** A glob the test stage could not compile is found now, not after the commands ran. */
    private static void checkGlobs(ConfigCheck check, String path, List<String> globs) {
        for (int i = 0; i < globs.size(); i++) {
            try {
                FileSystems.getDefault().getPathMatcher("glob:" + globs.get(i).replace('\\', '/'));
            } catch (PatternSyntaxException e) {
                throw check.fail(path + "[" + i + "]", "not a valid glob: " + e.getDescription().replace("'", "") + " at character " + (e.getIndex() + 1)
                        + " of \"" + globs.get(i) + "\" (use [[] for a literal [)");
            }
        }
    }
}
