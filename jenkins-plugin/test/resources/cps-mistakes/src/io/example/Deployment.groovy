package io.example

import groovy.json.JsonSlurper

// Holds a JsonSlurper (not Serializable) in a CPS-transformed method: Jenkins fails to persist it at the next step.
class Deployment implements Serializable {

    Object script

    void run() {
        JsonSlurper slurper = new JsonSlurper()
        Object parsed = slurper.parseText('{}')
        script.echo "${parsed}"
    }
}
