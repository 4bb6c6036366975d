package io.modelgate.actions;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * actions-runner/setup/install.sh as the setup action runs it, from a copy of the action laid out as
 * the runner checks the repository out (repo/actions-runner/setup, the whole repository around it):
 * from a release (the jar fetched with `gh release download`, here a stand-in `gh` on PATH that
 * serves the built jar, as GitHub CLI's manual describes `gh release download TAG --repo --pattern
 * --dir --clobber`, and checked against the SHA-256 committed next to the script), from a local jar,
 * or, at a branch or commit without a checksum, built from source by repo/scripts/build-actions-jar.sh
 * (here a stand-in that copies the built jar and counts its calls: the real one is a Maven build).
 * It exports the jar's path and the class-data archive's options through GITHUB_ENV.
 */
@Tag("e2e")
@EnabledIfSystemProperty(named = "modelgate.actions.jar", matches = ".+")
class SetupActionProcessTest {

    private static final String COMMIT = "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c";

    @TempDir
    Path dir;
    private final Path jar = Path.of(System.getProperty("modelgate.actions.jar"));
    private Path repo;

    record Result(int code, String stdout, String githubEnv, String githubOutput, List<String> ghCalls) {
    }

    @BeforeEach
    void layOut() throws IOException {
        repo = checkout(dir.resolve("repo"));
    }

    /** The setup action as a checkout of the repository holds it: repo/actions-runner/setup/install.sh. */
    static Path checkout(Path repo) throws IOException {
        Path setup = Files.createDirectories(repo.resolve("actions-runner/setup"));
        Files.copy(Path.of(System.getProperty("modelgate.actions.dir"), "setup", "install.sh"), setup.resolve("install.sh"));
        setup.resolve("install.sh").toFile().setExecutable(true);
        return repo;
    }

    /**
     * Runs repo/actions-runner/setup/install.sh with the variables a runner gives an action's step,
     * the action used at {@code ref}; `gh` on PATH serves {@code served} as the release's jar.
     * Each run gets GITHUB_ENV and GITHUB_OUTPUT files of its own.
     */
    static Result install(Path dir, Path repo, Path served, String ref, Map<String, String> extra, String... args) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path gh = bin.resolve("gh");
        Files.writeString(gh, "#!/usr/bin/env bash\necho \"$*\" >> \"" + dir.resolve("gh-calls") + "\"\n"
                + "while [ $# -gt 0 ]; do [ \"$1\" = --dir ] && cp \"" + served + "\" \"$2/modelgate-actions.jar\"; shift; done\n");
        gh.toFile().setExecutable(true);
        Path run = Files.createTempDirectory(dir, "run");
        Path githubEnv = Files.createFile(run.resolve("github-env"));
        Path githubOutput = Files.createFile(run.resolve("github-output"));
        List<String> command = new ArrayList<>(List.of(repo.resolve("actions-runner/setup/install.sh").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(Map.of("PATH", bin + ":" + Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH"),
                "HOME", dir.toString(), "RUNNER_TOOL_CACHE", dir.resolve("tool-cache").toString(),
                "GITHUB_ENV", githubEnv.toString(), "GITHUB_OUTPUT", githubOutput.toString(),
                "GITHUB_ACTION_REPOSITORY", "octo-org/modelgate", "GITHUB_ACTION_REF", ref));
        builder.environment().putAll(extra);
        Process process = builder.start();
        String stdout = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(120, TimeUnit.SECONDS));
        Path calls = dir.resolve("gh-calls");
        return new Result(process.exitValue(), stdout, Files.readString(githubEnv), Files.readString(githubOutput),
                Files.exists(calls) ? Files.readAllLines(calls) : List.of());
    }

    static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private Result install(String checksum, String ref, Map<String, String> extra, String... args) throws Exception {
        if (checksum != null) {
            Files.writeString(repo.resolve("actions-runner/setup/modelgate-actions.jar.sha256"), checksum + "  modelgate-actions.jar\n");
        }
        return install(dir, repo, jar, ref, extra, args);
    }

    /**
     * Stands in for scripts/build-actions-jar.sh (a Maven build): records the call and leaves the built
     * runner jar in actions-runner/target, or fails as a broken build does.
     */
    private Path buildScript(boolean succeeds) throws IOException {
        Path script = Files.createDirectories(repo.resolve("scripts")).resolve("build-actions-jar.sh");
        Path target = repo.resolve("actions-runner/target");
        Files.writeString(script, "#!/usr/bin/env bash\nset -euo pipefail\necho build >> \"" + dir.resolve("builds") + "\"\n"
                + (succeeds ? "mkdir -p \"" + target + "\"\ncp \"" + jar + "\" \"" + target + "/modelgate-actions.jar\"\n"
                            : "echo '[ERROR] BUILD FAILURE'\nexit 1\n"));
        script.toFile().setExecutable(true);
        return dir.resolve("builds");
    }

    @Test
    void aReleaseJarIsDownloadedCheckedAndExportedWithItsClassDataArchive() throws Exception {
        String sha = sha256(jar);
        Result result = install(sha, "v1.2.0", Map.of());
        assertEquals(0, result.code, result.stdout);
        assertEquals(List.of("release download v1.2.0 --repo octo-org/modelgate --pattern modelgate-actions.jar --dir "
                + dir.resolve("tool-cache/modelgate/" + sha.substring(0, 16)) + " --clobber"), result.ghCalls);
        Path installed = dir.resolve("tool-cache/modelgate/" + sha.substring(0, 16) + "/modelgate-actions.jar");
        Path archive = dir.resolve("tool-cache/modelgate/" + sha.substring(0, 16) + "/modelgate-actions.jsa");
        assertEquals("MODELGATE_ACTIONS_JAR=" + installed + "\nMODELGATE_JAVA_OPTIONS=-XX:SharedArchiveFile=" + archive + "\n", result.githubEnv);
        assertTrue(Files.size(archive) > 0);
        assertEquals("", install(sha, "v1.2.0", Map.of(), "--locate").githubOutput, "a release needs no cache step");
    }

    @Test
    void aJarWhoseChecksumDiffersIsRefusedAndRemoved() throws Exception {
        Result result = install("0".repeat(64), "v1.2.0", Map.of());
        assertEquals(3, result.code, result.stdout);
        assertTrue(result.stdout.startsWith("::error title=ModelGate setup::modelgate-actions.jar of octo-org/modelgate@v1.2.0 has SHA-256 "
                + sha256(jar) + ", expected " + "0".repeat(64)), result.stdout);
        assertEquals("", result.githubEnv);
        assertFalse(Files.exists(dir.resolve("tool-cache/modelgate/0000000000000000/modelgate-actions.jar")));
    }

    @Test
    void aLocalJarIsUsedAsItIs() throws Exception {
        Result result = install(null, "main", Map.of("MODELGATE_LOCAL_JAR", jar.toString()));
        assertEquals(0, result.code, result.stdout);
        assertEquals(List.of(), result.ghCalls);
        assertTrue(result.githubEnv.startsWith("MODELGATE_ACTIONS_JAR=" + jar + "\nMODELGATE_JAVA_OPTIONS=-XX:SharedArchiveFile="), result.githubEnv);
        assertEquals("", install(null, "main", Map.of("MODELGATE_LOCAL_JAR", jar.toString()), "--locate").githubOutput);
        Files.deleteIfExists(jar.resolveSibling("modelgate-actions.jsa"));
    }

    @Test
    void atACommitWithoutAChecksumTheJarIsBuiltFromSourceOnceAndKeptByCommit() throws Exception {
        Path builds = buildScript(true);
        Path folder = dir.resolve("tool-cache/modelgate/source-" + COMMIT);
        Path installed = folder.resolve("modelgate-actions.jar");

        Result located = install(null, COMMIT, Map.of(), "--locate");
        assertEquals(0, located.code, located.stdout);
        assertEquals("key=" + COMMIT + "\ndir=" + folder + "\n", located.githubOutput);

        Result first = install(null, COMMIT, Map.of());
        assertEquals(0, first.code, first.stdout);
        assertTrue(first.stdout.startsWith("::notice title=ModelGate setup::no release checksum at octo-org/modelgate@" + COMMIT
                + ": building modelgate-actions.jar from source (slower"), first.stdout);
        assertTrue(first.githubEnv.startsWith("MODELGATE_ACTIONS_JAR=" + installed + "\nMODELGATE_JAVA_OPTIONS=-XX:SharedArchiveFile="
                + folder.resolve("modelgate-actions.jsa") + "\n"), first.githubEnv);
        assertEquals("jar=" + installed + "\n", first.githubOutput);
        assertArrayEquals(Files.readAllBytes(jar), Files.readAllBytes(installed));
        assertEquals(List.of(), first.ghCalls);

        // A second job on the same runner: the kept jar, no build and no notice.
        Result second = install(null, COMMIT, Map.of());
        assertEquals(0, second.code, second.stdout);
        assertFalse(second.stdout.contains("::notice"), second.stdout);
        assertEquals(first.githubEnv, second.githubEnv);
        assertEquals(List.of("build"), Files.readAllLines(builds));
    }

    @Test
    void atABranchTheBuildIsKeptByTheCheckoutsHeadCommit() throws Exception {
        buildScript(true);
        for (List<String> git : List.of(List.of("init", "-q"), List.of("add", "-A"),
                List.of("-c", "user.name=ci", "-c", "user.email=ci@example.test", "commit", "-q", "-m", "main"))) {
            List<String> command = new ArrayList<>(List.of("git", "-C", repo.toString()));
            command.addAll(git);
            assertEquals(0, new ProcessBuilder(command).inheritIO().start().waitFor());
        }
        Process revParse = new ProcessBuilder("git", "-C", repo.toString(), "rev-parse", "HEAD").start();
        String head = new String(revParse.getInputStream().readAllBytes()).trim();
        assertEquals(40, head.length(), head);

        Result result = install(null, "main", Map.of());
        assertEquals(0, result.code, result.stdout);
        assertTrue(result.stdout.startsWith("::notice title=ModelGate setup::no release checksum at octo-org/modelgate@main: building"), result.stdout);
        assertEquals("jar=" + dir.resolve("tool-cache/modelgate/source-" + head + "/modelgate-actions.jar") + "\n", result.githubOutput);
    }

    @Test
    void atABranchDownloadedWithoutGitTheKeyIsADigestOfWhatTheBuildReads() throws Exception {
        for (String file : List.of("pom.xml", "shared-core/pom.xml", "shared-core/src/main/java/A.java",
                "actions-runner/pom.xml", "actions-runner/src/main/java/B.java")) {
            Files.createDirectories(repo.resolve(file).getParent());
            Files.writeString(repo.resolve(file), file);
        }
        String key = install(null, "main", Map.of(), "--locate").githubOutput.lines().findFirst().orElseThrow();
        assertTrue(key.matches("key=[0-9a-f]{64}"), key);
        assertEquals(key, install(null, "main", Map.of(), "--locate").githubOutput.lines().findFirst().orElseThrow());
        Files.writeString(repo.resolve("actions-runner/src/main/java/B.java"), "changed");
        assertNotEquals(key, install(null, "main", Map.of(), "--locate").githubOutput.lines().findFirst().orElseThrow());
    }

    @Test
    void aFailingBuildFromSourceStopsWithAnError() throws Exception {
        Path builds = buildScript(false);
        Result result = install(null, COMMIT, Map.of());
        assertEquals(3, result.code, result.stdout);
        assertTrue(result.stdout.contains("[ERROR] BUILD FAILURE\n::error title=ModelGate setup::building modelgate-actions.jar from source at octo-org/modelgate@"
                + COMMIT + " failed"), result.stdout);
        assertEquals("", result.githubEnv);
        assertEquals("", result.githubOutput);
        assertFalse(Files.exists(dir.resolve("tool-cache/modelgate/source-" + COMMIT + "/modelgate-actions.jar")));
        assertEquals(List.of("build"), Files.readAllLines(builds));
    }
}
