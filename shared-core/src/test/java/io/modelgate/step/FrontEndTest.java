package io.modelgate.step;

import io.modelgate.fault.Fault;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each front end's word for a parameter, and the one declaration of the common options. */
class FrontEndTest {

    @Test
    void aStepParameterIsSpelledAsEachFrontEndWritesIt() {
        assertEquals("--lock-timeout", FrontEnd.COMMAND_LINE.spell("lock-timeout"));
        assertEquals("lock-timeout", FrontEnd.ACTIONS.spell("lock-timeout"));
        assertEquals("lockTimeout", FrontEnd.JENKINS.spell("lock-timeout"));
        assertEquals("dryRun", FrontEnd.JENKINS.spell("dry-run"));
    }

    @Test
    void aCommonOptionIsSpelledAsItsDeclarationSays() {
        assertEquals(List.of("--env", "environment", "environment"),
                List.of(FrontEnd.COMMAND_LINE.spell("environment"), FrontEnd.ACTIONS.spell("environment"), FrontEnd.JENKINS.spell("environment")));
        assertEquals(List.of("--output-dir", "output-dir", "outputDir"),
                List.of(FrontEnd.COMMAND_LINE.spell("output-dir"), FrontEnd.ACTIONS.spell("output-dir"), FrontEnd.JENKINS.spell("output-dir")));
        assertEquals("run with --debug for the stack trace", FrontEnd.COMMAND_LINE.stackTraceHint());
        assertEquals("run with debug: true for the stack trace", FrontEnd.JENKINS.stackTraceHint());
        assertEquals("re-run the job with debug logging enabled for the stack trace", FrontEnd.ACTIONS.stackTraceHint());
    }

    @Test
    void theJarSpeaksJenkinsWhenTheLibrarySaysSo() {
        assertEquals(FrontEnd.COMMAND_LINE, FrontEnd.ofCommandLine(Map.of()));
        assertEquals(FrontEnd.JENKINS, FrontEnd.ofCommandLine(Map.of(FrontEnd.VARIABLE, "jenkins")));
        assertEquals("MODELGATE_FRONT_END: expected jenkins or command-line, got \"gitlab\"",
                assertThrows(Fault.class, () -> FrontEnd.ofCommandLine(Map.of(FrontEnd.VARIABLE, "gitlab"))).getMessage());
    }

    @Test
    void noCommonOptionSharesANameWithAStepParameterOrAnotherOptionsSpelling() {
        for (FrontEnd frontEnd : FrontEnd.values()) {
            Set<String> spelled = new HashSet<>();
            for (CommonOption option : CommonOption.carriedBy(frontEnd)) {
                assertTrue(spelled.add(option.spelling(frontEnd)), frontEnd + " spells two options " + option.spelling(frontEnd));
            }
            for (StepDefinition step : StepCatalogue.steps()) {
                for (Param param : step.params()) {
                    assertTrue(CommonOption.find(param.name()).isEmpty(), step.name() + " " + param.name() + " is a common option's name");
                    assertTrue(!spelled.contains(frontEnd.spell(param.name())), step.name() + " " + param.name() + " takes a common option's spelling");
                }
            }
        }
    }
}
