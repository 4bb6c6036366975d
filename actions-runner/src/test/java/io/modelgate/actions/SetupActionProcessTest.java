package io.modelgate.actions;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * actions-runner/setup/install.sh as the setup action runs it: from a release (the jar fetched with
 * `gh release download`, here a stand-in `gh` on PATH that serves the built jar, and checked against
 * the SHA-256 committed next to the script) or from a local jar; it exports the jar's path and the
 * class-data archive's options through GITHUB_ENV.
 */
@Tag("e2e")
@EnabledIfSystemProperty(named = "modelgate.actions.jar", matches = ".+")
class SetupActionProcessTest {

    @TempDir
    Path dir;
    private final Path jar = Path.of(System.getProperty("modelgate.actions.jar"));

    private record Result(int code, String stdout, String githubEnv, List<String> ghCalls) {
    }

    /** Copies the setup action (as a checkout of the tag would hold it) and runs install.sh. */
    private Result install(String checksum, Map<String, String> extra) throws Exception {
        Path action = Files.createDirectories(dir.resolve("action"));
        Path script = action.resolve("install.sh");
        Files.copy(Path.of(System.getProperty("modelgate.actions.dir"), "setup", "install.sh"), script);
        script.toFile().setExecutable(true);
        if (checksum != null) Files.writeString(action.resolve("modelgate-actions.jar.sha256"), checksum + "  modelgate-actions.jar\n");
        // Stands in for the GitHub CLI: records its arguments and "downloads" the built jar into --dir.
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path gh = bin.resolve("gh");
        Files.writeString(gh, "#!/usr/bin/env bash\necho \"$*\" >> \"" + dir.resolve("gh-calls") + "\"\n"
                + "while [ $# -gt 0 ]; do [ \"$1\" = --dir ] && cp \"" + jar + "\" \"$2/modelgate-actions.jar\"; shift; done\n");
        gh.toFile().setExecutable(true);
        Path githubEnv = Files.createFile(dir.resolve("github-env"));
        ProcessBuilder builder = new ProcessBuilder(script.toString()).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(Map.of("PATH", bin + ":" + Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH"),
                "HOME", dir.toString(), "RUNNER_TOOL_CACHE", dir.resolve("tool-cache").toString(),
                "GITHUB_ENV", githubEnv.toString(), "GITHUB_OUTPUT", Files.createFile(dir.resolve("output")).toString(),
                "GITHUB_ACTION_REPOSITORY", "octo-org/modelgate", "GITHUB_ACTION_REF", "v1.2.0"));
        builder.environment().putAll(extra);
        Process process = builder.start();
        String stdout = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(120, TimeUnit.SECONDS));
        Path calls = dir.resolve("gh-calls");
        return new Result(process.exitValue(), stdout, Files.readString(githubEnv),
                Files.exists(calls) ? Files.readAllLines(calls) : List.of());
    }

    private String sha256() throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(jar)));
    }

    @Test
    void aReleaseJarIsDownloadedCheckedAndExportedWithItsClassDataArchive() throws Exception {
        String sha = sha256();
        Result result = install(sha, Map.of());
        assertEquals(0, result.code, result.stdout);
        assertEquals(List.of("release download v1.2.0 --repo octo-org/modelgate --pattern modelgate-actions.jar --dir "
                + dir.resolve("tool-cache/modelgate/" + sha.substring(0, 16)) + " --clobber"), result.ghCalls);
        Path installed = dir.resolve("tool-cache/modelgate/" + sha.substring(0, 16) + "/modelgate-actions.jar");
        Path archive = dir.resolve("tool-cache/modelgate/" + sha.substring(0, 16) + "/modelgate-actions.jsa");
        assertEquals("MODELGATE_ACTIONS_JAR=" + installed + "\nMODELGATE_JAVA_OPTIONS=-XX:SharedArchiveFile=" + archive + "\n", result.githubEnv);
        assertTrue(Files.size(archive) > 0);
    }

    @Test
    void aJarWhoseChecksumDiffersIsRefusedAndRemoved() throws Exception {
        Result result = install("0".repeat(64), Map.of());
        assertEquals(3, result.code, result.stdout);
        assertTrue(result.stdout.startsWith("::error title=ModelGate setup::modelgate-actions.jar of octo-org/modelgate@v1.2.0 has SHA-256 "
                + sha256() + ", expected " + "0".repeat(64)), result.stdout);
        assertEquals("", result.githubEnv);
        assertFalse(Files.exists(dir.resolve("tool-cache/modelgate/0000000000000000/modelgate-actions.jar")));
    }

    @Test
    void withoutAChecksumABranchCheckoutIsRefused() throws Exception {
        Result refused = install(null, Map.of());
        assertEquals(2, refused.code);
        assertTrue(refused.stdout.startsWith("::error title=ModelGate setup::no modelgate-actions.jar.sha256 next to the setup action"), refused.stdout);
        assertEquals(List.of(), refused.ghCalls);
    }

    @Test
    void aLocalJarIsUsedAsItIs() throws Exception {
        Result result = install(null, Map.of("MODELGATE_LOCAL_JAR", jar.toString()));
        assertEquals(0, result.code, result.stdout);
        assertEquals(List.of(), result.ghCalls);
        assertTrue(result.githubEnv.startsWith("MODELGATE_ACTIONS_JAR=" + jar + "\nMODELGATE_JAVA_OPTIONS=-XX:SharedArchiveFile="), result.githubEnv);
        Files.deleteIfExists(jar.resolveSibling("modelgate-actions.jsa"));
    }
}
