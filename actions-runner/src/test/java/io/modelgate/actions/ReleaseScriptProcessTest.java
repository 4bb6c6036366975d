package io.modelgate.actions;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * scripts/release.sh, run from a copy laid out as the repository (repo/scripts/release.sh) with the jars
 * already built (MODELGATE_SKIP_BUILD=1: its Maven build is scripts/build-actions-jar.sh, too heavy
 * here): the version it accepts, the files and SHA256SUMS it writes, and the checksum --stamp pins,
 * which the setup action's install.sh then accepts for the release's jar.
 */
@Tag("e2e")
@EnabledIfSystemProperty(named = "modelgate.actions.jar", matches = ".+")
class ReleaseScriptProcessTest {

    @TempDir
    Path dir;
    private final Path actionsJar = Path.of(System.getProperty("modelgate.actions.jar"));
    private Path repo;

    private record Run(int code, String output) {
    }

    @BeforeEach
    void layOut() throws Exception {
        repo = SetupActionProcessTest.checkout(dir.resolve("repo"));
        Path script = Files.createDirectories(repo.resolve("scripts")).resolve("release.sh");
        Files.copy(Path.of(System.getProperty("modelgate.actions.dir"), "..", "scripts", "release.sh"), script);
        script.toFile().setExecutable(true);
        Files.copy(actionsJar, Files.createDirectories(repo.resolve("actions-runner/target")).resolve("modelgate-actions.jar"));
        // release.sh only copies and hashes the command-line jar: any bytes show that it does.
        Files.writeString(Files.createDirectories(repo.resolve("shared-core/target")).resolve("modelgate.jar"), "modelgate.jar of this test\n");
    }

    private Run release(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(repo.resolve("scripts/release.sh").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(Map.of("PATH", System.getenv("PATH"), "HOME", dir.toString(), "MODELGATE_SKIP_BUILD", "1"));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        return new Run(process.exitValue(), output);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2.0", "v1.2", "v1.2.0-rc.1", "main", "v1.2.0 ", ""})
    void aVersionThatIsNotVMajorMinorPatchIsRefusedInOneLine(String version) throws Exception {
        Run run = release(version);
        assertEquals(2, run.code, run.output);
        assertEquals("release.sh: VERSION must look like v1.2.0, got '" + version + "'\n", run.output);
        assertFalse(Files.exists(repo.resolve("build")));
    }

    @Test
    void theJarsAndTheirSha256SumsGoToBuildReleaseVersion() throws Exception {
        Run run = release("v1.2.0");
        assertEquals(0, run.code, run.output);
        Path out = repo.resolve("build/release/v1.2.0");
        assertArrayEquals(Files.readAllBytes(actionsJar), Files.readAllBytes(out.resolve("modelgate-actions.jar")));
        assertEquals("modelgate.jar of this test\n", Files.readString(out.resolve("modelgate.jar")));
        assertEquals(SetupActionProcessTest.sha256(out.resolve("modelgate.jar")) + "  modelgate.jar\n"
                + SetupActionProcessTest.sha256(actionsJar) + "  modelgate-actions.jar\n", Files.readString(out.resolve("SHA256SUMS")));
        Process check = new ProcessBuilder("sha256sum", "--check", "--strict", "SHA256SUMS").directory(out.toFile()).redirectErrorStream(true).start();
        assertEquals("modelgate.jar: OK\nmodelgate-actions.jar: OK\n", new String(check.getInputStream().readAllBytes()));
        assertEquals(0, check.waitFor());
        assertFalse(Files.exists(repo.resolve("actions-runner/setup/modelgate-actions.jar.sha256")), "pinned only with --stamp");
    }

    @Test
    void stampPinsTheChecksumThatTheSetupActionAcceptsForTheReleasedJar() throws Exception {
        Path out = dir.resolve("out");
        Run run = release("--stamp", "v1.2.0", out.toString());
        assertEquals(0, run.code, run.output);
        String sha = SetupActionProcessTest.sha256(actionsJar);
        assertEquals(sha + "  modelgate-actions.jar\n", Files.readString(repo.resolve("actions-runner/setup/modelgate-actions.jar.sha256")));

        // The tag's checkout as the setup action sees it, the release serving OUT_DIR's jar.
        SetupActionProcessTest.Result installed = SetupActionProcessTest.install(dir, repo, out.resolve("modelgate-actions.jar"), "v1.2.0", Map.of());
        assertEquals(0, installed.code(), installed.stdout());
        assertTrue(installed.githubEnv().startsWith("MODELGATE_ACTIONS_JAR=" + dir.resolve("tool-cache/modelgate/" + sha.substring(0, 16) + "/modelgate-actions.jar") + "\n"),
                installed.githubEnv());
    }
}
