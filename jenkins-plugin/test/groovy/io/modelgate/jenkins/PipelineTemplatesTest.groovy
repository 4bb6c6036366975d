package io.modelgate.jenkins

import com.lesfurets.jenkins.unit.BasePipelineTest
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir

import java.nio.file.Path

import static org.junit.jupiter.api.Assertions.assertEquals
import static org.junit.jupiter.api.Assertions.assertTrue

/**
 * The example Jenkinsfiles of pipeline-templates/jenkins load with the library and call the steps
 * they show, when they should: with the right environment and credential, under the lock that
 * stands for GitHub's concurrency group, after the input that stands for required reviewers.
 */
class PipelineTemplatesTest extends BasePipelineTest {

    static final Path TEMPLATES = SimulatedPipeline.LIBRARY.resolveSibling('pipeline-templates').resolve('jenkins')
    static final Map PULL_REQUEST = [BRANCH_NAME: 'PR-42', CHANGE_ID: '42', CHANGE_TARGET: 'main', GIT_URL: 'https://github.com/octo-org/fraud.git']
    static final Map RELEASE = [BRANCH_NAME: 'release/2026.11']

    @TempDir
    Path workspace
    SimulatedPipeline pipeline
    DeclarativeDsl declarative
    /** Exit code the core answers per step, or per check-data table ('check-data:table'); 0 when not named. */
    Map<String, Integer> exitCodes = [:]
    /** Outputs the core answers per step or check-data table, under the catalogue's names. */
    Map<String, Map<String, String>> outputs = [:]
    /** The lockable resources held at each step call. */
    List<List<String>> heldAtCall = []
    /** Each step call as step name and the params document it was given. */
    List<List> calls = []

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
        pipeline.credentialStore['github-token'] = 'github-token-value'
        pipeline.shHandler = { Map args, Map env ->
            String step = CoreAnswers.step((String) args.script)
            Map params = (Map) new groovy.json.JsonSlurper().parse(workspace.resolve((String) env.MODELGATE_PARAMS).toFile())
            heldAtCall.add(new ArrayList<String>(declarative.held))
            calls.add([step, params])
            // A call is answered by its table's (check-data) or restore's (verify-registry) entry first, then its step's.
            String table = params.table ? "${step}:${params.table}" : params.restore ? "${step}:restore" : step
            return CoreAnswers.write(workspace.resolve((String) env.MODELGATE_OUTPUT_DIR), step, exitCodes.get(table, exitCodes.get(step, 0)),
                    "${step} answered", outputs.get(table, outputs.get(step, [:])))
        }
    }

    private Object run(String template, Map env) {
        return pipeline.run(prepare(template, env))
    }

    private String prepare(String template, Map env) {
        pipeline.env().putAll(env)
        return TEMPLATES.resolve(template).text
    }

    private List<String> steps() {
        return calls.collect { it[0] }
    }

    @Test
    void everyFlowHasItsTemplate() {
        assertEquals(['merge-to-main.Jenkinsfile', 'monitoring-retraining.Jenkinsfile', 'pull-request.Jenkinsfile', 'registry-event.Jenkinsfile',
                      'release.Jenkinsfile', 'rollback.Jenkinsfile', 'scheduled-retraining.Jenkinsfile', 'verify-registry.Jenkinsfile'],
                TEMPLATES.toFile().list().sort() as List)
    }

    // Pull request

    @Test
    void pullRequestRunsUnitThenIntegrationTestsInTheStagingLockAndPublishesTheirChecks() {
        run('pull-request.Jenkinsfile', PULL_REQUEST)

        assertEquals([['unit-tests', [retries: 1]], ['integration-tests', [:]]], calls)
        assertEquals([[], ['modelgate-staging']], heldAtCall)
        assertEquals('staging-token', pipeline.shCalls[1].env.MLFLOW_STAGING_TOKEN)
        assertEquals('staging', pipeline.shCalls[1].env.MODELGATE_ENV)
        assertTrue(pipeline.shCalls.every { it.env.GITHUB_TOKEN == 'github-token-value' && CoreAnswers.invocation((String) it.script).endsWith(' --publish-github') },
                'each step publishes its check run modelgate/<step>')
        assertEquals([[abortPrevious: true]], declarative.concurrentBuilds)
        assertEquals('SUCCESS', pipeline.build().result)
    }

    @Test
    void pullRequestStopsAtFailedUnitTests() {
        exitCodes['unit-tests'] = 1

        String message = pipeline.runAndFail(prepare('pull-request.Jenkinsfile', PULL_REQUEST))

        assertEquals('modelgate unit-tests: the gate failed (exit 1): ❌ unit-tests failed: unit-tests answered', message)
        assertEquals(['unit-tests'], steps())
        assertEquals('FAILURE', pipeline.build().result)
    }

    @Test
    void pullRequestTrainsAndValidatesACandidateWhenAsked() {
        binding.setVariable('params', [TRAIN_CANDIDATE: true])
        outputs['check-model'] = ['candidate-version': '9', passed: 'true']

        run('pull-request.Jenkinsfile', PULL_REQUEST)

        assertEquals([['unit-tests', [retries: 1]], ['integration-tests', [:]], ['spark-submit', [job: 'train']],
                      ['check-model', [model: 'fraud-detector', candidate: 'latest']],
                      ['evaluate-model', [model: 'fraud-detector', candidate: '9']],
                      ['validate-model', [model: 'fraud-detector', candidate: '9']]], calls, 'checked and judged, never promoted')
        assertEquals([[], ['modelgate-staging'], ['modelgate-staging'], ['modelgate-staging'], ['modelgate-staging'], ['modelgate-staging']], heldAtCall)
        assertEquals([['modelgate-staging', 'Integration tests'], ['modelgate-staging', 'Validate PR candidate']], declarative.locks,
                'training and validation under one lock')
    }

    @Test
    void pullRequestTemplateDoesNothingOutsidePullRequests() {
        run('pull-request.Jenkinsfile', [BRANCH_NAME: 'main'])

        assertEquals([], calls)
    }

    // Merge to main

    @Test
    void mergeToMainRunsTheStagingStepsUnderOneLockAndMakesAChallenger() {
        outputs['check-model'] = ['candidate-version': '11', passed: 'true']

        run('merge-to-main.Jenkinsfile', [BRANCH_NAME: 'main'])

        assertEquals([['unit-tests', [:]],
                      ['integration-tests', [:]],
                      ['check-data', [table: 'features']],
                      ['spark-submit', [job: 'train']],
                      ['check-model', [model: 'fraud-detector', candidate: 'latest']],
                      ['evaluate-model', [model: 'fraud-detector', candidate: '11']],
                      ['validate-model', [model: 'fraud-detector', candidate: '11', 'promote-on-pass': 'challenger']]], calls,
                'the version check-model checked is the one judged')
        assertEquals([null, 'staging', 'staging', 'staging', 'staging', 'staging', 'staging'], pipeline.shCalls.collect { it.env.MODELGATE_ENV },
                'unit tests need no environment')
        assertEquals([['modelgate-staging', 'Staging']], declarative.locks, 'one lock from the integration tests to the validation')
        assertEquals([[], ['modelgate-staging'], ['modelgate-staging'], ['modelgate-staging'], ['modelgate-staging'], ['modelgate-staging'], ['modelgate-staging']], heldAtCall)
        assertEquals([[:]], declarative.concurrentBuilds)
    }

    // Registry event (buildWithParameters from `modelgate webhooks serve`)

    @Test
    void registryEventValidatesTheEventsVersionAndMakesItTheChallengerInTheStagingLock() {
        ((Map) binding.getVariable('params')).putAll([MODEL_NAME: 'fraud-detector', MODEL_VERSION: '7', MLFLOW_DELIVERY_ID: '5b9e-delivery'])
        run('registry-event.Jenkinsfile', [BRANCH_NAME: 'main'])

        assertEquals([['validate-model', [model: 'fraud-detector', candidate: '7']],
                      ['promote-model', [model: 'fraud-detector', version: '7', to: 'challenger']]], calls)
        assertEquals(['staging', 'staging'], pipeline.shCalls.collect { it.env.MODELGATE_ENV })
        assertEquals([['modelgate-staging', 'Challenger']], declarative.locks)
        assertEquals('fraud-detector v7 (delivery 5b9e-delivery)', ((Map) binding.getVariable('currentBuild')).displayName.toString())
    }

    @Test
    void registryEventIgnoresOtherEvents() {
        ((Map) binding.getVariable('params')).putAll([MODEL_NAME: 'fraud-detector', MODEL_VERSION: '7', MLFLOW_EVENT: 'model_version_alias.created'])
        run('registry-event.Jenkinsfile', [BRANCH_NAME: 'main'])

        assertEquals([], calls)
    }

    @Test
    void mergeToMainTemplateSkipsOtherBranches() {
        run('merge-to-main.Jenkinsfile', [BRANCH_NAME: 'feature/new-features'])

        assertEquals([], calls)
        assertEquals([], declarative.locks)
    }

    // Release

    @Test
    void releaseValidatesThenPromotesTheValidatedVersionOnceApproved() {
        binding.setVariable('params', [MODEL_VERSION: 'latest'])
        outputs['check-model'] = ['candidate-version': '12', passed: 'true']
        outputs['validate-model'] = ['candidate-version': '12', passed: 'true']

        run('release.Jenkinsfile', RELEASE)

        assertEquals([['check-model', [model: 'fraud-detector', candidate: 'latest']],
                      ['evaluate-model', [model: 'fraud-detector', candidate: '12']],
                      ['validate-model', [model: 'fraud-detector', candidate: '12', 'promote-on-pass': 'challenger']],
                      ['promote-model', [model: 'fraud-detector', version: '12', to: 'champion', 'approved-by': 'bob']]], calls,
                'the input\'s submitter is the approval promote-model records')
        assertEquals([[message: 'Promote fraud-detector version 12 to champion in prod?', ok: 'Promote', submitter: 'ml-release',
                       submitterParameter: 'approver']], declarative.inputs)
        assertEquals([1, 2], declarative.milestones, 'a milestone on each side of the approval')
        assertEquals([[], [], [], ['modelgate-prod-champion']], heldAtCall)
        assertTrue(pipeline.shCalls.every { it.env.MLFLOW_PROD_TOKEN == 'prod-token' && it.env.MODELGATE_ENV == 'prod' })
        assertEquals('SUCCESS', pipeline.build().result)
    }

    @Test
    void aRejectedReleaseIsNotPromoted() {
        outputs['check-model'] = ['candidate-version': '12', passed: 'true']
        outputs['validate-model'] = ['candidate-version': '12', passed: 'true']
        declarative.rejectInput = true

        assertEquals('Rejected by a reviewer', pipeline.runAndFail(prepare('release.Jenkinsfile', RELEASE)))

        assertEquals(['check-model', 'evaluate-model', 'validate-model'], steps())
        assertEquals('ABORTED', pipeline.build().result)
    }

    @Test
    void aReleaseThatFailsValidationAsksNoApproval() {
        outputs['check-model'] = ['candidate-version': '12', passed: 'true']
        exitCodes['validate-model'] = 1

        pipeline.runAndFail(prepare('release.Jenkinsfile', RELEASE))

        assertEquals(['check-model', 'evaluate-model', 'validate-model'], steps())
        assertEquals([], declarative.inputs)
    }

    @Test
    void aReleaseThatBreaksItsContractIsNeitherJudgedNorOfferedForApproval() {
        exitCodes['check-model'] = 1

        pipeline.runAndFail(prepare('release.Jenkinsfile', RELEASE))

        assertEquals(['check-model'], steps())
        assertEquals([], declarative.inputs)
        assertEquals('FAILURE', pipeline.build().result)
    }

    @Test
    void releaseTemplateDoesNotPromoteFromOtherBranches() {
        run('release.Jenkinsfile', [BRANCH_NAME: 'main'])

        assertEquals([], calls)
    }

    // Scheduled retraining

    @Test
    void scheduledRetrainingTrainsChecksValidatesAndPromotesTheChallengerToChampion() {
        outputs['check-model'] = ['candidate-version': '13', passed: 'true']
        outputs['validate-model'] = ['candidate-version': '13', passed: 'true']

        run('scheduled-retraining.Jenkinsfile', RELEASE)

        assertEquals([['check-data', [table: 'features']],
                      ['spark-submit', [job: 'train']],
                      ['check-model', [model: 'fraud-detector', candidate: 'latest']],
                      ['evaluate-model', [model: 'fraud-detector', candidate: '13']],
                      ['validate-model', [model: 'fraud-detector', candidate: '13', 'promote-on-pass': 'challenger']],
                      ['promote-model', [model: 'fraud-detector', version: '13', to: 'champion']]], calls)
        assertEquals([['modelgate-prod-retraining'], ['modelgate-prod-retraining'], ['modelgate-prod-retraining'], ['modelgate-prod-retraining'], ['modelgate-prod-retraining'],
                      ['modelgate-prod-retraining', 'modelgate-prod-champion']], heldAtCall)
        assertEquals(['H 3 * * 1'], declarative.crons)
        assertEquals('SUCCESS', pipeline.build().result)
    }

    @Test
    void aWorseRetrainedModelLeavesTheBuildUnstableAndTheChampionInPlace() {
        outputs['check-model'] = ['candidate-version': '13', passed: 'true']
        exitCodes['validate-model'] = 1
        outputs['validate-model'] = ['candidate-version': '13', passed: 'false']

        run('scheduled-retraining.Jenkinsfile', RELEASE)

        assertEquals('UNSTABLE', pipeline.build().result)
        assertEquals(['check-data', 'spark-submit', 'check-model', 'evaluate-model', 'validate-model'], steps())
        assertEquals(['Retrain', 'Check features', 'Train', 'Check model', 'Validate'], declarative.ranStages)
    }

    @Test
    void aRetrainedModelThatBreaksItsContractFailsTheBuildBeforeItIsJudged() {
        exitCodes['check-model'] = 1
        outputs['check-model'] = ['candidate-version': '13', passed: 'false']

        pipeline.runAndFail(prepare('scheduled-retraining.Jenkinsfile', RELEASE))

        assertEquals('FAILURE', pipeline.build().result)
        assertEquals(['check-data', 'spark-submit', 'check-model'], steps())
    }

    @Test
    void onlyReleaseBranchesAreScheduled() {
        run('scheduled-retraining.Jenkinsfile', [BRANCH_NAME: 'main'])

        assertEquals([''], declarative.crons)
        assertEquals([], calls)
    }

    // Monitoring-triggered retraining

    @Test
    void driftedWindowsRetrainAndPromote() {
        exitCodes['check-data:predictions-drift'] = 1
        outputs['check-data:predictions-drift'] = [failed: '1', 'table-version': '7']
        outputs['check-model'] = ['candidate-version': '14', passed: 'true']
        outputs['validate-model'] = ['candidate-version': '14', passed: 'true']

        run('monitoring-retraining.Jenkinsfile', RELEASE)

        assertEquals([['check-data', [table: 'predictions-drift']],
                      ['check-data', [table: 'features']],
                      ['spark-submit', [job: 'train']],
                      ['check-model', [model: 'fraud-detector', candidate: 'latest']],
                      ['evaluate-model', [model: 'fraud-detector', candidate: '14']],
                      ['validate-model', [model: 'fraud-detector', candidate: '14', 'promote-on-pass': 'challenger']],
                      ['promote-model', [model: 'fraud-detector', version: '14', to: 'champion']]], calls)
        assertEquals([[], ['modelgate-prod-retraining'], ['modelgate-prod-retraining'], ['modelgate-prod-retraining'], ['modelgate-prod-retraining'], ['modelgate-prod-retraining'],
                      ['modelgate-prod-retraining', 'modelgate-prod-champion']], heldAtCall)
        assertTrue(pipeline.shCalls.every { it.env.MODELGATE_ENV == 'prod' })
        assertEquals('UNSTABLE', pipeline.build().result, 'the decision to retrain shows on the build')
        assertEquals(['H 5 * * *'], declarative.crons)
    }

    @Test
    void windowsWithinTheirDriftRetrainNothing() {
        outputs['check-data:predictions-drift'] = [failed: '0', 'table-version': '7']

        run('monitoring-retraining.Jenkinsfile', RELEASE)

        assertEquals(['check-data'], steps())
        assertEquals(['Monitor'], declarative.ranStages)
        assertEquals('SUCCESS', pipeline.build().result)
    }

    @Test
    void aRetrainStartedByTheMonitoringJobSkipsTheMonitor() {
        binding.setVariable('params', [RETRAIN_REASON: 'drift in 3 of the last 4 windows'])
        outputs['check-model'] = ['candidate-version': '14', passed: 'true']
        outputs['validate-model'] = ['candidate-version': '14', passed: 'true']

        run('monitoring-retraining.Jenkinsfile', RELEASE)

        assertEquals(['check-data', 'spark-submit', 'check-model', 'evaluate-model', 'validate-model', 'promote-model'], steps())
        assertEquals([job: 'train'], calls[1][1])
        assertEquals(['Retrain', 'Check features', 'Train', 'Check model', 'Validate', 'Promote'], declarative.ranStages)
    }

    @Test
    void monitoringRetrainingDoesNothingOutsideReleaseBranches() {
        binding.setVariable('params', [RETRAIN_REASON: 'drift'])

        run('monitoring-retraining.Jenkinsfile', [BRANCH_NAME: 'main'])

        assertEquals([], calls)
    }

    // Verify registry

    @Test
    void verifyRegistryChecksProdHourlyAndAnIntactRegistryAsksNothing() {
        binding.setVariable('params', [RESTORE: true])

        run('verify-registry.Jenkinsfile', [BRANCH_NAME: 'main'])

        assertEquals([['verify-registry', [:]]], calls)
        assertEquals(['H * * * *'], declarative.crons)
        assertEquals([], declarative.inputs, 'nothing to restore, nobody asked')
        assertTrue(pipeline.shCalls.every { it.env.MLFLOW_PROD_TOKEN == 'prod-token' && it.env.MODELGATE_ENV == 'prod' })
        assertEquals('SUCCESS', pipeline.build().result)
    }

    @Test
    void violationsMakeTheBuildUnstableAndARestoreBuildPutsTheChampionsBackOnceApproved() {
        exitCodes['verify-registry'] = 1
        run('verify-registry.Jenkinsfile', [BRANCH_NAME: 'main'])
        assertEquals(['verify-registry'], steps(), 'without RESTORE the violations are reported, nothing moves')
        assertEquals('UNSTABLE', pipeline.build().result)

        calls.clear()
        heldAtCall.clear()
        binding.setVariable('params', [RESTORE: true])
        exitCodes['verify-registry:restore'] = 0 // every violation resolved
        run('verify-registry.Jenkinsfile', [BRANCH_NAME: 'main'])
        assertEquals([['verify-registry', [:]], ['verify-registry', [restore: true, 'approved-by': 'bob']]], calls)
        assertEquals([[message: 'Move the champions back to their last audited versions?', ok: 'Restore', submitter: 'ml-release',
                       submitterParameter: 'approver']], declarative.inputs)
        assertEquals([[], ['modelgate-prod-champion']], heldAtCall)
    }

    // Rollback

    @Test
    void rollbackShowsADryRunThenRestoresThePreviousChampionOnceApproved() {
        run('rollback.Jenkinsfile', RELEASE)

        assertEquals([['rollback-model', [model: 'fraud-detector', 'dry-run': true]],
                      ['rollback-model', [model: 'fraud-detector', 'approved-by': 'bob']]], calls, 'the input\'s submitter is the approval')
        assertEquals([[message: 'Roll back fraud-detector in prod as the dry run shows?', ok: 'Roll back', submitter: 'ml-release',
                       submitterParameter: 'approver']], declarative.inputs)
        assertEquals([[], ['modelgate-prod-champion']], heldAtCall)
        assertTrue(pipeline.shCalls.every { it.env.MLFLOW_PROD_TOKEN == 'prod-token' && it.env.MODELGATE_ENV == 'prod' })
    }

    @Test
    void rollbackToAChosenVersion() {
        binding.setVariable('params', [MODEL: 'fraud-detector', TO_VERSION: '9'])

        run('rollback.Jenkinsfile', RELEASE)

        assertEquals([['rollback-model', [model: 'fraud-detector', to: '9', 'dry-run': true]],
                      ['rollback-model', [model: 'fraud-detector', to: '9', 'approved-by': 'bob']]], calls)
    }

    @Test
    void aRejectedRollbackChangesNothing() {
        declarative.rejectInput = true

        pipeline.runAndFail(prepare('rollback.Jenkinsfile', RELEASE))

        assertEquals([['rollback-model', [model: 'fraud-detector', 'dry-run': true]]], calls)
        assertEquals('ABORTED', pipeline.build().result)
    }
}
