package io.modelgate.jenkins

import com.lesfurets.jenkins.unit.BasePipelineTest
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.io.TempDir
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.MethodSource

import java.nio.file.Path

import static org.junit.jupiter.api.Assertions.assertEquals
import static org.junit.jupiter.api.Assertions.assertTrue

/**
 * Every var takes exactly its catalogue step's parameters, by their camelCase names, and hands
 * each to the command line under its catalogue name; any other step's parameter is refused.
 */
class ArgumentsConformanceTest extends BasePipelineTest {

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
        pipeline.shHandler = { Map args, Map env ->
            CoreAnswers.write(workspace.resolve((String) env.MODELGATE_OUTPUT_DIR), CoreAnswers.step((String) args.script), 0, 'ok', [:])
        }
    }

    static List<String> stepNames() {
        return Catalogue.steps().collect { it.name }
    }

    private static Object sample(Map param) {
        switch (param.type) {
            case 'integer': return 3
            case 'boolean': return true
            default: return "value of ${param.name}".toString()
        }
    }

    @ParameterizedTest
    @MethodSource('stepNames')
    void everyCatalogueParameterIsAcceptedUnderItsCamelCaseName(String stepName) {
        Map step = Catalogue.steps().find { it.name == stepName }
        Map args = [:]
        Map expected = [:]
        for (Map param : (List<Map>) step.params) {
            args[param.camel_name] = sample(param)
            expected[param.name] = sample(param)
        }
        binding.setVariable('ARGS', args)

        pipeline.run("""
            @Library('modelgate') _
            ${Catalogue.varName(stepName)}(ARGS)
        """)

        assertEquals(1, pipeline.shCalls.size())
        assertEquals(expected, pipeline.params(pipeline.shCalls[0]))
    }

    @ParameterizedTest
    @MethodSource('stepNames')
    void otherStepsParametersAreRefused(String stepName) {
        Map step = Catalogue.steps().find { it.name == stepName }
        Set<String> own = ((List<Map>) step.params).collect { it.camel_name } as Set
        Set<String> foreign = Catalogue.steps().collectMany { ((List<Map>) it.params).collect { it.camel_name } } as Set
        foreign.removeAll(own)
        assertTrue(!foreign.isEmpty())
        for (String name : foreign) {
            Map args = [:]
            ((List<Map>) step.params).findAll { it.required }.each { args[it.camel_name] = sample(it) }
            args[name] = 'x'
            binding.setVariable('ARGS', args)

            String message = pipeline.runAndFail("""
                @Library('modelgate') _
                ${Catalogue.varName(stepName)}(ARGS)
            """)

            assertTrue(message.startsWith("${Catalogue.varName(stepName)}: unknown argument '${name}'"), message)
        }
        assertTrue(pipeline.shCalls.isEmpty())
    }
}
