package io.modelgate.jenkins

import groovy.json.JsonSlurper

/** The library's catalogue resource, read the way tests need it. */
class Catalogue {

    static Map json() {
        return (Map) new JsonSlurper().parse(SimulatedPipeline.LIBRARY.resolve('resources/io/modelgate/catalogue.json').toFile())
    }

    static String version() {
        return json().version
    }

    static List<Map> steps() {
        return (List<Map>) json().steps
    }

    /** The Groovy name of a step, e.g. {@code modelgateValidateModel} for validate-model (a test's own spelling of the rule). */
    static String varName(String stepName) {
        return 'modelgate' + stepName.split('-').collect { it.capitalize() }.join('')
    }

    /** camelCase of a kebab-case name. */
    static String camel(String kebab) {
        List<String> parts = kebab.split('-') as List
        return parts[0] + parts.drop(1).collect { it.capitalize() }.join('')
    }
}
