package io.modelgate.init;

import io.modelgate.testbed.SampleProjects;
import io.modelgate.testbed.SampleProjects.Shape;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every workflow {@code modelgate init} writes, for each project shape, with and without a model,
 * passes actionlint (scripts/actionlint.sh, the version CI uses). Tagged e2e: the first run
 * installs actionlint with Go into a cache.
 */
@Tag("e2e")
class InitLintTest {

    @TempDir
    Path dir;

    private static Path repositoryRoot() {
        Path here = Path.of("").toAbsolutePath();
        while (here != null && !Files.exists(here.resolve("scripts/actionlint.sh"))) here = here.getParent();
        if (here == null) throw new IllegalStateException("scripts/actionlint.sh not found above " + Path.of("").toAbsolutePath());
        return here;
    }

    private record Lint(int code, String output) {
    }

    private static Lint actionlint(List<Path> workflows) throws Exception {
        List<String> command = new ArrayList<>(List.of(repositoryRoot().resolve("scripts/actionlint.sh").toString(), "-shellcheck=", "-pyflakes="));
        workflows.forEach(w -> command.add(w.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(10, TimeUnit.MINUTES), "actionlint did not finish");
        return new Lint(process.exitValue(), output);
    }

    @Test
    void everyWorkflowInitWritesPassesActionlint() throws Exception {
        List<Path> workflows = new ArrayList<>();
        for (Shape shape : Shape.values()) {
            ProjectShape found = ProjectShape.detect(SampleProjects.write(shape, dir.resolve(shape.name().toLowerCase()))).orElseThrow();
            for (String model : new String[] {null, "churn"}) {
                Path workflow = dir.resolve("lint/" + shape.name().toLowerCase() + (model == null ? "" : "-model") + "/.github/workflows/modelgate.yml");
                Files.createDirectories(workflow.getParent());
                Files.writeString(workflow, StarterFiles.workflow(found, new StarterFiles.Choices(model, "v1.2.0", "acme/modelgate")));
                workflows.add(workflow);
            }
        }
        Lint lint = actionlint(workflows);
        assertEquals(0, lint.code(), lint.output());
        assertEquals(2 * Shape.values().length, workflows.size());

        // The check can fail: a workflow with a mistake actionlint knows is refused.
        Path broken = workflows.get(0).resolveSibling("broken.yml");
        Files.writeString(broken, Files.readString(workflows.get(0)).replace("runs-on: ubuntu-latest", "runs-on: ubuntu-latest\n    timeout-minutes: soon"));
        Lint refused = actionlint(List.of(broken));
        assertNotEquals(0, refused.code(), refused.output());
        assertTrue(refused.output().contains("timeout-minutes"), refused.output());
    }
}
