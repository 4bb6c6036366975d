package io.modelgate.jenkins

import com.lesfurets.jenkins.unit.BasePipelineTest
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir

import java.nio.file.Path

import static org.junit.jupiter.api.Assertions.assertEquals
import static org.junit.jupiter.api.Assertions.assertTrue

/** The example Jenkinsfiles of pipeline-templates/jenkins load with the library and call the steps they show, when they should. */
class PipelineTemplatesTest extends BasePipelineTest {

    static final Path TEMPLATES = SimulatedPipeline.LIBRARY.resolveSibling('pipeline-templates').resolve('jenkins')

    @TempDir
    Path workspace
    SimulatedPipeline pipeline
    DeclarativeDsl declarative
    /** Exit code the core answers per step; 0 when not named. */
    Map<String, Integer> exitCodes = [:]

    @BeforeEach
    void start() {
        pipeline = new SimulatedPipeline(this, workspace)
        pipeline.configure()
        setUp()
        pipeline.install()
        declarative = new DeclarativeDsl(this)
        declarative.install()
        pipeline.env().MODELGATE_JAR = '/opt/modelgate/modelgate.jar'
        pipeline.credentialStore['mlflow-staging-token'] = 'staging-token'
        pipeline.credentialStore['mlflow-prod-token'] = 'prod-token'
        pipeline.shHandler = { Map args, Map env ->
            String step = ((String) args.script).split(' ')[3]
            return CoreAnswers.write(workspace.resolve((String) env.MODELGATE_OUTPUT_DIR), step, exitCodes.get(step, 0), "${step} answered", [:])
        }
    }

    private Object run(String template, Map env) {
        pipeline.env().putAll(env)
        return pipeline.run(TEMPLATES.resolve(template).text)
    }

    /** Each step call as step name and its params document. */
    private List<List> calls() {
        return pipeline.shCalls.collect { [((String) it.script).split(' ')[3], pipeline.params(it)] }
    }

    @Test
    void pullRequestRunsUnitThenIntegrationTests() {
        run('pull-request.Jenkinsfile', [BRANCH_NAME: 'PR-42', CHANGE_ID: '42', CHANGE_TARGET: 'main'])

        assertEquals([['unit-tests', [retries: 1]], ['integration-tests', [:]]], calls())
        assertEquals('staging-token', pipeline.shCalls[1].env.MLFLOW_STAGING_TOKEN)
        assertEquals('staging', pipeline.shCalls[1].env.MODELGATE_ENV)
        assertEquals('SUCCESS', pipeline.build().result)
    }

    @Test
    void pullRequestStopsAtFailedUnitTests() {
        exitCodes['unit-tests'] = 1

        String message = pipeline.runAndFail(prepare('pull-request.Jenkinsfile', [BRANCH_NAME: 'PR-42', CHANGE_ID: '42', CHANGE_TARGET: 'main']))

        assertEquals('modelgate unit-tests: the gate failed (exit 1): ❌ unit-tests failed: unit-tests answered', message)
        assertEquals(['unit-tests'], calls().collect { it[0] })
        assertEquals('FAILURE', pipeline.build().result)
    }

    @Test
    void pullRequestTemplateDoesNothingOutsidePullRequests() {
        run('pull-request.Jenkinsfile', [BRANCH_NAME: 'main'])

        assertEquals([], calls())
    }

    @Test
    void mergeToMainTrainsChecksAndValidatesInStaging() {
        run('merge-to-main.Jenkinsfile', [BRANCH_NAME: 'main'])

        assertEquals([['unit-tests', [:]],
                      ['spark-submit', [job: 'train']],
                      ['check-data', [table: 'features']],
                      ['validate-model', [model: 'fraud-detector', candidate: 'latest', 'promote-on-pass': 'challenger']]], calls())
        assertEquals([null, 'staging', 'staging', 'staging'], pipeline.shCalls.collect { it.env.MODELGATE_ENV }, 'unit tests need no environment')
    }

    @Test
    void mergeToMainTemplateSkipsOtherBranches() {
        run('merge-to-main.Jenkinsfile', [BRANCH_NAME: 'feature/new-features'])

        assertEquals([], calls())
    }

    @Test
    void releaseValidatesThenPromotesTheChosenVersionWithTheProdCredential() {
        binding.setVariable('params', [MODEL_VERSION: '12'])

        run('release.Jenkinsfile', [BRANCH_NAME: 'release/2026.11'])

        assertEquals([['validate-model', [model: 'fraud-detector', candidate: '12']],
                      ['promote-model', [model: 'fraud-detector', version: '12', to: 'champion']]], calls())
        assertTrue(pipeline.shCalls.every { it.env.MLFLOW_PROD_TOKEN == 'prod-token' && it.env.MODELGATE_ENV == 'prod' })
    }

    @Test
    void releaseTemplateDoesNotPromoteFromOtherBranches() {
        run('release.Jenkinsfile', [BRANCH_NAME: 'main'])

        assertEquals([], calls())
    }

    @Test
    void scheduledRetrainingPromotesOnlyThroughValidation() {
        run('scheduled-retraining.Jenkinsfile', [BRANCH_NAME: 'release/2026.11'])

        assertEquals([['check-data', [table: 'features']],
                      ['spark-submit', [job: 'train']],
                      ['validate-model', [model: 'fraud-detector', candidate: 'latest', 'promote-on-pass': 'champion']]], calls())
    }

    @Test
    void aWorseRetrainedModelLeavesTheBuildUnstable() {
        exitCodes['validate-model'] = 1

        run('scheduled-retraining.Jenkinsfile', [BRANCH_NAME: 'release/2026.11'])

        assertEquals('UNSTABLE', pipeline.build().result)
        assertEquals(['Check features', 'Train', 'Validate and promote'], declarative.ranStages)
    }

    @Test
    void rollbackIsADryRunOfThePreviousChampionByDefault() {
        run('rollback.Jenkinsfile', [BRANCH_NAME: 'release/2026.11'])

        assertEquals([['rollback-model', [model: 'fraud-detector', 'dry-run': true]]], calls())
    }

    @Test
    void rollbackToAChosenVersion() {
        binding.setVariable('params', [TO_VERSION: '9', DRY_RUN: false])

        run('rollback.Jenkinsfile', [BRANCH_NAME: 'release/2026.11'])

        assertEquals([['rollback-model', [model: 'fraud-detector', to: '9', 'dry-run': false]]], calls())
    }

    private String prepare(String template, Map env) {
        pipeline.env().putAll(env)
        return TEMPLATES.resolve(template).text
    }
}
