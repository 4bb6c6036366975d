package io.modelgate.config;

import io.modelgate.ci.CiContext;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigFileTest {

    private static final Path SAMPLE = Path.of("").toAbsolutePath().getParent().resolve("test-projects/fraud-detection/modelgate.yaml");

    @TempDir
    Path dir;

    @Test
    void theBriefsExampleLoadsWithItsRules() {
        ConfigFile file = ConfigFile.load(SAMPLE, "--config");
        ProjectConfig config = file.asWritten();
        assertEquals("fraud-detection", config.project());
        MetricThreshold logLoss = file.resolve(null).model("fraud-detector").validation().metrics().get("log_loss");
        assertEquals(false, logLoss.greaterIsBetter());
        assertEquals(0.01, logLoss.minRelativeChange());
        assertEquals(Duration.ofMinutes(10), config.tests().unit().timeout());
        assertEquals(List.of("pytest tests/unit --junitxml=build/unit.xml"), config.tests().unit().command());
        assertEquals(ModelConfig.Registry.ALIASES, file.resolve(null).model("fraud-detector").registry());
    }

    @Test
    void anEnvironmentSectionIsMergedOverTheGeneralOne() {
        ResolvedConfig prod = ConfigFile.load(SAMPLE, "--config").resolve("prod");
        JobConfig generate = prod.config().jobs().get("generate");
        assertEquals(List.of("--rows", "500000"), generate.args(), "prod's args replace the general list");
        assertEquals("jobs/generate.py", generate.app(), "keys prod does not set keep their general value");
        assertEquals(Map.of("spark.driver.extraJavaOptions", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Dlog4j.configurationFile=conf/log4j2.properties",
                "spark.ui.enabled", "false"), generate.conf(), "maps prod does not set are kept whole");
        assertEquals(Duration.ofHours(2), prod.config().jobs().get("train").timeout());
        assertEquals("MLFLOW_PROD_TOKEN", prod.config().mlflow().tokenEnv());
        assertEquals(Duration.ofSeconds(30), prod.config().mlflow().timeout());
        assertEquals(Map.of("MLFLOW_PROD_TOKEN", "mlflow.token_env"), prod.secretVariables());
    }

    @Test
    void secretVariablesOfAllEnvironmentsAreKnownForMasking() {
        assertEquals(Map.of("MLFLOW_STAGING_TOKEN", "environments.staging.mlflow.token_env",
                "MLFLOW_PROD_TOKEN", "environments.prod.mlflow.token_env"), ConfigFile.load(SAMPLE, "--config").secretVariables());
    }

    @Test
    void anUnknownModelNamesTheDeclaredOnes() {
        ConfigError error = assertThrows(ConfigError.class, () -> ConfigFile.load(SAMPLE, "--config").resolve(null).model("churn"));
        assertEquals("model \"churn\" is not declared under models: in modelgate.yaml (declared: fraud-detector)", error.getMessage());
    }

    @Test
    void theBranchOfARealGitRepositorySelectsTheEnvironment() throws Exception {
        Path project = dir.resolve("project");
        Files.createDirectories(project);
        Files.copy(SAMPLE, project.resolve("modelgate.yaml"));
        try (Git git = Git.init().setDirectory(project.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern("modelgate.yaml").call();
            git.commit().setMessage("first").setAuthor("t", "t@example.com").setCommitter("t", "t@example.com").setSign(false).call();
            git.checkout().setCreateBranch(true).setName("release/1.4").call();
        }
        CiContext ci = CiContext.detect(Map.of(), project);
        assertEquals("release/1.4", ci.branch());
        assertEquals(40, ci.commit().length());
        assertNull(ci.targetBranch());
        assertEquals("prod", EnvironmentSelector.select(ConfigFile.load(project.resolve("modelgate.yaml"), "--config"), null, "--env", ci).environment());
    }

    @Test
    void defaultBranchesFollowTheEnvironmentNames() {
        assertTrue(BranchGlob.matches("feature/*", "feature/new-model"));
        assertTrue(!BranchGlob.matches("feature/*", "feature/a/b"));
        assertTrue(BranchGlob.matches("release/**", "release/2026/11"));
        assertEquals(List.of("release/*", "release/**"), EnvironmentSelector.branchesOf("prod", null));
    }

    @Test
    void durationsReadAsUsersWriteThem() {
        assertEquals(Duration.ofMinutes(90), Durations.parse("1h30m"));
        assertEquals(Duration.ofMillis(500), Durations.parse("500ms"));
        assertEquals("1h30m", Durations.format(Duration.ofMinutes(90)));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("10"));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("m10"));
    }
}
