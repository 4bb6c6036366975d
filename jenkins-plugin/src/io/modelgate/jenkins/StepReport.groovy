package io.modelgate.jenkins

import com.cloudbees.groovy.cps.NonCPS
import groovy.json.JsonSlurper

/** Reads back what the command line wrote: result.json's outputs and result.md's headline. */
class StepReport implements Serializable {

    private static final long serialVersionUID = 1L

    private StepReport() {
    }

    /** The step's outputs with camelCase keys ({@code candidate-version} becomes {@code candidateVersion}), as plain strings. */
    @NonCPS
    static Map outputs(String resultJson) {
        Map result = (Map) new JsonSlurper().parseText(resultJson)
        Map outputs = [:]
        Map written = (Map) result.outputs
        if (written != null) {
            for (Object key : written.keySet()) {
                Object value = written.get(key)
                outputs.put(StepArguments.camel(String.valueOf(key)), value == null ? null : String.valueOf(value))
            }
        }
        return outputs
    }

    /**
     * The Markdown headline (result.md's first line, e.g. {@code ### ❌ **validate-model** failed: ...})
     * as one plain line for the build description, which Jenkins does not render as Markdown.
     */
    @NonCPS
    static String headline(String resultMarkdown) {
        for (String line : resultMarkdown.split('\n')) {
            if (!line.trim().isEmpty()) {
                // The Markdown's escapes (\[, \*) and invisible spaces are for GitHub, not for a build description.
                return line.replaceFirst('^#+\\s*', '').replace('**', '').replaceAll('\\\\(.)', '$1').replace('\u200B', '').trim()
            }
        }
        return ''
    }
}
