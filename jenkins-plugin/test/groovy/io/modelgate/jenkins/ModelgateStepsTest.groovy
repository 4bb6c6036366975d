package io.modelgate.jenkins

import com.lesfurets.jenkins.unit.BasePipelineTest
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.ValueSource

import java.nio.file.Path

import static org.junit.jupiter.api.Assertions.assertEquals
import static org.junit.jupiter.api.Assertions.assertFalse
import static org.junit.jupiter.api.Assertions.assertTrue

/** Each step in the simulated Pipeline (plain Groovy): arguments, the sh call, reports, exit codes, credentials, the jar. */
class ModelgateStepsTest extends BasePipelineTest {

    @TempDir
    Path workspace
    SimulatedPipeline pipeline

    @BeforeEach
    void start() {
        pipeline = new SimulatedPipeline(this, workspace)
        pipeline.configure()
        setUp()
        pipeline.install()
        pipeline.env().MODELGATE_JAR = '/opt/modelgate/modelgate.jar'
    }

    /** The core answers with reports for this exit code, as the jar would. */
    private void coreAnswers(int exitCode, String headline, Map outputs = [:]) {
        pipeline.shHandler = { Map args, Map env ->
            String step = CoreAnswers.step((String) args.script)
            return CoreAnswers.write(workspace.resolve((String) env.MODELGATE_OUTPUT_DIR), step, exitCode, headline, outputs)
        }
    }

    @Test
    void validateModelHappyPath() {
        coreAnswers(0, 'version 7 beats champion 6 on 2 metrics', ['candidate-version': '7', 'baseline-version': '6', passed: 'true'])

        Map outputs = (Map) pipeline.run('''
            @Library('modelgate') _
            return modelgateValidateModel(model: 'fraud-detector', candidate: 'latest', config: 'ml/modelgate.yaml', environment: 'staging')
        ''')

        assertEquals([candidateVersion: '7', baselineVersion: '6', passed: 'true'], outputs)
        assertEquals(1, pipeline.shCalls.size())
        Map sh = pipeline.shCalls[0]
        assertEquals('validate-model --params-file "$MODELGATE_PARAMS" --output-dir "$MODELGATE_OUTPUT_DIR"' +
                ' --config "$MODELGATE_CONFIG" --env "$MODELGATE_ENV"', CoreAnswers.invocation((String) sh.script))
        assertTrue(((String) sh.script).contains(' -XX:TieredStopAtLevel=1 -jar "$MODELGATE_JAR" validate-model '),
                'a short step runs with the catalogue\'s C1-only option: ' + sh.script)
        assertTrue(sh.returnStatus)
        assertEquals('/opt/modelgate/modelgate.jar', sh.env.MODELGATE_JAR)
        assertEquals('build/modelgate/validate-model', sh.env.MODELGATE_OUTPUT_DIR)
        assertEquals('ml/modelgate.yaml', sh.env.MODELGATE_CONFIG)
        assertEquals('staging', sh.env.MODELGATE_ENV)
        assertEquals('jenkins', sh.env.MODELGATE_FRONT_END, 'the jar names arguments as Jenkins users write them')
        assertEquals([model: 'fraud-detector', candidate: 'latest'], pipeline.params(sh))
        assertEquals([[testResults: 'build/modelgate/validate-model/junit-*.xml', allowEmptyResults: true]], pipeline.junitCalls)
        assertEquals([[artifacts: 'build/modelgate/validate-model/**', excludes: 'build/modelgate/validate-model/params.json', allowEmptyArchive: true]],
                pipeline.archiveCalls)
        assertEquals('✅ validate-model passed: version 7 beats champion 6 on 2 metrics', pipeline.build().description)
        assertEquals('SUCCESS', pipeline.build().result)
    }

    @Test
    void exitOneFailsTheBuildAfterPublishingTheReports() {
        coreAnswers(1, 'roc_auc 0.71 is below the threshold 0.80')

        String message = pipeline.runAndFail('''
            @Library('modelgate') _
            modelgateValidateModel(model: 'fraud-detector')
        ''')

        assertEquals('modelgate validate-model: the gate failed (exit 1): ❌ validate-model failed: roc_auc 0.71 is below the threshold 0.80', message)
        assertEquals('FAILURE', pipeline.build().result)
        assertEquals(1, pipeline.junitCalls.size())
        assertEquals(1, pipeline.archiveCalls.size())
        assertTrue(workspace.resolve('build/modelgate/validate-model/junit-validate-model.xml').toFile().isFile())
        assertEquals('❌ validate-model failed: roc_auc 0.71 is below the threshold 0.80', pipeline.build().description)
    }

    @Test
    void exitOneWithUnstableOnFailureMarksTheBuildUnstableAndReturnsTheOutputs() {
        coreAnswers(1, '3 of 120 tests failed', [total: '120', failed: '3', skipped: '0', flaky: '1'])

        Map outputs = (Map) pipeline.run('''
            @Library('modelgate') _
            def outputs = modelgateUnitTests(unstableOnFailure: true)
            echo "after the step: ${outputs.failed} failed"
            return outputs
        ''')

        assertEquals([total: '120', failed: '3', skipped: '0', flaky: '1'], outputs)
        assertEquals('UNSTABLE', pipeline.build().result)
        assertEquals(['modelgate unit-tests: ❌ unit-tests failed: 3 of 120 tests failed'], pipeline.unstableMessages)
    }

    @ParameterizedTest
    @ValueSource(ints = [2, 3])
    void usageAndInfrastructureErrorsFailTheBuildWithTheMessage(int exitCode) {
        coreAnswers(exitCode, exitCode == 2 ? 'modelgate.yaml:12: jobs.train.app: missing' : 'MLflow at http://127.0.0.1:5000 is unreachable')

        String message = pipeline.runAndFail('''
            @Library('modelgate') _
            modelgateSparkSubmit(job: 'train', unstableOnFailure: true)
        ''')

        assertEquals(exitCode == 2
                ? 'modelgate spark-submit: usage or configuration error (exit 2): ⚠️ spark-submit error: modelgate.yaml:12: jobs.train.app: missing'
                : 'modelgate spark-submit: infrastructure error (exit 3): ⚠️ spark-submit error: MLflow at http://127.0.0.1:5000 is unreachable', message)
        assertEquals('FAILURE', pipeline.build().result, 'unstableOnFailure is for a failed gate only')
        assertEquals(1, pipeline.junitCalls.size())
    }

    @Test
    void anExitCodeOutsideTheContractFailsTheBuild() {
        pipeline.shHandler = { Map args, Map env -> 127 }

        String message = pipeline.runAndFail('''
            @Library('modelgate') _
            modelgateCheckData(table: 'features')
        ''')

        assertEquals("modelgate check-data: the command exited with 127 (is java on the agent's PATH?); see the log above", message)
        assertEquals(null, pipeline.build().description)
    }

    @Test
    void unknownArgumentIsRefusedBeforeAnythingRuns() {
        String message = pipeline.runAndFail('''
            @Library('modelgate') _
            modelgateSparkSubmit(job: 'train', jobb: 'typo')
        ''')

        // The step's parameters, then the common arguments as the catalogue's one declaration of the common options spells them for Jenkins.
        List<String> common = Catalogue.json().common.findAll { it.spelling.jenkins }.collect { it.spelling.jenkins }
        assertEquals(['config', 'environment', 'outputDir', 'debug', 'credentials', 'githubCredentials', 'unstableOnFailure', 'jar'], common)
        assertEquals("modelgateSparkSubmit: unknown argument 'jobb'; it takes job, timeout, ${common.join(', ')}; did you mean 'job'?".toString(), message)
        assertTrue(pipeline.shCalls.isEmpty())
        assertFalse(workspace.resolve('build').toFile().exists(), 'no params document is written for a refused call')
    }

    @Test
    void debugAsksTheJarForTheStackTrace() {
        coreAnswers(0, 'ok')

        pipeline.run('''
            @Library('modelgate') _
            modelgateCheckData(table: 'features', debug: true)
        ''')

        assertEquals('check-data --params-file "$MODELGATE_PARAMS" --output-dir "$MODELGATE_OUTPUT_DIR" --debug',
                CoreAnswers.invocation((String) pipeline.shCalls[0].script))
        assertFalse(((String) pipeline.shCalls[0].script).contains('TieredStopAtLevel'), 'check-data computes: C2 stays')
        assertEquals("modelgateCheckData: argument 'debug' must be true or false, got 'yes'", pipeline.runAndFail('''
            @Library('modelgate') _
            modelgateCheckData(table: 'features', debug: 'yes')
        '''))
    }

    @Test
    void missingRequiredArgumentsAndWrongTypesAreAllReported() {
        String message = pipeline.runAndFail('''
            @Library('modelgate') _
            modelgatePromoteModel(model: 'fraud-detector', dryRun: 'yes', credentials: 'mlflow-token')
        ''')

        assertEquals(["modelgatePromoteModel: missing required argument 'version'",
                      "modelgatePromoteModel: missing required argument 'to'",
                      "modelgatePromoteModel: argument 'dryRun' must be true or false, got 'yes'",
                      "modelgatePromoteModel: argument 'credentials' must map environment variables to credential ids, e.g. [MLFLOW_PROD_TOKEN: 'mlflow-prod-token'], got 'mlflow-token'"].join('\n'),
                message)
        assertTrue(pipeline.shCalls.isEmpty())
    }

    @Test
    void anEmptyStringIsNotGivenAsABlankJenkinsParameterArrives() {
        String message = pipeline.runAndFail('''
            @Library('modelgate') _
            modelgateSparkSubmit(job: '')
        ''')

        assertEquals("modelgateSparkSubmit: missing required argument 'job'", message)
    }

    @Test
    void integerArgumentsTakeNumbersOrDigitsOnly() {
        String message = pipeline.runAndFail('''
            @Library('modelgate') _
            modelgateUnitTests(retries: 'twice')
        ''')

        assertEquals("modelgateUnitTests: argument 'retries' must be a whole number, got 'twice'", message)
    }

    @Test
    void userValuesReachTheJarOnlyInsideTheJsonDocument() {
        coreAnswers(0, 'promoted')
        String hostile = "v1'; rm -rf / #\"\$HOME`id`\n"
        pipeline.env().HOSTILE = hostile

        pipeline.run('''
            @Library('modelgate') _
            modelgatePromoteModel(model: "fraud ${env.HOSTILE}", version: 7, to: 'champion', dryRun: true)
        ''')

        Map sh = pipeline.shCalls[0]
        assertEquals('promote-model --params-file "$MODELGATE_PARAMS" --output-dir "$MODELGATE_OUTPUT_DIR"', CoreAnswers.invocation((String) sh.script))
        assertEquals([model: 'fraud ' + hostile, version: 7, to: 'champion', 'dry-run': true], pipeline.params(sh))
    }

    @Test
    void credentialsAreBoundToTheNamedVariablesAndNeverWritten() {
        coreAnswers(0, 'promoted version 7 to champion')
        pipeline.credentialStore['mlflow-prod-token'] = 's3cr3t-token'

        pipeline.run('''
            @Library('modelgate') _
            modelgatePromoteModel(model: 'fraud-detector', version: '7', to: 'champion', credentials: [MLFLOW_PROD_TOKEN: 'mlflow-prod-token'])
        ''')

        Map sh = pipeline.shCalls[0]
        assertEquals('s3cr3t-token', sh.env.MLFLOW_PROD_TOKEN)
        assertFalse(((String) sh.script).contains('s3cr3t'))
        assertFalse(workspace.resolve(sh.env.MODELGATE_PARAMS).text.contains('s3cr3t'))
        assertFalse(pipeline.env().containsKey('MLFLOW_PROD_TOKEN'), 'the binding ends with the step')
    }

    @Test
    void githubCredentialsPublishToGitHubWithTheTokenBoundAndTheRepositoryFromTheCloneUrl() {
        coreAnswers(0, 'validated version 7')
        pipeline.credentialStore['github-token'] = 'ghp-s3cr3t'
        pipeline.env().GIT_URL = 'git@github.com:acme/fraud-models.git'
        pipeline.env().CHANGE_ID = '42'

        pipeline.run('''
            @Library('modelgate') _
            modelgateValidateModel(model: 'fraud-detector', githubCredentials: 'github-token')
        ''')

        Map sh = pipeline.shCalls[0]
        assertEquals('validate-model --params-file "$MODELGATE_PARAMS" --output-dir "$MODELGATE_OUTPUT_DIR" --publish-github', CoreAnswers.invocation((String) sh.script))
        assertEquals('ghp-s3cr3t', sh.env.GITHUB_TOKEN)
        assertEquals('acme/fraud-models', sh.env.GITHUB_REPOSITORY)
        assertEquals([model: 'fraud-detector'], pipeline.params(sh), 'githubCredentials is the library\'s, not a step parameter')
    }

    @Test
    void githubCredentialsWithoutAGitHubRepositoryFailBeforeTheJarRuns() {
        pipeline.credentialStore['github-token'] = 'ghp-s3cr3t'
        pipeline.env().GIT_URL = 'file:///srv/git/models'

        String message = pipeline.runAndFail('''
            @Library('modelgate') _
            modelgateUnitTests(githubCredentials: 'github-token')
        ''')

        assertEquals("modelgateUnitTests: githubCredentials needs the repository: set GITHUB_REPOSITORY=owner/name, " +
                "or build from a GitHub clone URL (GIT_URL is 'file:///srv/git/models')", message)
        assertTrue(pipeline.shCalls.isEmpty())
    }

    @Test
    void anUnknownCredentialIdFailsTheBuildAndNothingRuns() {
        String message = pipeline.runAndFail('''
            @Library('modelgate') _
            modelgateRollbackModel(model: 'fraud-detector', credentials: [MLFLOW_PROD_TOKEN: 'no-such-credential'])
        ''')

        assertEquals("Could not find credentials entry with ID 'no-such-credential'", message)
        assertTrue(pipeline.shCalls.isEmpty())
    }

    @Test
    void theJarArgumentWinsOverMODELGATE_JAR() {
        coreAnswers(0, 'ok')

        pipeline.run('''
            @Library('modelgate') _
            modelgateCheckData(table: 'features', jar: '/tools/modelgate-0.1.0.jar', outputDir: 'reports/features')
        ''')

        assertEquals('/tools/modelgate-0.1.0.jar', pipeline.shCalls[0].env.MODELGATE_JAR)
        assertEquals('reports/features', pipeline.shCalls[0].env.MODELGATE_OUTPUT_DIR)
        assertTrue(workspace.resolve('reports/features/result.json').toFile().isFile())
    }

    @Test
    void withoutAJarTheLibraryFetchesItsOwnVersionFromTheConfiguredRepository() {
        pipeline.env().remove('MODELGATE_JAR')
        pipeline.env().MODELGATE_MAVEN_REPOSITORY = 'https://repo.example.test/maven2'
        String fetchScript = SimulatedPipeline.LIBRARY.resolve('resources/io/modelgate/fetch-jar.sh').text
        pipeline.shHandler = { Map args, Map env ->
            if (args.returnStdout) {
                return '/home/agent/.cache/modelgate/0.1.0/modelgate-0.1.0.jar\n'
            }
            return CoreAnswers.write(workspace.resolve((String) env.MODELGATE_OUTPUT_DIR), 'unit-tests', 0, 'ok', [:])
        }

        pipeline.run('''
            @Library('modelgate') _
            modelgateUnitTests()
        ''')

        assertEquals(2, pipeline.shCalls.size())
        Map fetch = pipeline.shCalls[0]
        assertEquals(fetchScript, fetch.script)
        assertEquals('https://repo.example.test/maven2', fetch.env.MODELGATE_REPOSITORY)
        assertEquals(Catalogue.version(), fetch.env.MODELGATE_VERSION)
        assertEquals('/home/agent/.cache/modelgate/0.1.0/modelgate-0.1.0.jar', pipeline.shCalls[1].env.MODELGATE_JAR)
    }

    @Test
    void withNeitherJarNorRepositoryTheStepSaysWhatToSet() {
        pipeline.env().remove('MODELGATE_JAR')

        String message = pipeline.runAndFail('''
            @Library('modelgate') _
            modelgateUnitTests()
        ''')

        assertEquals("modelgateUnitTests: no modelgate jar: pass jar: '/path/to/modelgate.jar', set MODELGATE_JAR, or set MODELGATE_MAVEN_REPOSITORY " +
                "to the URL of a Maven repository that serves io.modelgate:shared-core:${Catalogue.version()}:cli", message)
    }
}
