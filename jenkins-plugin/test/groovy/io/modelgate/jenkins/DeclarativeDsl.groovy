package io.modelgate.jenkins

import com.lesfurets.jenkins.unit.BasePipelineTest

/**
 * Just enough of Declarative Pipeline for JenkinsPipelineUnit 1.1, which predates its Declarative
 * support: pipeline, agent, options, triggers, parameters (their defaults fill params), stages,
 * stage with when (branch, changeRequest, expression, not, anyOf, allOf), options, steps or nested
 * stages, run in order; script {}; a stage that fails stops the run. The steps that stand for
 * GitHub's concurrency groups and required reviewers are recorded: disableConcurrentBuilds, lock
 * (a stage option or a block step; {@link #held} lists the resources held at any moment),
 * milestone and input (approved, or rejected when {@link #rejectInput} is set, which aborts the
 * build as Jenkins does). Declarative's own validator is not simulated.
 */
class DeclarativeDsl {

    private final BasePipelineTest test
    private Map stage
    private List<Boolean> conditions

    /** Stage names in the order they ran, skipped ones left out. */
    final List<String> ranStages = []
    /** Lockable resources held now, outermost first. */
    final List<String> held = []
    /** Each lock taken: [resource, stage it was taken in]. */
    final List<List<String>> locks = []
    /** Each input asked, its arguments, in order. */
    final List<Map> inputs = []
    /** Each milestone passed, its ordinal (null when not given). */
    final List<Integer> milestones = []
    /** The pipeline's options that limit concurrent builds, as called. */
    final List<Map> concurrentBuilds = []
    /** The cron specs of triggers. */
    final List<String> crons = []
    /** When true, the next input is rejected. */
    boolean rejectInput

    DeclarativeDsl(BasePipelineTest test) {
        this.test = test
    }

    void install() {
        test.binding.setVariable('any', 'any')
        test.binding.setVariable('params', [:])
        Closure run = { Closure body -> test.helper.callClosure(body) }
        register('pipeline', [Closure], run)
        register('agent', [Object]) { Object label -> }
        // Inside a stage, options and stages are the stage's own, run once its when holds.
        register('options', [Closure]) { Closure body -> stage != null ? (stage.options = body) : test.helper.callClosure(body) }
        register('timeout', [Map]) { Map a -> }
        register('disableConcurrentBuilds', []) { -> concurrentBuilds.add([:]) }
        register('disableConcurrentBuilds', [Map]) { Map a -> concurrentBuilds.add(a) }
        register('triggers', [Closure], run)
        register('cron', [String]) { String spec -> crons.add(spec) }
        register('parameters', [Closure], run)
        register('string', [Map]) { Map a -> parameter(a) ?: [kind: 'string'] + a }
        register('booleanParam', [Map]) { Map a -> parameter(a) }
        register('stages', [Closure]) { Closure body -> stage != null ? (stage.stages = body) : test.helper.callClosure(body) }
        register('stage', [String, Closure]) { String name, Closure body -> runStage(name, body) }
        register('when', [Closure]) { Closure body -> stage.when = body }
        register('steps', [Closure]) { Closure body -> stage.steps = body }
        register('script', [Closure], run)
        register('branch', [String]) { String glob -> condition(matches(glob, env().BRANCH_NAME)) }
        register('changeRequest', []) { -> condition(env().CHANGE_ID != null) }
        register('changeRequest', [Map]) { Map a -> condition(env().CHANGE_ID != null && (a.target == null || matches((String) a.target, env().CHANGE_TARGET))) }
        register('expression', [Closure]) { Closure body -> condition(test.helper.callClosure(body) as boolean) }
        register('not', [Closure]) { Closure body -> condition(!evaluate(body).every()) }
        register('allOf', [Closure]) { Closure body -> condition(evaluate(body).every()) }
        register('anyOf', [Closure]) { Closure body -> condition(evaluate(body).any()) }
        // lock('r') as a stage option: the stage runs holding it; lock('r') { } as a step.
        register('lock', [String]) { String resource -> stage.lock = resource }
        register('lock', [Map]) { Map a -> stage.lock = (String) a.resource }
        register('lock', [String, Closure]) { String resource, Closure body -> holding(resource) { test.helper.callClosure(body) } }
        register('lock', [Map, Closure]) { Map a, Closure body -> holding((String) a.resource) { test.helper.callClosure(body) } }
        register('milestone', []) { -> milestones.add(null) }
        register('milestone', [Integer]) { Integer ordinal -> milestones.add(ordinal) }
        register('milestone', [Map]) { Map a -> milestones.add((Integer) a.ordinal) }
        register('input', [String]) { String message -> ask([message: message]) }
        register('input', [Map]) { Map a -> ask(a) }
    }

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
                if (stage.options != null) {
                    test.helper.callClosure((Closure) stage.options)
                }
                Closure work = (Closure) (stage.steps ?: stage.stages)
                stage.lock != null ? holding((String) stage.lock) { test.helper.callClosure(work) } : test.helper.callClosure(work)
            }
        } finally {
            stage = outer
        }
    }

    private Object holding(String resource, Closure body) {
        locks.add([resource, (String) stage?.name])
        held.add(resource)
        try {
            return body()
        } finally {
            held.remove(held.size() - 1)
        }
    }

    /** Who answers an input: its return value when the input asks for its submitterParameter, as Jenkins returns it. */
    String submitter = 'bob'

    /** input: approved as asked (by {@link #submitter}), or, with rejectInput, aborted as Jenkins aborts a rejected build. */
    private Object ask(Map args) {
        inputs.add(args.collectEntries { key, value -> [(key): value instanceof GString ? value.toString() : value] })
        if (rejectInput) {
            ((Map) test.binding.getVariable('currentBuild')).result = 'ABORTED'
            throw new AbortException('Rejected by a reviewer')
        }
        return args.submitterParameter ? submitter : null
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
