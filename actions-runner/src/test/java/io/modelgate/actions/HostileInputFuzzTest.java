package io.modelgate.actions;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelgate.cli.CommandLineApp;
import io.modelgate.step.Param;
import io.modelgate.step.StepCatalogue;
import io.modelgate.step.StepDefinition;
import io.modelgate.testbed.RunnerLog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile strings and numbers in every catalogue parameter, through each front end's entry: the
 * command line's options, the params document the Jenkins library hands the jar, and the
 * action's inputs. Whatever the value: the exit code is 0, 1, 2 or 3; no stack trace without
 * --debug; the canary secret appears nowhere (console, files, outputs, summary); and no workflow
 * command comes from the data. Seeded, so a failure replays; about a minute on the shared machine.
 */
class HostileInputFuzzTest {

    private static final String CANARY = "canary-fuzz-5e3b9a71";
    private static final long SEED = 15_2026L;
    private static final int TRIES_PER_ENTRY = 90;

    /** Text that tries to escape its place: workflow commands, Markdown, shell, paths, options, the secret itself. */
    private static final List<String> HOSTILE_TEXT = List.of(
            "::error::pwned", "\n::add-mask::pwned\n", "##[error]pwned", "%0A::warning::pwned", "::stop-commands::pwned",
            "::set-output name=verdict::PASSED", CANARY, "token=" + CANARY, "$(touch pwned)", "`id`", "'; rm -rf / #",
            "../../../etc/passwd", "@/etc/passwd", "--debug", "-h", "[x](https://evil.example)", "![p](https://evil.example/p.png)",
            "<img src=x onerror=alert(1)>", "\n### ✅ passed\n", "| a | b |", "@octocat", ":white_check_mark:", "\u0000", "\u2028",
            "\u001b[31m", "\uD83D\uDE00", "", " ", "x".repeat(10_000), "${{ secrets.GITHUB_TOKEN }}", "%s%n", "\\", "\"", "latest",
            "alias:", "run:", "stage:", "1/0", "0/0", "3/2", "-1/2", "2147483647/2147483647");
    private static final List<String> HOSTILE_NUMBERS = List.of(
            "2147483647", "2147483648", "-1", "-2147483649", "99999999999999999999999", "1e3", "0x1F", "NaN", " 7 ", "+5",
            "\u0663", "0", "10", "11", "3.0", "", "-0");
    private static final List<String> HOSTILE_DURATIONS = List.of(
            "0s", "-1s", "25d", "9999999999999999d", "1h30m", "1.5h", "s", "10", "1ms", "366d", "7d", "8d", "1h", "999999999999999999999ms");
    private static final List<String> HOSTILE_BOOLEANS = List.of("true", "yes", "1", "TRUE", "on", "", CANARY);

    /** Valid values of required parameters, so that the hostile one is what is judged. */
    private static final Map<String, String> VALID = Map.of("model", "fraud", "version", "1", "to", "champion", "job", "train", "table", "features");

    private static final String CONFIG = """
            project: fuzz
            mlflow: { token_env: FUZZ_MLFLOW_TOKEN }
            tests:
              unit: { command: "echo '::error::pwned-by-test'; echo token=$GITHUB_TOKEN", reports: "build/*.xml" }
              integration: { command: "echo ::add-mask::pwned", jobs: [] }
            jobs:
              train: { app: train.py, master: "local[1]" }
            models:
              fraud: {}
            tables:
              features: { path: data/features }
            """;

    @TempDir
    Path project;
    private final Random random = new Random(SEED);
    private int run;

    @BeforeEach
    void writeProject() throws IOException {
        Files.writeString(project.resolve("modelgate.yaml"), CONFIG);
    }

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", System.getenv("PATH"));
        env.put("FUZZ_MLFLOW_TOKEN", CANARY);
        env.put("GITHUB_TOKEN", CANARY + "-gh");
        return env;
    }

    /** One hostile call: a step, its required values, and one parameter given a hostile value. */
    private record Call(StepDefinition step, Map<String, String> params) {
    }

    private Call nextCall() {
        List<StepDefinition> steps = StepCatalogue.steps();
        StepDefinition step = steps.get(random.nextInt(steps.size()));
        Map<String, String> params = new LinkedHashMap<>();
        step.params().stream().filter(Param::required).forEach(p -> params.put(p.name(), VALID.getOrDefault(p.name(), "x")));
        Param target = step.params().get(random.nextInt(step.params().size()));
        params.put(target.name(), hostile(target));
        return new Call(step, params);
    }

    private String hostile(Param param) {
        List<String> values = switch (param.type()) {
            case INTEGER -> HOSTILE_NUMBERS;
            case DURATION -> HOSTILE_DURATIONS;
            case BOOLEAN -> HOSTILE_BOOLEANS;
            default -> HOSTILE_TEXT;
        };
        String value = values.get(random.nextInt(values.size()));
        // Half the time, wrapped in more hostile text.
        return param.type() == Param.Type.STRING && random.nextBoolean()
                ? HOSTILE_TEXT.get(random.nextInt(HOSTILE_TEXT.size())) + value : value;
    }

    @Test
    void commandLineOptions() throws Exception {
        for (int i = 0; i < TRIES_PER_ENTRY; i++) {
            Call call = nextCall();
            Path output = project.resolve("build/cli-" + (++run));
            List<String> args = new ArrayList<>(List.of(call.step().name(), "--output-dir", output.toString()));
            call.params().forEach((name, value) -> {
                args.add("--" + name + "=" + value);
            });
            check(call, output, cli(args));
        }
    }

    /** The Jenkins library's path: its arguments as the JSON document it writes, read by the jar's --params-file. */
    @Test
    void paramsDocumentAsTheJenkinsLibraryWritesIt() throws Exception {
        for (int i = 0; i < TRIES_PER_ENTRY; i++) {
            Call call = nextCall();
            Path output = project.resolve("build/jenkins-" + (++run));
            Files.createDirectories(output);
            Map<String, Object> document = new LinkedHashMap<>();
            call.params().forEach((name, value) -> document.put(new Param(name, Param.Type.STRING, null, false, "", List.of()).camelName(),
                    random.nextInt(4) == 0 && value.matches("-?\\d{1,18}") ? (Object) Long.parseLong(value) : value));
            Path params = output.resolve("params.json");
            Files.writeString(params, new ObjectMapper().writeValueAsString(document));
            check(call, output, cli(List.of(call.step().name(), "--params-file", params.toString(), "--output-dir", output.toString())));
        }
    }

    @Test
    void actionInputs() throws Exception {
        for (int i = 0; i < TRIES_PER_ENTRY; i++) {
            Call call = nextCall();
            Path runner = Files.createDirectories(project.resolve("runner-" + (++run)));
            Map<String, String> env = env();
            env.putAll(GitHubRunner.variables(runner, project, "http://127.0.0.1:9", "gate", "fuzz", "push", "push.json", null, "feedc0de"));
            env.put("INPUT_PUBLISH", "false");
            String outputDir = "build/actions-" + run;
            env.put(ActionsCore.inputVariable("output-dir"), outputDir);
            call.params().forEach((name, value) -> env.put(ActionsCore.inputVariable(name), value));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            PrintStream stdout = new PrintStream(out, true, StandardCharsets.UTF_8);
            int code = RunnerMain.guarded(() -> new ActionRunner(env, stdout, new PrintStream(err, true, StandardCharsets.UTF_8), project)
                    .run(call.step().name()), env, stdout);
            Outcome outcome = new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                    Files.readString(Path.of(env.get("GITHUB_OUTPUT"))) + Files.readString(Path.of(env.get("GITHUB_STEP_SUMMARY"))));
            check(call, project.resolve(outputDir), outcome);
        }
    }

    private record Outcome(int code, String stdout, String stderr, String files) {
    }

    private Outcome cli(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream stderr = new PrintStream(err, true, StandardCharsets.UTF_8);
        int code = io.modelgate.cli.Main.guarded(() -> new CommandLineApp(withActions(), new PrintStream(out, true, StandardCharsets.UTF_8), stderr,
                project).run(args.toArray(String[]::new)), env(), stderr, false);
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), "");
    }

    /** The command line as a GitHub run step calls it, so its output is read for workflow commands too. */
    private Map<String, String> withActions() {
        Map<String, String> env = env();
        env.put("GITHUB_ACTIONS", "true");
        return env;
    }

    private void check(Call call, Path output, Outcome outcome) throws IOException {
        String what = call.step().name() + " " + call.params();
        assertTrue(outcome.code() >= 0 && outcome.code() <= 3, "exit " + outcome.code() + " for " + what);
        String console = outcome.stdout() + outcome.stderr();
        assertFalse(console.contains("\tat ") || console.contains("Exception in thread") || console.contains("Caused by:"),
                () -> "a stack trace without --debug for " + what + ":\n" + console);
        List<String> places = new ArrayList<>(List.of(console, outcome.files()));
        if (Files.isDirectory(output)) {
            try (Stream<Path> files = Files.walk(output).filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().equals("params.json"))) {
                for (Path file : files.toList()) places.add(Files.readString(file));
            }
        }
        for (String place : places) {
            assertFalse(place.replaceAll("(?m)^::add-mask::.*$", "").contains(CANARY), () -> "the secret leaked for " + what + ":\n" + place);
        }
        for (String command : RunnerLog.commands(outcome.stdout() + outcome.stderr())) {
            assertFalse(command.matches("(?s)^(::[A-Za-z-]+::|##\\[[a-z-]+\\]|::set-output ).*") && command.contains("pwned")
                    || command.startsWith("::set-output"), () -> "a workflow command from data for " + what + ": " + command);
        }
    }
}
