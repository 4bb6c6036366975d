package io.modelgate.jenkins

import groovy.json.JsonSlurper
import io.modelgate.invocation.CatalogueJson
import org.junit.jupiter.api.Test

import java.nio.file.Files
import java.nio.file.Path

import static org.junit.jupiter.api.Assertions.assertEquals
import static org.junit.jupiter.api.Assertions.assertTrue

/**
 * The library's generated files follow the catalogue: resources/io/modelgate/catalogue.json is
 * what {@code modelgate catalogue} prints, and every step has its var and its help, no more.
 * After a catalogue change, regenerate them (and every other generated file) with {@code scripts/regenerate.sh}.
 */
class LibraryFilesTest {

    static final Path LIBRARY = SimulatedPipeline.LIBRARY
    static final boolean REGENERATE = Boolean.getBoolean('modelgate.regenerate')

    @Test
    void catalogueResourceIsWhatTheCommandLinePrints() {
        // In-process the jar's manifest version is missing; the built jar prints the project version (checked by ContractTest).
        String expected = CatalogueJson.render().replaceFirst('"version" : "[^"]*"', '"version" : "' + System.getProperty('modelgate.version') + '"')
        Path resource = LIBRARY.resolve('resources/io/modelgate/catalogue.json')
        if (REGENERATE) {
            resource.text = expected
        }
        // Compared as JSON: the core's outputs maps have no fixed order from one JVM to the next.
        assertEquals(new JsonSlurper().parseText(expected), new JsonSlurper().parse(resource.toFile()),
                "${LIBRARY.relativize(resource)} is out of date; regenerate it with scripts/regenerate.sh")
    }

    @Test
    void everyCatalogueStepHasAThinVarAndItsHelp() {
        Set<String> expected = [] as Set
        for (Map step : Catalogue.steps()) {
            String var = Catalogue.varName((String) step.name)
            expected.addAll(["${var}.groovy".toString(), "${var}.txt".toString()])
            holdTo(LIBRARY.resolve("vars/${var}.txt"), HelpText.render(step))
            String source = LIBRARY.resolve("vars/${var}.groovy").text
            assertTrue(source.contains("def call(Map args = [:]) {\n    return new io.modelgate.jenkins.ModelgateStep(this, '${step.name}').run(args)\n}"),
                    "vars/${var}.groovy must be the thin call of step ${step.name}")
        }
        Set<String> present = Files.list(LIBRARY.resolve('vars')).collect { it.fileName.toString() } as Set
        assertEquals(expected, present, 'vars/ holds one .groovy and one .txt per catalogue step, nothing else')
    }

    private static void holdTo(Path file, String expected) {
        if (REGENERATE) {
            file.text = expected
        }
        assertEquals(expected, Files.exists(file) ? file.text : '(missing)',
                "${LIBRARY.relativize(file)} is out of date; regenerate it with scripts/regenerate.sh")
    }
}
