package io.modelgate.jenkins

import com.cloudbees.groovy.cps.NonCPS
import groovy.json.JsonSlurper

/**
 * A Pipeline step's arguments checked against the catalogue (resources/io/modelgate/catalogue.json,
 * the output of {@code modelgate catalogue}). Pure functions of plain maps and strings: no step is
 * called here, so every method is @NonCPS and nothing is kept that CPS would have to serialise.
 */
class StepArguments implements Serializable {

    private static final long serialVersionUID = 1L


    private StepArguments() {
    }

    /** The Groovy name of a catalogue step: {@code validate-model} is {@code modelgateValidateModel}. */
    @NonCPS
    static String varName(String stepName) {
        StringBuilder name = new StringBuilder('modelgate')
        for (String part : stepName.split('-')) {
            name.append(part.substring(0, 1).toUpperCase()).append(part.substring(1))
        }
        return name.toString()
    }

    /** A map's keys as a new list, which CPS can serialise where a key iterator cannot be. */
    @NonCPS
    static List<String> keys(Map map) {
        List<String> keys = []
        for (Object key : map.keySet()) {
            keys.add(String.valueOf(key))
        }
        return keys
    }

    /** The catalogue's default of a common argument of {@link #step}, by its Jenkins name. */
    @NonCPS
    static String defaultOf(Map step, String argument) {
        return (String) ((Map) ((Map) step.common).get(argument)).get('default')
    }

    /** camelCase of a kebab-case name: {@code app-id} is {@code appId}. */
    @NonCPS
    static String camel(String kebab) {
        String[] parts = kebab.split('-')
        StringBuilder name = new StringBuilder(parts[0])
        for (int i = 1; i < parts.length; i++) {
            name.append(parts[i].substring(0, 1).toUpperCase()).append(parts[i].substring(1))
        }
        return name.toString()
    }

    /**
     * One step of the catalogue as plain serialisable maps: [version, name, params: [[name, camelName,
     * type, required]], common: [name: [type, default]]]. The common arguments are the catalogue's
     * common options that Jenkins carries, by their Jenkins spelling. JsonSlurper's lazy maps are
     * copied so that none outlives this method.
     */
    @NonCPS
    static Map step(String catalogueJson, String stepName) {
        Map catalogue = (Map) new JsonSlurper().parseText(catalogueJson)
        Map common = [:]
        for (Object o : (List) catalogue.common) {
            Map option = (Map) o
            Object spelled = ((Map) option.spelling).jenkins
            if (spelled != null) {
                Object value = option.get('default')
                common.put(String.valueOf(spelled), [type: String.valueOf(option.type), 'default': value == null ? null : String.valueOf(value)])
            }
        }
        for (Object candidate : (List) catalogue.steps) {
            Map step = (Map) candidate
            if (step.name == stepName) {
                List params = []
                for (Object p : (List) step.params) {
                    Map param = (Map) p
                    params.add([name: String.valueOf(param.name), camelName: String.valueOf(param.camel_name),
                                type: String.valueOf(param.type), required: param.required == true])
                }
                List jvmOptions = []
                for (Object option : (List) (step.jvm_options ?: [])) {
                    jvmOptions.add(String.valueOf(option))
                }
                return [version: String.valueOf(catalogue.version), name: stepName, params: params, common: common, jvmOptions: jvmOptions]
            }
        }
        throw new IllegalArgumentException("step ${stepName} is not in the catalogue of this library")
    }

    /** "; did you mean 'x'?" when name is a typo of one of names (the core's rule: a few edits away, or its start); else ''. */
    @NonCPS
    static String didYouMean(String name, List<String> names) {
        String best = null
        int bestDistance = Integer.MAX_VALUE
        for (String candidate : names) {
            int distance = editDistance(name, candidate)
            boolean close = (name.length() >= 4 && candidate.startsWith(name)) || distance <= Math.max(1, Math.min(3, candidate.length().intdiv(3)))
            if (close && distance < bestDistance) {
                best = candidate
                bestDistance = distance
            }
        }
        return best == null ? '' : "; did you mean '${best}'?".toString()
    }

    /** Levenshtein distance: insertions, deletions and substitutions. */
    @NonCPS
    private static int editDistance(String a, String b) {
        List<Integer> previous = []
        for (int j = 0; j <= b.length(); j++) {
            previous.add(j)
        }
        for (int i = 1; i <= a.length(); i++) {
            List<Integer> current = [i]
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1
                current.add(Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost))
            }
            previous = current
        }
        return previous[b.length()]
    }

    /**
     * Checks the arguments of one call. Returns [errors: [...], params: [kebab-name: value]]: the
     * params are what goes into the JSON document for the command line, errors one line each.
     */
    @NonCPS
    static Map check(Map step, Map args) {
        String var = varName((String) step.name)
        Map common = (Map) step.common
        List<String> errors = []
        Map params = [:]
        Map byCamel = [:]
        for (Object p : (List) step.params) {
            byCamel.put(((Map) p).camelName, p)
        }
        for (Object key : args.keySet()) {
            String name = String.valueOf(key)
            if (!byCamel.containsKey(name) && !common.containsKey(name)) {
                List<String> accepted = []
                accepted.addAll(byCamel.keySet())
                accepted.addAll(common.keySet())
                errors.add("${var}: unknown argument '${name}'; it takes ${accepted.join(', ')}${didYouMean(name, accepted)}".toString())
            }
        }
        for (Object p : (List) step.params) {
            Map param = (Map) p
            Object value = args.get(param.camelName)
            // An empty string is not given: a Jenkins string parameter left blank arrives as ''.
            if (value == null || (value instanceof CharSequence && value.toString().isEmpty())) {
                if (param.required) {
                    errors.add("${var}: missing required argument '${param.camelName}'".toString())
                }
                continue
            }
            String problem = typeProblem((String) param.type, value)
            if (problem == null) {
                params.put(param.name, value instanceof CharSequence ? value.toString() : value)
            } else {
                errors.add("${var}: argument '${param.camelName}' ${problem}, got ${describe(value)}".toString())
            }
        }
        errors.addAll(commonProblems(var, common, args))
        return [errors: errors, params: params]
    }

    @NonCPS
    private static String typeProblem(String type, Object value) {
        switch (type) {
            case 'integer':
                boolean whole = value instanceof Integer || value instanceof Long || value instanceof BigInteger
                return whole || (value instanceof CharSequence && value.toString().matches('-?[0-9]+')) ? null : 'must be a whole number'
            case 'boolean':
                return value instanceof Boolean || value.toString() in ['true', 'false'] ? null : 'must be true or false'
            default:
                // Strings; a number is taken as its text (e.g. version: 3).
                return value instanceof CharSequence || value instanceof Number ? null : 'must be a string'
        }
    }

    /** The common arguments' types, as the catalogue declares them; the one map argument is credentials. */
    @NonCPS
    private static List<String> commonProblems(String var, Map common, Map args) {
        List<String> errors = []
        for (Object key : common.keySet()) {
            String name = String.valueOf(key)
            Object value = args.get(name)
            String type = ((Map) common.get(name)).type
            if (value == null || type == 'map') {
                continue
            }
            if (type == 'boolean' && !(value instanceof Boolean)) {
                errors.add("${var}: argument '${name}' must be true or false, got ${describe(value)}".toString())
            } else if (type == 'string' && !(value instanceof CharSequence)) {
                errors.add("${var}: argument '${name}' must be a string, got ${describe(value)}".toString())
            }
        }
        Object credentials = args.get('credentials')
        if (credentials != null) {
            if (!(credentials instanceof Map)) {
                errors.add("${var}: argument 'credentials' must map environment variables to credential ids, e.g. [MLFLOW_PROD_TOKEN: 'mlflow-prod-token'], got ${describe(credentials)}".toString())
            } else {
                for (Object entry : ((Map) credentials).entrySet()) {
                    String variable = String.valueOf(((Map.Entry) entry).key)
                    Object id = ((Map.Entry) entry).value
                    if (!variable.matches('[A-Za-z_][A-Za-z0-9_]*')) {
                        errors.add("${var}: credentials: '${variable}' is not an environment variable name".toString())
                    }
                    if (!(id instanceof CharSequence) || id.toString().isEmpty()) {
                        errors.add("${var}: credentials: ${variable} must name a credentials id".toString())
                    }
                }
            }
        }
        return errors
    }

    /**
     * The owner/name of a GitHub repository from the clone URL Jenkins gives in GIT_URL
     * (https://github.com/owner/name.git, git@github.com:owner/name.git); null when it is not one.
     */
    @NonCPS
    static String gitHubRepository(String gitUrl) {
        if (gitUrl == null) {
            return null
        }
        String url = gitUrl.trim()
        String pattern = '^(?:https?://[^/]+/|git@[^:]+:|ssh://git@[^/]+/)([^/]+/[^/]+?)(?:\\.git)?/?$'
        return url.matches(pattern) ? url.replaceAll(pattern, '$1') : null
    }

    @NonCPS
    private static String describe(Object value) {
        return value instanceof CharSequence ? "'${value}'".toString() : "${value} (${value.getClass().getSimpleName()})".toString()
    }
}
