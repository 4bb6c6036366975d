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
}
