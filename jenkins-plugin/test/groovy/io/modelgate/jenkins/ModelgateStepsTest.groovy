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
            String step = ((String) args.script).split(' ')[3]
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
        assertEquals('java -jar "$MODELGATE_JAR" validate-model --params-file "$MODELGATE_PARAMS" --output-dir "$MODELGATE_OUTPUT_DIR"' +
                ' --config "$MODELGATE_CONFIG" --env "$MODELGATE_ENV"', sh.script)
        assertTrue(sh.returnStatus)
        assertEquals('/opt/modelgate/modelgate.jar', sh.env.MODELGATE_JAR)
        assertEquals('build/modelgate/validate-model', sh.env.MODELGATE_OUTPUT_DIR)
        assertEquals('ml/modelgate.yaml', sh.env.MODELGATE_CONFIG)
        assertEquals('staging', sh.env.MODELGATE_ENV)
        assertEquals([model: 'fraud-detector', candidate: 'latest'], pipeline.params(sh))
        assertEquals([[testResults: 'build/modelgate/validate-model/junit-*.xml', allowEmptyResults: true]], pipeline.junitCalls)
        assertEquals([[artifacts: 'build/modelgate/validate-model/**', excludes: 'build/modelgate/validate-model/params.json', allowEmptyArchive: true]],
                pipeline.archiveCalls)
        assertEquals('✅ validate-model passed: version 7 beats champion 6 on 2 metrics', pipeline.build().description)
        assertEquals('SUCCESS', pipeline.build().result)
    }
}
