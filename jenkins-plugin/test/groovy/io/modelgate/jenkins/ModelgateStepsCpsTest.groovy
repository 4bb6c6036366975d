package io.modelgate.jenkins

import com.lesfurets.jenkins.unit.cps.BasePipelineTestCPS
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir

import java.nio.file.Path

import static org.junit.jupiter.api.Assertions.assertEquals

/**
 * The library under the CPS interpreter Jenkins runs Pipelines with. The library is loaded from
 * source (its compiled classes are kept off the test classpath), so JenkinsPipelineUnit's CPS mode
 * transforms vars/ and src/ as Jenkins does; the state of every closure run by a step (the
 * library's withEnv and withCredentials bodies, a Jenkinsfile's node and stage) is serialised and
 * read back at each interpreter step, as Jenkins persists it to survive a restart. Anything
 * unserialisable held there (a lazy JSON map, a map's iterator, the outputs a Jenkinsfile keeps)
 * fails these tests.
 */
class ModelgateStepsCpsTest extends BasePipelineTestCPS {

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

    private void coreAnswers(int exitCode, String headline, Map outputs) {
        pipeline.shHandler = { Map args, Map env ->
            if (args.returnStdout) {
                return '/cache/modelgate.jar\n'
            }
            String step = CoreAnswers.step((String) args.script)
            return CoreAnswers.write(workspace.resolve((String) env.MODELGATE_OUTPUT_DIR), step, exitCode, headline, outputs)
        }
    }

    @Test
    void stepsInSequenceWithCredentialsAndOutputsSurviveSerialisation() {
        coreAnswers(0, 'version 7 passed', ['candidate-version': '7', 'baseline-version': '6', passed: 'true'])
        pipeline.credentialStore['mlflow-staging-token'] = 'token-value'

        Object result = pipeline.run('''
            @Library('modelgate') _
            node {
                stage('validate') {
                    def validation = modelgateValidateModel(model: 'fraud-detector', credentials: [MLFLOW_STAGING_TOKEN: 'mlflow-staging-token'])
                    stage('promote') {
                        modelgatePromoteModel(model: 'fraud-detector', version: validation.candidateVersion, to: 'challenger',
                                credentials: [MLFLOW_STAGING_TOKEN: 'mlflow-staging-token'])
                    }
                    return validation.candidateVersion + '/' + validation.baselineVersion
                }
            }
        ''')

        assertEquals('7/6', result)
        assertEquals(2, pipeline.shCalls.size())
        assertEquals([model: 'fraud-detector', version: '7', to: 'challenger'], pipeline.params(pipeline.shCalls[1]))
        assertEquals('token-value', pipeline.shCalls[1].env.MLFLOW_STAGING_TOKEN)
        assertEquals('SUCCESS', pipeline.build().result)
    }

    @Test
    void aFailedGateMarkedUnstableUnderCps() {
        coreAnswers(1, '2 checks failed', [failed: '2', 'table-version': '41'])

        Object outputs = pipeline.run('''
            @Library('modelgate') _
            return modelgateCheckData(table: 'features', unstableOnFailure: true)
        ''')

        assertEquals([failed: '2', tableVersion: '41'], outputs)
        assertEquals('UNSTABLE', pipeline.build().result)
    }

    @Test
    void theFetchedJarPathIsUsedUnderCps() {
        pipeline.env().remove('MODELGATE_JAR')
        pipeline.env().MODELGATE_MAVEN_REPOSITORY = 'https://repo.example.test/maven2'
        coreAnswers(0, 'ok', [:])

        pipeline.run('''
            @Library('modelgate') _
            modelgateIntegrationTests()
        ''')

        assertEquals('/cache/modelgate.jar', pipeline.shCalls[1].env.MODELGATE_JAR)
    }

    @Test
    void anErrorAbortsUnderCps() {
        coreAnswers(3, 'MLflow is unreachable', [:])

        String message = pipeline.runAndFail('''
            @Library('modelgate') _
            modelgateRollbackModel(model: 'fraud-detector')
        ''')

        assertEquals('modelgate rollback-model: infrastructure error (exit 3): ⚠️ rollback-model error: MLflow is unreachable', message)
        assertEquals('FAILURE', pipeline.build().result)
    }
}
