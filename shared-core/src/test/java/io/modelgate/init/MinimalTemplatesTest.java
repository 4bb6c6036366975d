package io.modelgate.init;

import io.modelgate.testbed.GeneratedFiles;
import io.modelgate.testbed.SampleProjects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

/**
 * The minimal tier of pipeline-templates/ (minimal/pull-request.yml, minimal/Jenkinsfile) is what
 * {@code modelgate init} writes for the getting-started guide's sample project, at release v1: one
 * source for the templates, init and the guide (DocsExamplesTest holds the guide's blocks to them).
 */
class MinimalTemplatesTest {

    static final Path MINIMAL = Path.of("").toAbsolutePath().getParent().resolve("pipeline-templates/minimal");
    static final String VERSION = "v1";

    @TempDir
    Path dir;

    /** The files of the minimal tier, by path, as init writes them for the guide's sample. */
    static Map<Path, String> expected(Path scratch) {
        ProjectShape sample = ProjectShape.detect(SampleProjects.gettingStarted(scratch)).orElseThrow();
        StarterFiles.Choices choices = new StarterFiles.Choices(null, VERSION, StarterFiles.ACTIONS_REPOSITORY);
        return Map.of(MINIMAL.resolve("pull-request.yml"), StarterFiles.workflow(sample, choices),
                MINIMAL.resolve("Jenkinsfile"), StarterFiles.jenkinsfile(sample, choices));
    }

    @Test
    void theMinimalTemplatesAreWhatInitWritesForTheGuidesSample() throws Exception {
        GeneratedFiles.holdTo(expected(dir), MINIMAL.getParent().getParent(), "modelgate init's files for the getting-started sample",
                GeneratedFiles.REGENERATE);
    }
}
