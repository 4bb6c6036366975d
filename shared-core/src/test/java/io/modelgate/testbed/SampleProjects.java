package io.modelgate.testbed;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Small projects of each shape {@code modelgate init} knows, written into a folder: the matrix its
 * tests run on (config validate, actionlint, the Jenkinsfiles in the simulated Pipeline), and the
 * getting-started guide's own sample.
 */
public final class SampleProjects {

    /** A project shape: its build files and tests, as a new project would have them. */
    public enum Shape {
        /** pytest, dependencies in requirements.txt, tests in tests/unit. */
        PYTEST_REQUIREMENTS,
        /** pytest declared as an optional dependency in pyproject.toml, tests in tests/, a pinned Python. */
        PYTEST_PYPROJECT,
        /** Only a pytest.ini and a test file at the root: pytest is not declared anywhere. */
        PYTEST_BARE,
        /** A Python project that trains with MLflow: registers a model, logs a loss, names its tracking server. */
        PYTEST_MLFLOW,
        /** Maven with its wrapper. */
        MAVEN,
        /** Gradle (Kotlin DSL) with its wrapper. */
        GRADLE,
        /** Jest with the jest-junit reporter and a lock file. */
        JEST,
        /** Jest run by the test script, without the JUnit reporter. */
        JEST_WITHOUT_REPORTER
    }

    private SampleProjects() {
    }

    /** Writes a project of {@code shape} into {@code dir} (created), in a git repository on main with a GitHub remote. */
    public static Path write(Shape shape, Path dir) {
        switch (shape) {
            case PYTEST_REQUIREMENTS -> {
                file(dir, "requirements.txt", "pytest==8.3.4\nnumpy\n");
                file(dir, "tests/unit/test_scoring.py", "def test_score_is_a_probability():\n    assert 0 <= 0.3 <= 1\n");
            }
            case PYTEST_PYPROJECT -> {
                file(dir, "pyproject.toml", """
                        [project]
                        name = "scoring"
                        version = "0.1.0"
                        dependencies = ["numpy"]

                        [project.optional-dependencies]
                        test = ["pytest>=8"]
                        """);
                file(dir, ".python-version", "3.12\n");
                file(dir, "tests/test_scoring.py", "def test_score_is_a_probability():\n    assert 0 <= 0.3 <= 1\n");
            }
            case PYTEST_BARE -> {
                file(dir, "pytest.ini", "[pytest]\n");
                file(dir, "test_scoring.py", "def test_score_is_a_probability():\n    assert 0 <= 0.3 <= 1\n");
            }
            case PYTEST_MLFLOW -> {
                file(dir, "requirements.txt", "mlflow==3.1.0\nscikit-learn\npytest\n");
                file(dir, "tests/unit/test_features.py", "def test_features():\n    assert True\n");
                file(dir, "jobs/train.py", """
                        import mlflow
                        from sklearn.linear_model import LogisticRegression

                        mlflow.set_tracking_uri("https://mlflow.acme.example")
                        with mlflow.start_run():
                            model = LogisticRegression().fit([[0.0], [1.0]], [0, 1])
                            mlflow.log_metric("val_loss", 0.31)
                            mlflow.sklearn.log_model(model, "model", registered_model_name="churn")
                        """);
            }
            case MAVEN -> {
                file(dir, "pom.xml", "<project><modelVersion>4.0.0</modelVersion><groupId>com.example</groupId>"
                        + "<artifactId>scoring</artifactId><version>1.0</version></project>\n");
                file(dir, "mvnw", "#!/bin/sh\nexec mvn \"$@\"\n");
                file(dir, "src/test/java/com/example/ScoringTest.java", "package com.example;\nclass ScoringTest {}\n");
            }
            case GRADLE -> {
                file(dir, "build.gradle.kts", "plugins { java }\n");
                file(dir, "gradlew", "#!/bin/sh\nexec gradle \"$@\"\n");
                file(dir, "src/test/java/com/example/ScoringTest.java", "package com.example;\nclass ScoringTest {}\n");
            }
            case JEST -> {
                file(dir, "package.json", "{\n  \"name\": \"scoring\",\n  \"scripts\": { \"test\": \"jest\" },\n"
                        + "  \"devDependencies\": { \"jest\": \"^29.7.0\", \"jest-junit\": \"^16.0.0\" }\n}\n");
                file(dir, "package-lock.json", "{}\n");
                file(dir, ".nvmrc", "v18\n");
                file(dir, "score.test.js", "test('a probability', () => { expect(0.3).toBeLessThan(1); });\n");
            }
            case JEST_WITHOUT_REPORTER -> {
                file(dir, "package.json", "{\n  \"name\": \"scoring\",\n  \"scripts\": { \"test\": \"jest --coverage\" }\n}\n");
                file(dir, "score.test.js", "test('a probability', () => { expect(0.3).toBeLessThan(1); });\n");
            }
        }
        git(dir, "https://github.com/acme/" + dir.getFileName() + ".git", null);
        return dir;
    }

    /**
     * The project docs/getting-started.md walks through: churn-model, pytest from requirements.txt,
     * two unit tests of which one fails (the guide fixes it), a git repository on main whose remote
     * is on GitHub.
     */
    public static Path gettingStarted(Path dir) {
        file(dir, "requirements.txt", "pytest\n");
        file(dir, "tests/unit/test_features.py", """
                def round_to_cents(amount):
                    return round(amount + 1e-9, 2)


                def test_amount_is_rounded_to_cents():
                    assert round_to_cents(10.456) == 10.45


                def test_negative_amounts_are_kept():
                    assert round_to_cents(-3.2) == -3.2
                """);
        git(dir, "https://github.com/acme/churn-model.git", null);
        return dir;
    }

    /** Makes {@code dir} a git repository on main with remote origin at {@code url}; {@code remoteHead} is the branch the remote's HEAD points at, or null. */
    public static void git(Path dir, String url, String remoteHead) {
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            Repository repository = git.getRepository();
            StoredConfig config = repository.getConfig();
            config.setString("remote", "origin", "url", url);
            config.save();
            if (remoteHead != null) {
                RefUpdate head = repository.updateRef("refs/remotes/origin/HEAD");
                head.link("refs/remotes/origin/" + remoteHead);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot make " + dir + " a git repository", e);
        }
    }

    private static void file(Path dir, String relative, String text) {
        try {
            Path file = dir.resolve(relative);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
