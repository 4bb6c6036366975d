package io.modelgate.jenkins

import com.lesfurets.jenkins.unit.cps.BasePipelineTestCPS
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.CsvSource

import java.nio.file.Path

import static org.junit.jupiter.api.Assertions.assertEquals

/** Each example Jenkinsfile run to the end under the CPS interpreter, its state serialised at every step. */
class PipelineTemplatesCpsTest extends BasePipelineTestCPS {

    @TempDir
    Path workspace
    SimulatedPipeline pipeline

    @BeforeEach
    void start() {
        pipeline = new SimulatedPipeline(this, workspace)
        pipeline.configure()
        setUp()
        pipeline.install()
        new DeclarativeDsl(this).install()
        pipeline.env().MODELGATE_JAR = '/opt/modelgate/modelgate.jar'
        pipeline.credentialStore['mlflow-staging-token'] = 'staging-token'
        pipeline.credentialStore['mlflow-prod-token'] = 'prod-token'
        pipeline.credentialStore['github-token'] = 'github-token-value'
        // The outputs the templates carry from one stage to the next (script {} and env).
        Map<String, Map<String, String>> outputs = ['check-model': ['candidate-version': '3', passed: 'true'],
                                                    'validate-model': ['candidate-version': '3', passed: 'true'], 'check-data': [failed: '0']]
        pipeline.shHandler = { Map args, Map env ->
            String step = CoreAnswers.step((String) args.script)
            return CoreAnswers.write(workspace.resolve((String) env.MODELGATE_OUTPUT_DIR), step, 0, "${step} passed", outputs.get(step, [:]))
        }
    }

    @ParameterizedTest
    @CsvSource([
            'pull-request.Jenkinsfile, PR-7, unit-tests integration-tests',
            'merge-to-main.Jenkinsfile, main, unit-tests integration-tests check-data spark-submit check-model evaluate-model validate-model',
            'release.Jenkinsfile, release/1.0, check-model evaluate-model validate-model promote-model',
            'scheduled-retraining.Jenkinsfile, release/1.0, check-data spark-submit check-model evaluate-model validate-model promote-model',
            'monitoring-retraining.Jenkinsfile, release/1.0, check-data',
            'rollback.Jenkinsfile, release/1.0, rollback-model rollback-model'])
    void runsToTheEnd(String template, String branch, String steps) {
        pipeline.env().BRANCH_NAME = branch
        if (branch.startsWith('PR-')) {
            pipeline.env().putAll([CHANGE_ID: '7', CHANGE_TARGET: 'main', GIT_URL: 'https://github.com/octo-org/fraud.git'])
        }

        pipeline.run(PipelineTemplatesTest.TEMPLATES.resolve(template).text)

        assertEquals(steps.split(' ') as List, pipeline.shCalls.collect { CoreAnswers.step((String) it.script) })
        assertEquals('SUCCESS', pipeline.build().result)
    }

    @Test
    void registryEventRunsToTheEnd() {
        pipeline.env().BRANCH_NAME = 'main'
        ((Map) binding.getVariable('params')).putAll([MODEL_NAME: 'fraud-detector', MODEL_VERSION: '7', MLFLOW_DELIVERY_ID: '5b9e-delivery'])

        pipeline.run(PipelineTemplatesTest.TEMPLATES.resolve('registry-event.Jenkinsfile').text)

        assertEquals(['validate-model', 'promote-model'], pipeline.shCalls.collect { CoreAnswers.step((String) it.script) })
        assertEquals('SUCCESS', pipeline.build().result)
    }
}
