package io.modelgate.invocation;

import io.modelgate.fault.Fault;
import io.modelgate.init.ProjectShape;
import io.modelgate.init.StarterFiles;
import io.modelgate.init.SuiteVersion;
import io.modelgate.step.CommonOption;
import io.modelgate.step.Param;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code modelgate init}: looks at the project in the working directory and writes a minimal
 * modelgate.yaml, the pull-request workflow and a Jenkinsfile for it; never overwrites.
 * {@code --upgrade} moves the generated workflow and Jenkinsfile to another ModelGate version.
 */
final class InitCommand implements Command {

    @Override
    public String name() {
        return "init";
    }

    @Override
    public String summary() {
        return "Write modelgate.yaml, a pull-request workflow and a Jenkinsfile for the project here (never overwrites).";
    }

    @Override
    public List<Param> params() {
        return List.of(
                Param.optional("with", Param.Type.STRING, null, "model:NAME adds the staging environment and the validation and promotion of "
                        + "that registered model on the default branch"),
                Param.flag("dry-run", "Print the files instead of writing them"),
                Param.flag("upgrade", "Only move the workflow and Jenkinsfile init wrote to another ModelGate version (--suite-version)"),
                Param.optional("suite-version", Param.Type.STRING, null, "ModelGate version the files reference: a release such as v1.2.0, "
                        + "or a branch or commit (the setup action then builds the jar from that source, slower, cached by commit); default this jar's "
                        + "release, main for a development build"),
                Param.optional("actions-repo", Param.Type.STRING, StarterFiles.ACTIONS_REPOSITORY, "Repository (owner/name) that holds "
                        + "ModelGate's actions on GitHub"));
    }

    @Override
    public List<CommonOption> options() {
        return List.of(CommonOption.DEBUG);
    }

    @Override
    public int run(Invocation invocation) {
        Path dir = invocation.options().workDir();
        String version = suiteVersion(invocation);
        boolean dryRun = flag(invocation, "dry-run");
        if (flag(invocation, "upgrade")) {
            if (invocation.param("with") != null) {
                throw Fault.usage(invocation.spell("upgrade") + " only moves the version; " + invocation.spell("with") + " adds files: run them apart");
            }
            return upgrade(invocation, dir, version, dryRun);
        }
        ProjectShape shape = ProjectShape.detect(dir).orElseThrow(() -> Fault.usage("init found no test runner it knows in " + dir
                + " (pytest: requirements.txt, pyproject.toml, setup.py or pytest.ini; Maven: pom.xml; Gradle: build.gradle; "
                + "Jest: package.json using jest): run it at the root of the project"));
        Map<String, String> files = StarterFiles.of(shape, new StarterFiles.Choices(model(invocation), version, actionsRepo(invocation)));
        StringBuilder report = new StringBuilder("found: " + String.join("; ", shape.found()) + "\n");
        if (dryRun) {
            files.forEach((path, text) -> report.append("\n==> ").append(path).append(" <==\n").append(text));
            invocation.print(report.append("\n(").append(invocation.spell("dry-run")).append(": nothing written)\n").toString());
            return 0;
        }
        List<String> existing = files.keySet().stream().filter(path -> Files.exists(dir.resolve(path))).toList();
        if (!existing.isEmpty()) {
            throw Fault.usage("init would overwrite " + String.join(", ", existing) + ": nothing was written; move "
                    + (existing.size() > 1 ? "them" : "it") + " aside, or print what init would write with " + invocation.spell("dry-run"));
        }
        files.forEach((path, text) -> write(dir.resolve(path), text));
        files.keySet().forEach(path -> report.append("wrote ").append(path).append('\n'));
        shape.notes().forEach(note -> report.append("note: ").append(note).append('\n'));
        report.append("next: modelgate unit-tests runs the gate here; commit the files and open a pull request");
        if (StarterFiles.ACTIONS_REPOSITORY.equals(actionsRepo(invocation))) {
            report.append(";\n      in ").append(StarterFiles.WORKFLOW).append(" replace ").append(StarterFiles.ACTIONS_REPOSITORY)
                    .append(" with the repository that holds ModelGate's actions");
        }
        invocation.print(report.append('\n').toString());
        return 0;
    }

    /** Moves every ModelGate reference of the workflow and the Jenkinsfile to {@code version}. */
    private static int upgrade(Invocation invocation, Path dir, String version, boolean dryRun) {
        List<String> present = new ArrayList<>();
        for (String path : List.of(StarterFiles.WORKFLOW, StarterFiles.JENKINSFILE)) {
            if (Files.isRegularFile(dir.resolve(path))) present.add(path);
        }
        if (present.isEmpty()) {
            throw Fault.usage("nothing to upgrade: no " + StarterFiles.WORKFLOW + " or " + StarterFiles.JENKINSFILE + " in " + dir + " (modelgate init writes them)");
        }
        StringBuilder report = new StringBuilder();
        for (String path : present) {
            String text = read(dir.resolve(path));
            Set<String> before = SuiteVersion.referenced(text);
            if (before.isEmpty()) {
                report.append(path).append(": references no ModelGate version; left as it is\n");
            } else if (before.equals(Set.of(version))) {
                report.append(path).append(": already at ").append(version).append('\n');
            } else {
                if (!dryRun) write(dir.resolve(path), SuiteVersion.rewrite(text, version));
                report.append(dryRun ? "would upgrade " : "upgraded ").append(path).append(": ").append(String.join(", ", before))
                        .append(" -> ").append(version).append('\n');
            }
        }
        invocation.print(report.toString());
        return 0;
    }

    private static String suiteVersion(Invocation invocation) {
        String given = invocation.param("suite-version");
        if (given == null) return SuiteVersion.ofJar(CatalogueJson.version());
        String version = SuiteVersion.normalize(given);
        if (version == null) {
            throw Fault.usage(invocation.spell("suite-version") + ": expected a release (v1.2.0), a branch or a commit, got \"" + given + "\"");
        }
        return version;
    }

    private static String model(Invocation invocation) {
        String with = invocation.param("with");
        if (with == null) return null;
        if (!with.matches("model:[A-Za-z0-9][A-Za-z0-9_.-]*")) {
            throw Fault.usage(invocation.spell("with") + ": expected model:NAME (the registered model's name), got \"" + with + "\"");
        }
        return with.substring("model:".length());
    }

    private static String actionsRepo(Invocation invocation) {
        String repo = invocation.param("actions-repo");
        if (repo == null) return StarterFiles.ACTIONS_REPOSITORY;
        if (!repo.matches("[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+")) {
            throw Fault.usage(invocation.spell("actions-repo") + ": expected owner/name of a GitHub repository, got \"" + repo + "\"");
        }
        return repo;
    }

    private static boolean flag(Invocation invocation, String name) {
        String value = invocation.param(name);
        if (value == null || value.equalsIgnoreCase("false")) return false;
        if (value.equalsIgnoreCase("true")) return true;
        throw Fault.usage(invocation.spell(name) + ": expected true or false, got \"" + value + "\"");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw Fault.usage(file + ": cannot be read: " + e.getMessage());
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw Fault.infrastructure(file + ": cannot be written: " + e.getMessage(), e);
        }
    }
}
