package io.modelgate.jenkins

import com.fasterxml.jackson.databind.JsonNode
import com.fasterxml.jackson.databind.ObjectMapper
import com.github.tomakehurst.wiremock.WireMockServer
import com.github.tomakehurst.wiremock.verification.LoggedRequest
import com.lesfurets.jenkins.unit.BasePipelineTest
import io.modelgate.github.GitHubApiStubs
import io.modelgate.testbed.FraudLifecycle
import io.modelgate.testbed.MlflowExtension
import io.modelgate.testbed.MlflowServer
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Tag
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.extension.ExtendWith
import org.junit.jupiter.api.io.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options
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
    static final String COMMIT = GitHubApiStubs.HEAD_SHA
    static final String REPO = "/repos/${GitHubApiStubs.REPOSITORY}"
    static final ObjectMapper JSON = new ObjectMapper()

    @TempDir
    Path workspace
    SimulatedPipeline pipeline
    FraudLifecycle lifecycle
    final WireMockServer server = new WireMockServer(options().dynamicPort())
    final GitHubApiStubs github = new GitHubApiStubs(server)
    /** The GitHub requests of each sh call of the current build. */
    final List<List<LoggedRequest>> githubRequests = []
    /** The params document of each sh call of the current build, read when it ran (later calls of a step overwrite it). */
    final List<Map> stepParams = []

    @BeforeEach
    void start(MlflowServer mlflow) {
        assertTrue(Files.isRegularFile(JAR), "${JAR} is missing: build it first (mvn -pl shared-core package -DskipTests)")
        lifecycle = FraudLifecycle.copy(mlflow, workspace)
        pipeline = new SimulatedPipeline(this, workspace)
        pipeline.configure()
        setUp()
        pipeline.install()
        server.start()
        pipeline.credentialStore['github-token'] = 'ghp-lifecycle-token'
        // Each command is a run of its own against GitHub: the stubs answer what the earlier runs left.
        Closure shell = pipeline.realShell()
        pipeline.shHandler = { Map args, Map env ->
            server.resetMappings()
            github.repository().createCheckRun().updateCheckRun().pullRequestIssue().thread()
            int before = github.requests().size()
            stepParams.add((Map) new groovy.json.JsonSlurper().parse(workspace.resolve((String) env.MODELGATE_PARAMS).toFile()))
            long started = System.nanoTime()
            Object result = shell(args, env)
            println String.format('lifecycle: %s %s exit %s in %.1f s', CoreAnswers.step((String) args.script),
                    stepParams.last(), result, (System.nanoTime() - started) / 1e9d)
            List<LoggedRequest> all = github.requests()
            githubRequests.add(all.subList(before, all.size()).collect())
            github.remember(githubRequests.last())
            return result
        }
        pipeline.env().putAll(lifecycle.environment())
        pipeline.env().putAll([MODELGATE_JAR: JAR.toString(), JENKINS_URL: 'https://jenkins.example/', BUILD_URL: BUILD_URL,
                               BRANCH_NAME: 'PR-42', CHANGE_ID: '42', CHANGE_BRANCH: 'feature/november-features', CHANGE_TARGET: 'main',
                               CHANGE_AUTHOR: 'ml-engineer', GIT_COMMIT: COMMIT, JOB_NAME: 'fraud-detection/PR-42',
                               GITHUB_REPOSITORY: GitHubApiStubs.REPOSITORY, GITHUB_API_URL: github.apiUrl()])
    }

    @AfterEach
    void stop() {
        server.stop()
    }

    @Test
    void threeRetrainingBuildsPromoteTwoVersionsAndTheThirdIsUnstable() {
        Map tests = build('''
            def outputs
            stage('Unit tests') {
                outputs = modelgateUnitTests(environment: 'dev', githubCredentials: 'github-token')
            }
            return outputs
        ''')
        assertEquals('SUCCESS', tests.result)
        assertPublished('unit-tests')
        Map totals = (Map) tests.value
        assertTrue(Integer.parseInt((String) totals.total) > 0, "the project's unit tests ran: ${totals}")
        assertEquals('0', totals.failed)
        assertCheckRun(githubRequests.last(), 'modelgate/unit-tests', 'success')

        for (int round = 1; round <= FraudLifecycle.ROUNDS; round++) {
            Map training = build("""
                stage('Train') {
                    for (String job : ['generate', 'featurize', 'train']) {
                        modelgateSparkSubmit(job: job, environment: '${FraudLifecycle.ENVIRONMENT}', githubCredentials: 'github-token')
                    }
                }
                def outputs
                stage('Evaluate') {
                    ${round == 1 ? "modelgateCheckModel(model: '${MODEL}', environment: '${FraudLifecycle.ENVIRONMENT}', githubCredentials: 'github-token')" : ''}
                    outputs = modelgateEvaluateModel(model: '${MODEL}', environment: '${FraudLifecycle.ENVIRONMENT}', githubCredentials: 'github-token')
                }
                return outputs
            """)
            assertEquals('SUCCESS', training.result, "round ${round}: trained and evaluated")
            assertEquals([[job: 'generate'], [job: 'featurize'], [job: 'train']] + (round == 1 ? [[model: MODEL]] : []) + [[model: MODEL]], stepParams,
                    "round ${round} trains, checks the first version's contract, then evaluates")
            assertEquals("${round}".toString(), ((Map) training.value).candidateVersion)
            assertPublished('evaluate-model')
            githubRequests.take(3).each { assertCheckRun(it, 'modelgate/spark-submit', 'success') }
            assertCheckRun(githubRequests.last(), "modelgate/evaluate-model (${MODEL})", 'success')
            if (round == 1) {
                // The first version's contract, checked before it is judged: it creates the model's sticky comment.
                assertEquals(5, githubRequests.size())
                assertCheckRun(githubRequests[3], "modelgate/check-model (${MODEL})", 'success')
                assertEquals(["POST ${REPO}/issues/42/comments".toString()], commentWrites(githubRequests[3]), 'the sticky comment: created once')
                lifecycle.assertContractPassed(1)
            }
            assertEquals(["PATCH ${REPO}/issues/comments/${modelCommentId()}".toString()], commentWrites(githubRequests.last()),
                    'the sticky comment of the model, edited in place by every evaluation')
            FraudLifecycle.assertEvaluationResult(JSON.readTree(workspace.resolve('build/modelgate/evaluate-model/result.json').toFile()), round)
            if (round == FraudLifecycle.NOISE_ROUND) {
                Map confident = build("""
                    stage('Validate with 95% confidence') {
                        modelgateValidateModel(model: '${MODEL}', candidate: 'latest', promoteOnPass: 'champion', unstableOnFailure: true,
                                environment: '${FraudLifecycle.CONFIDENT}', githubCredentials: 'github-token')
                    }
                """)
                assertEquals('UNSTABLE', confident.result, 'within noise at 95%: the noise-aware gate rejects round 2')
                assertCheckRun(githubRequests.last(), "modelgate/validate-model (${MODEL})", 'failure')
                FraudLifecycle.assertRejectedWithinNoise(JSON.readTree(workspace.resolve('build/modelgate/validate-model/result.json').toFile()))
            }
            Map retraining = build("""
                def outputs
                stage('Validate and promote') {
                    outputs = modelgateValidateModel(model: '${MODEL}', candidate: 'latest', promoteOnPass: 'champion', unstableOnFailure: true,
                            environment: '${FraudLifecycle.ENVIRONMENT}', githubCredentials: 'github-token')
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
            assertCheckRun(githubRequests.last(), "modelgate/validate-model (${MODEL})", passes ? 'success' : 'failure')
            assertEquals(["PATCH ${REPO}/issues/comments/${modelCommentId()}".toString()],
                    commentWrites(githubRequests.last()), 'the sticky comment, created by round 1\'s check-model, is edited in place')
            Path junit = workspace.resolve('build/modelgate/validate-model/junit-validate-model.xml')
            Node suite = (Node) new XmlParser().parse(junit.toFile()).testsuite[0]
            assertEquals(passes, suite.@failures == '0', "round ${round}: failing rules only for the blocked version: ${suite.@failures}")
            FraudLifecycle.assertValidationResult(new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                    workspace.resolve('build/modelgate/validate-model/result.json').toFile()), round)
            lifecycle.assertRegistryAfter(round)
        }

        Map serving = build('''
            stage('Batch inference') { modelgateSparkSubmit(job: 'inference', environment: 'dev', githubCredentials: 'github-token') }
            stage('Monitoring') { modelgateSparkSubmit(job: 'monitor', environment: 'dev', githubCredentials: 'github-token') }
            stage('Check predictions') { modelgateCheckData(table: 'predictions', environment: 'dev', githubCredentials: 'github-token') }
        ''')
        assertEquals('SUCCESS', serving.result)
        assertEquals([[job: 'inference'], [job: 'monitor'], [table: 'predictions']], stepParams)
        assertEquals(3, pipeline.junitCalls.size())
        assertPublished('check-data')
        assertCheckRun(githubRequests[0], 'modelgate/spark-submit', 'success')
        assertCheckRun(githubRequests[2], 'modelgate/check-data', 'success')
        lifecycle.assertPredictionsScoredBy(FraudLifecycle.championAfter(FraudLifecycle.ROUNDS))
        lifecycle.assertMonitoringSummedUpTheWeek()

        FraudLifecycle.assertAuditTrail(workspace.resolve('build/modelgate/validate-model/registry-audit.jsonl'), 'feature/november-features', COMMIT)
        FraudLifecycle.assertEvaluationAuditTrail(workspace.resolve('build/modelgate/evaluate-model/registry-audit.jsonl'))
        String modelComment = github.comments()[modelCommentId()]
        assertTrue(modelComment.contains('| roc_auc |'), "the model's sticky comment: ${modelComment}")
        assertTrue(modelComment.contains('```mermaid\nxychart-beta'), "the evaluation's charts, which GitHub renders in comments: ${modelComment}")
        assertEquals(1, github.comments().values().count { it.contains("<!-- modelgate:fraud-detection/PR-42:${MODEL} -->") })
    }

    /** The id of the sticky comment of the model, whose marker names the job (JOB_NAME) and the model. */
    private long modelCommentId() {
        return github.comments().find { id, body -> body.contains("<!-- modelgate:fraud-detection/PR-42:${MODEL} -->") }.key
    }

    /** The check run one command created on the PR head and completed, with the step's Markdown report as summary. */
    private static void assertCheckRun(List<LoggedRequest> requests, String name, String conclusion) {
        List<JsonNode> created = requests.findAll { it.method.value() == 'POST' && it.url == "${REPO}/check-runs" }.collect { JSON.readTree(it.bodyAsString) }
        List<JsonNode> completed = requests.findAll { it.method.value() == 'PATCH' && it.url == "${REPO}/check-runs/${GitHubApiStubs.CHECK_RUN_ID}" }
                .collect { JSON.readTree(it.bodyAsString) }
        assertEquals([name], created*.path('name')*.asText())
        assertEquals([COMMIT], created*.path('head_sha')*.asText())
        assertEquals([BUILD_URL], created*.path('details_url')*.asText())
        assertEquals([conclusion], completed*.path('conclusion')*.asText())
        assertTrue(completed[0].at('/output/summary').asText().contains('| roc_auc |') || !(name.contains('validate-model') || name.contains('evaluate-model')), completed[0].toString())
        assertTrue(!completed[0].at('/output/summary').asText().contains('```mermaid'), 'no diagrams in a check run: GitHub documents none there')
        assertTrue(requests.every { it.getHeader('Authorization') == 'Bearer ghp-lifecycle-token' })
    }

    private static List<String> commentWrites(List<LoggedRequest> requests) {
        return requests.findAll { it.url.contains('/comments') && it.method.value() != 'GET' }.collect { "${it.method.value()} ${it.url}".toString() }
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
        [pipeline.shCalls, pipeline.junitCalls, pipeline.archiveCalls, pipeline.unstableMessages, pipeline.shLogs, githubRequests, stepParams]*.clear()
        Object value = pipeline.run("@Library('modelgate') _\n" + stages)
        return pipeline.build() + [value: value]
    }
}
