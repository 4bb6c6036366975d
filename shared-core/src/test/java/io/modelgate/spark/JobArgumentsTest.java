package io.modelgate.spark;

import io.modelgate.ci.CiContext;
import io.modelgate.config.ConfigError;
import io.modelgate.config.ConfigFile;
import io.modelgate.config.EnvironmentSelector;
import io.modelgate.config.ResolvedConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JobArgumentsTest {

    @TempDir
    Path dir;

    private ResolvedConfig config(String environment) throws Exception {
        Path file = dir.resolve("modelgate.yaml");
        Files.writeString(file, """
                project: p
                environments:
                  staging: { branches: [main] }
                jobs:
                  train:
                    app: jobs/train.py
                    args: ["--out", "s3://bucket/${env}/${commit}", "--date", "${run_date}"]
                """);
        return EnvironmentSelector.select(ConfigFile.load(file, "--config"), environment, "--env", new CiContext("local", "main", null, null, null, null));
    }

    @Test
    void placeholdersAreSubstitutedInsideArguments() throws Exception {
        ResolvedConfig config = config("staging");
        List<String> args = JobArguments.substitute("train", config.config().jobs().get("train").args(), config, "--env",
                "4f2c1e9", LocalDate.of(2026, 11, 28));
        assertEquals(List.of("--out", "s3://bucket/staging/4f2c1e9", "--date", "2026-11-28"), args);
    }

    @Test
    void anUnknownCommitIsRefusedAtTheArgsLine() throws Exception {
        ResolvedConfig config = config("staging");
        ConfigError error = assertThrows(ConfigError.class, () -> JobArguments.substitute("train",
                config.config().jobs().get("train").args(), config, "--env", null, LocalDate.of(2026, 11, 28)));
        assertEquals("modelgate.yaml:7: jobs.train.args: ${commit} needs a commit: run inside a git repository or a CI that names it",
                error.getMessage());
    }

    @Test
    void textWithoutPlaceholdersIsKeptAsIs() throws Exception {
        ResolvedConfig config = config("staging");
        assertEquals(List.of("$HOME", "a$b", "{env}"),
                JobArguments.substitute("train", List.of("$HOME", "a$b", "{env}"), config, "--env", null, LocalDate.of(2026, 1, 1)));
    }
}
