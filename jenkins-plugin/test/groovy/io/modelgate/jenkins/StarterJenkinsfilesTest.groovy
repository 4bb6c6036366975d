package io.modelgate.jenkins

import com.lesfurets.jenkins.unit.BasePipelineTest
import io.modelgate.init.ProjectShape
import io.modelgate.init.StarterFiles
import io.modelgate.testbed.SampleProjects
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.EnumSource

import java.nio.file.Files
import java.nio.file.Path

import static org.junit.jupiter.api.Assertions.assertEquals
import static org.junit.jupiter.api.Assertions.assertTrue

/**
 * The Jenkinsfiles {@code modelgate init} writes, for each project shape, load the library at the
 * version they name and run in the simulated Declarative Pipeline: the project's set-up, then
 * modelgateUnitTests with failOnEmpty; with a model, on the default branch, modelgateValidateModel
 * in staging with the token bound. The minimal template (pipeline-templates/minimal/Jenkinsfile)
 * is one of them.
 */
class StarterJenkinsfilesTest extends BasePipelineTest {

    static final Path MINIMAL = SimulatedPipeline.LIBRARY.resolveSibling('pipeline-templates').resolve('minimal').resolve('Jenkinsfile')

    @TempDir
    Path workspace
    @TempDir
    Path projects
    SimulatedPipeline pipeline
    DeclarativeDsl declarative
    /** Each ModelGate step call: its name and params document. */
    List<List> calls = []
    /** The sh scripts of the Jenkinsfile itself: the project's set-up. */
    List<String> setUp = []
    /** The environment each step ran with. */
    List<Map> stepEnv = []

    @BeforeEach
    void start() {
        pipeline = new SimulatedPipeline(this, workspace)
        pipeline.configure()
        setUp()
        pipeline.install()
        // The versions the files name, served by this checkout of the library.
        ['v1', 'v1.2.0'].each { Files.createSymbolicLink(workspace.resolve(".libs/modelgate@${it}"), SimulatedPipeline.LIBRARY) }
        declarative = new DeclarativeDsl(this)
        declarative.install()
        pipeline.env().MODELGATE_JAR = '/opt/modelgate/modelgate.jar'
        pipeline.env().WORKSPACE = '/agent/workspace/churn'
        pipeline.credentialStore['mlflow-staging-token'] = 'staging-token'
        // The project's set-up, sh 'script' in the Jenkinsfile.
        helper.registerAllowedMethod('sh', [String]) { String script -> setUp.add(script) }
        pipeline.shHandler = { Map args, Map env ->
            String step = CoreAnswers.step((String) args.script)
            calls.add([step, new groovy.json.JsonSlurper().parse(workspace.resolve((String) env.MODELGATE_PARAMS).toFile())])
            stepEnv.add(env)
            return CoreAnswers.write(workspace.resolve((String) env.MODELGATE_OUTPUT_DIR), step, 0, "${step} answered", [:])
        }
    }

    private String jenkinsfile(SampleProjects.Shape shape, String model) {
        Path project = SampleProjects.write(shape, projects.resolve(shape.name().toLowerCase()))
        ProjectShape found = ProjectShape.detect(project).get()
        return StarterFiles.jenkinsfile(found, new StarterFiles.Choices(model, 'v1.2.0', 'acme/modelgate'))
    }

    private void expectSetUp(SampleProjects.Shape shape) {
        switch (shape) {
            case SampleProjects.Shape.PYTEST_REQUIREMENTS:
            case SampleProjects.Shape.PYTEST_MLFLOW:
                assertEquals(['python3 -m venv .venv && .venv/bin/pip install -r requirements.txt'], setUp)
                assertEquals('/agent/workspace/churn/.venv/bin', stepEnv[0]['PATH+VENV'], 'the venv comes first on the PATH of the tests')
                break
            case SampleProjects.Shape.PYTEST_PYPROJECT:
                assertEquals(['python3 -m venv .venv && .venv/bin/pip install -e .'], setUp)
                break
            case SampleProjects.Shape.PYTEST_BARE:
                assertEquals(['python3 -m venv .venv && .venv/bin/pip install pytest'], setUp)
                break
            case SampleProjects.Shape.JEST:
                assertEquals(['npm ci'], setUp)
                break
            case SampleProjects.Shape.JEST_WITHOUT_REPORTER:
                assertEquals(['npm install'], setUp)
                break
            default:
                assertEquals([], setUp, 'the JVM builds need no set-up on an agent with Java')
        }
    }

    @ParameterizedTest
    @EnumSource(SampleProjects.Shape)
    void everyShapesJenkinsfileSetsUpAndRunsTheUnitTestGate(SampleProjects.Shape shape) {
        pipeline.env().putAll([BRANCH_NAME: 'PR-7', CHANGE_ID: '7', CHANGE_TARGET: 'main'])

        pipeline.run(jenkinsfile(shape, null))

        assertEquals([['unit-tests', ['fail-on-empty': true]]], calls)
        expectSetUp(shape)
        assertEquals('SUCCESS', pipeline.build().result)
    }

    @ParameterizedTest
    @EnumSource(SampleProjects.Shape)
    void withAModelTheDefaultBranchAlsoValidatesAndPromotesItInStaging(SampleProjects.Shape shape) {
        pipeline.env().BRANCH_NAME = 'main'

        pipeline.run(jenkinsfile(shape, 'churn'))

        assertEquals([['unit-tests', ['fail-on-empty': true]], ['validate-model', [model: 'churn', 'promote-on-pass': 'champion']]], calls)
        assertEquals('staging', stepEnv[1].MODELGATE_ENV)
        assertEquals('staging-token', stepEnv[1].MLFLOW_STAGING_TOKEN)
        assertEquals(null, stepEnv[0].MLFLOW_STAGING_TOKEN, 'unit tests get no secret')
    }

    @Test
    void aPullRequestWithAModelRunsOnlyTheUnitTests() {
        pipeline.env().putAll([BRANCH_NAME: 'PR-7', CHANGE_ID: '7', CHANGE_TARGET: 'main'])

        pipeline.run(jenkinsfile(SampleProjects.Shape.PYTEST_MLFLOW, 'churn'))

        assertEquals(['unit-tests'], calls.collect { it[0] })
    }

    @Test
    void theMinimalTemplateRunsTheGuidesGate() {
        pipeline.env().putAll([BRANCH_NAME: 'PR-7', CHANGE_ID: '7', CHANGE_TARGET: 'main'])
        String template = MINIMAL.text
        assertTrue(template.contains("@Library('modelgate@v1') _"), template)

        pipeline.run(template)

        assertEquals([['unit-tests', ['fail-on-empty': true]]], calls)
        assertEquals(['python3 -m venv .venv && .venv/bin/pip install -r requirements.txt'], setUp)
    }

    @Test
    void aFailingGateFailsTheBuild() {
        pipeline.shHandler = { Map args, Map env ->
            CoreAnswers.write(workspace.resolve((String) env.MODELGATE_OUTPUT_DIR), 'unit-tests', 1, '1 of 2 tests failed', [:])
        }

        String message = pipeline.runAndFail(MINIMAL.text)

        assertTrue(message.startsWith('modelgate unit-tests: the gate failed (exit 1): '), message)
        assertEquals('FAILURE', pipeline.build().result)
    }
}
