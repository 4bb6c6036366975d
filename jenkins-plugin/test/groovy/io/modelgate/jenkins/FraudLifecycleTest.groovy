package io.modelgate.jenkins

import com.lesfurets.jenkins.unit.BasePipelineTest
import groovy.json.JsonSlurper
import io.modelgate.testbed.FraudLifecycle
import io.modelgate.testbed.MlflowExtension
import io.modelgate.testbed.MlflowServer
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Tag
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.extension.ExtendWith
import org.junit.jupiter.api.io.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths

import static io.modelgate.testbed.FraudLifecycle.MODEL
import static org.junit.jupiter.api.Assertions.assertEquals
import static org.junit.jupiter.api.Assertions.assertTrue

/**
 * The fraud-detection lifecycle through the Jenkins front end: the library's steps in the simulated
 * Pipeline, with sh really running shared-core/target/modelgate.jar against a real MLflow server,
 * real spark-submit and pytest. Each build is a Jenkinsfile of a multibranch PR build (its
 * variables as Jenkins sets them; the steps name the dev environment, whose tracking server is
 * MLFLOW_TRACKING_URI, where a PR into main would default to staging); between builds the build result and the recorded calls start
 * afresh, the workspace and the registry carry on.
 */
@Tag('e2e')
@ExtendWith(MlflowExtension)
class FraudLifecycleTest extends BasePipelineTest {

    static final Path JAR = Paths.get(System.getProperty('modelgate.jar', '../shared-core/target/modelgate.jar')).toAbsolutePath().normalize()
    static final String BUILD_URL = 'https://jenkins.example/job/fraud-detection/job/PR-42/7/'
    static final String COMMIT = 'ce587453ced02b1526dfb4cb910479d431683101'

    @TempDir
    Path workspace
    SimulatedPipeline pipeline
    FraudLifecycle lifecycle

    @BeforeEach
    void start(MlflowServer mlflow) {
        assertTrue(Files.isRegularFile(JAR), "${JAR} is missing: build it first (mvn -pl shared-core package -DskipTests)")
        lifecycle = FraudLifecycle.copy(mlflow, workspace)
        pipeline = new SimulatedPipeline(this, workspace)
        pipeline.configure()
        setUp()
        pipeline.install()
        pipeline.shHandler = pipeline.realShell()
        pipeline.env().putAll(lifecycle.environment())
        pipeline.env().putAll([MODELGATE_JAR: JAR.toString(), JENKINS_URL: 'https://jenkins.example/', BUILD_URL: BUILD_URL,
                               BRANCH_NAME: 'PR-42', CHANGE_ID: '42', CHANGE_BRANCH: 'feature/november-features', CHANGE_TARGET: 'main',
                               CHANGE_AUTHOR: 'ml-engineer', GIT_COMMIT: COMMIT])
    }

    @Test
    void threeRetrainingBuildsPromoteTwoVersionsAndTheThirdIsUnstable() {
        if (Files.exists(workspace.resolve('tests/unit'))) { // TODO until the project lands
        Map tests = build('''
            def outputs
            stage('Unit tests') {
                outputs = modelgateUnitTests(environment: 'dev')
            }
            return outputs
        ''')
        assertEquals('SUCCESS', tests.result)
        assertPublished('unit-tests')
        Map outputs = (Map) tests.value
        assertTrue(Integer.parseInt((String) outputs.total) > 0, "the project's unit tests ran: ${outputs}")
        assertEquals('0', outputs.failed)
        }

        boolean jobs = Files.exists(workspace.resolve('jobs/train.py'))
        for (int round = 1; round <= FraudLifecycle.ROUNDS; round++) {
            if (!jobs) {
                lifecycle.seedRound(round) // until the project's jobs land
            }
            Map retraining = build("""
                stage('Train') {
                    for (String job : ${jobs ? "['generate', 'featurize', 'train']" : '[]'}) {
                        modelgateSparkSubmit(job: job, environment: '${FraudLifecycle.ENVIRONMENT}')
                    }
                }
                def outputs
                stage('Validate and promote') {
                    outputs = modelgateValidateModel(model: '${MODEL}', promoteOnPass: 'champion', unstableOnFailure: true,
                            environment: '${FraudLifecycle.ENVIRONMENT}')
                }
                return outputs
            """)
            boolean passes = FraudLifecycle.validationExit(round) == 0
            assertEquals(passes ? 'SUCCESS' : 'UNSTABLE', retraining.result, "round ${round}")
            assertEquals(passes ? [] : ["modelgate validate-model: ${retraining.description.readLines().last()}".toString()], pipeline.unstableMessages)
            assertTrue(((String) retraining.description).readLines().last().startsWith(passes ? '✅ validate-model passed' : '❌ validate-model failed'),
                    (String) retraining.description)
            Map outputs = (Map) retraining.value
            assertEquals([candidateVersion: "${round}".toString(), passed: "${passes}".toString()], outputs.subMap(['candidateVersion', 'passed']))
            assertPublished('validate-model')
            Path junit = workspace.resolve('build/modelgate/validate-model/junit-validate-model.xml')
            Node suite = (Node) new XmlParser().parse(junit.toFile()).testsuite[0]
            assertEquals(passes, suite.@failures == '0', "round ${round}: failing rules only for the blocked version: ${suite.@failures}")
            FraudLifecycle.assertValidationResult(new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                    workspace.resolve('build/modelgate/validate-model/result.json').toFile()), round)
            lifecycle.assertRegistryAfter(round)
        }

        if (jobs) {
            Map serving = build('''
                stage('Batch inference') { modelgateSparkSubmit(job: 'inference', environment: 'dev') }
                stage('Monitoring') { modelgateSparkSubmit(job: 'monitor', environment: 'dev') }
            ''')
            assertEquals('SUCCESS', serving.result)
            assertEquals(2, pipeline.junitCalls.size())
            lifecycle.assertPredictionsScoredBy(FraudLifecycle.championAfter(FraudLifecycle.ROUNDS))
            lifecycle.assertMonitoringDecision()
        }

        FraudLifecycle.assertAuditTrail(workspace.resolve('build/modelgate/validate-model/registry-audit.jsonl'), 'feature/november-features', COMMIT)
    }

    /** The step published its JUnit XML and archived its output folder, as the last calls of the build. */
    private void assertPublished(String step) {
        String dir = "build/modelgate/${step}"
        assertEquals([testResults: "${dir}/junit-*.xml".toString(), allowEmptyResults: true], pipeline.junitCalls.last())
        assertEquals([artifacts: "${dir}/**".toString(), excludes: "${dir}/params.json".toString(), allowEmptyArchive: true], pipeline.archiveCalls.last())
        assertTrue(Files.isRegularFile(workspace.resolve("${dir}/junit-${step}.xml")), "${step} wrote its JUnit XML")
    }

    /** One build of the PR job: a fresh result, description and recorded calls; returns the result and the script's value. */
    private Map build(String stages) {
        binding.setVariable('currentBuild', [result: 'SUCCESS', description: null])
        [pipeline.shCalls, pipeline.junitCalls, pipeline.archiveCalls, pipeline.unstableMessages, pipeline.shLogs]*.clear()
        Object value = pipeline.run("@Library('modelgate') _\n" + stages)
        return pipeline.build() + [value: value]
    }
}
