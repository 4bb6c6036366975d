package io.modelgate.actions;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * scripts/actionlint.sh finds nothing in the actions, the workflows and the pipeline templates.
 * Tagged e2e: the first run installs actionlint with Go into a cache.
 */
@Tag("e2e")
class PipelineTemplatesLintTest {

    @Test
    void actionlintFindsNothing() throws Exception {
        Process process = new ProcessBuilder(PipelineTemplatesTest.ROOT.resolve("scripts").resolve("actionlint.sh").toString())
                .directory(PipelineTemplatesTest.ROOT.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(10, TimeUnit.MINUTES), "actionlint.sh did not finish");

        assertEquals(0, process.exitValue(), output);
        // Every template is linted, however many there are (a count written here went stale when one was added).
        long templates;
        try (var files = java.nio.file.Files.list(PipelineTemplatesTest.ROOT.resolve("pipeline-templates").resolve("github"))) {
            templates = files.filter(f -> f.toString().endsWith(".yml")).count();
        }
        assertTrue(output.contains(templates + " pipeline template(s) clean"), output);
    }
}
