package io.modelgate.jenkins

import com.lesfurets.jenkins.unit.BasePipelineTest

/**
 * Just enough of Declarative Pipeline for JenkinsPipelineUnit 1.1, which predates its Declarative
 * support: pipeline, agent, options, triggers, parameters (their defaults fill params), stages,
 * stage with when (branch, changeRequest, not, anyOf, allOf) and steps, run in order; a stage that
 * fails stops the run. Declarative's own validator is not simulated, so the example Jenkinsfiles
 * stick to step calls in steps {} (no script {}).
 */
class DeclarativeDsl {

    private final BasePipelineTest test
    private Map stage
    private List<Boolean> conditions

    DeclarativeDsl(BasePipelineTest test) {
        this.test = test
    }

    void install() {
        test.binding.setVariable('any', 'any')
        test.binding.setVariable('params', [:])
        Closure run = { Closure body -> test.helper.callClosure(body) }
        register('pipeline', [Closure], run)
        register('agent', [Object]) { Object label -> }
        register('options', [Closure], run)
        register('timeout', [Map]) { Map a -> }
        register('triggers', [Closure], run)
        register('cron', [String]) { String spec -> }
        register('parameters', [Closure], run)
        register('string', [Map]) { Map a -> parameter(a) ?: [kind: 'string'] + a }
        register('booleanParam', [Map]) { Map a -> parameter(a) }
        register('stages', [Closure], run)
        register('stage', [String, Closure]) { String name, Closure body -> runStage(name, body) }
        register('when', [Closure]) { Closure body -> stage.when = body }
        register('steps', [Closure]) { Closure body -> stage.steps = body }
        register('branch', [String]) { String glob -> condition(matches(glob, env().BRANCH_NAME)) }
        register('changeRequest', []) { -> condition(env().CHANGE_ID != null) }
        register('changeRequest', [Map]) { Map a -> condition(env().CHANGE_ID != null && (a.target == null || matches((String) a.target, env().CHANGE_TARGET))) }
        register('not', [Closure]) { Closure body -> condition(!evaluate(body).every()) }
        register('allOf', [Closure]) { Closure body -> condition(evaluate(body).every()) }
        register('anyOf', [Closure]) { Closure body -> condition(evaluate(body).any()) }
    }

    /** Stage names in the order they ran, skipped ones left out. */
    final List<String> ranStages = []

    private Object parameter(Map definition) {
        if (definition.name == null) {
            return null
        }
        Map params = (Map) test.binding.getVariable('params')
        if (!params.containsKey(definition.name)) {
            params[definition.name] = definition.defaultValue
        }
        return definition
    }

    private void runStage(String name, Closure body) {
        Map outer = stage
        stage = [name: name]
        try {
            test.helper.callClosure(body)
            if (stage.when == null || evaluate((Closure) stage.when).every()) {
                ranStages.add(name)
                test.helper.callClosure((Closure) stage.steps)
            }
        } finally {
            stage = outer
        }
    }

    private List<Boolean> evaluate(Closure body) {
        List<Boolean> outer = conditions
        conditions = []
        try {
            test.helper.callClosure(body)
            return conditions
        } finally {
            conditions = outer
        }
    }

    private void condition(boolean value) {
        conditions.add(value)
    }

    private Map env() {
        return (Map) test.binding.getVariable('env')
    }

    /** Ant-style glob as Jenkins' branch condition reads it: * within a path segment, ** across. */
    private static boolean matches(String glob, Object value) {
        if (value == null) {
            return false
        }
        String regex = glob.split('\\*\\*', -1).collect { part -> part.split('\\*', -1).collect { java.util.regex.Pattern.quote(it) }.join('[^/]*') }.join('.*')
        return value.toString().matches(regex)
    }

    private void register(String name, List<Class> types, Closure body) {
        test.helper.registerAllowedMethod(name, types, body)
    }
}
