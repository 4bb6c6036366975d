package io.modelgate.jenkins

import groovy.json.JsonOutput

/**
 * One catalogue step run from a Pipeline: every vars/modelgate*.groovy is a one-line call of this.
 *
 * The step's arguments are checked against the catalogue, written as one JSON document with
 * writeFile and handed to the command-line jar by path, so no user value is ever quoted into a
 * shell. The sh script is a constant single-quoted string; paths reach it through withEnv and
 * secrets only through withCredentials bindings. Then the reports are published (junit,
 * archiveArtifacts, build description) and the exit code becomes the build result.
 *
 * No Jenkins imports and only sandbox-whitelisted calls (steps, env, currentBuild,
 * JsonOutput.toJson(Map), JsonSlurper.parseText), so the library also runs untrusted.
 */
class ModelgateStep implements Serializable {

    private static final long serialVersionUID = 1L
    private static final String CATALOGUE = 'io/modelgate/catalogue.json'
    private static final String FETCH_JAR = 'io/modelgate/fetch-jar.sh'
    /**
     * A class-data archive beside the jar, one per step, cuts the JVM's start-up by about a third
     * (docs/benchmarks/startup.md): a step's first run on an agent records it (JDK 17 writes it at exit;
     * renamed into place, so no run maps half an archive), later runs map it, and a newer jar at the same
     * path records it again. A JVM that cannot use it (another JDK, a read-only jar folder) runs without
     * it, quietly (-Xshare:auto, cds logging off).
     */
    private static final String LAUNCH = 's=0; set --; ' +
            'if [ -f "$a" ] && ! [ "$MODELGATE_JAR" -nt "$a" ]; then set -- -XX:SharedArchiveFile="$a" -Xshare:auto; ' +
            'elif [ -w "$(dirname "$MODELGATE_JAR")" ]; then set -- -XX:ArchiveClassesAtExit="$a.$$"; fi; ' +
            'java "$@" -Xlog:cds=off -Xlog:cds+dynamic=off '
    private static final String FINISH = ' || s=$?; [ ! -f "$a.$$" ] || mv -f "$a.$$" "$a"; exit $s'

    private final Object script
    private final String stepName

    /**
     * @param script   the calling vars/ script, through which steps, env and currentBuild are reached
     * @param stepName the catalogue name, e.g. validate-model
     */
    ModelgateStep(Object script, String stepName) {
        this.script = script
        this.stepName = stepName
    }

    /** Runs the step; returns its outputs (camelCase keys) unless the build is failed. */
    Map run(Map args) {
        Map step = StepArguments.step((String) script.libraryResource(CATALOGUE), stepName)
        Map checked = StepArguments.check(step, args)
        List errors = (List) checked.errors
        if (!errors.isEmpty()) {
            script.error(errors.join('\n'))
        }
        // Each step's reports in a folder of its own under the common default, so that steps of one build keep theirs.
        String outputDir = args.outputDir ?: "${StepArguments.defaultOf(step, 'outputDir')}/${stepName}"
        String paramsFile = "${outputDir}/params.json"
        script.writeFile(file: paramsFile, text: JsonOutput.toJson((Map) checked.params))

        // MODELGATE_FRONT_END: the jar's messages name arguments as Jenkins users write them (lockTimeout, not --lock-timeout).
        List env = ["MODELGATE_JAR=${jar(args, (String) step.version)}", "MODELGATE_PARAMS=${paramsFile}", "MODELGATE_OUTPUT_DIR=${outputDir}",
                    'MODELGATE_FRONT_END=jenkins']
        // Only constant text and the catalogue's step name go into the script; values come from the environment.
        String command = ' --params-file "$MODELGATE_PARAMS" --output-dir "$MODELGATE_OUTPUT_DIR"'
        if (args.config) {
            env.add("MODELGATE_CONFIG=${args.config}")
            command += ' --config "$MODELGATE_CONFIG"'
        }
        if (args.environment) {
            env.add("MODELGATE_ENV=${args.environment}")
            command += ' --env "$MODELGATE_ENV"'
        }
        if (args.debug == true) {
            command += ' --debug'
        }
        List credentials = bindings((Map) args.credentials ?: [:])
        if (args.githubCredentials) {
            // The core's GitHub publisher: check run (or commit status) and sticky PR comment, from
            // GIT_COMMIT, CHANGE_ID and GITHUB_REPOSITORY, with the token bound like any secret.
            env.add("GITHUB_REPOSITORY=${gitHubRepository()}")
            credentials.add(script.string(credentialsId: args.githubCredentials, variable: 'GITHUB_TOKEN'))
            command += ' --publish-github'
        }
        int status = 0
        script.withEnv(env) {
            script.withCredentials(credentials) {
                status = (int) script.sh(script: shell(stepName, (List) step.jvmOptions, command), returnStatus: true)
            }
        }
        return finish(outputDir, status, args.unstableOnFailure == true)
    }

    /**
     * The sh script that runs the jar's step with these (constant) arguments, with the step's class-data
     * archive and the JVM options the catalogue gives the step (C1 alone for a short run).
     */
    static String shell(String step, List jvmOptions, String arguments) {
        String options = ''
        for (int i = 0; i < jvmOptions.size(); i++) {
            options += jvmOptions[i] + ' '
        }
        return 'a="${MODELGATE_JAR%.jar}.' + step + '.jsa"; ' + LAUNCH + options + '-jar "$MODELGATE_JAR" ' + step + arguments + FINISH
    }

    /** The jar: the jar argument (e.g. a tool's path), else MODELGATE_JAR, else fetched once per agent. */
    private String jar(Map args, String version) {
        if (args.jar) {
            return args.jar
        }
        if (script.env.MODELGATE_JAR) {
            return script.env.MODELGATE_JAR
        }
        if (!script.env.MODELGATE_MAVEN_REPOSITORY) {
            script.error("${StepArguments.varName(stepName)}: no modelgate jar: pass jar: '/path/to/modelgate.jar', set MODELGATE_JAR, " +
                    'or set MODELGATE_MAVEN_REPOSITORY to the URL of a Maven repository that serves io.modelgate:shared-core:' + version + ':cli')
        }
        String fetched = null
        script.withEnv(["MODELGATE_REPOSITORY=${script.env.MODELGATE_MAVEN_REPOSITORY}", "MODELGATE_VERSION=${version}"]) {
            fetched = script.sh(script: script.libraryResource(FETCH_JAR), returnStdout: true)
        }
        return fetched.trim()
    }

    /** GITHUB_REPOSITORY when the job sets it, else the owner/name of the GIT_URL it was cloned from. */
    private String gitHubRepository() {
        String repository = script.env.GITHUB_REPOSITORY ?: StepArguments.gitHubRepository((String) script.env.GIT_URL)
        if (!repository) {
            script.error("${StepArguments.varName(stepName)}: githubCredentials needs the repository: set GITHUB_REPOSITORY=owner/name, " +
                    "or build from a GitHub clone URL (GIT_URL is '${script.env.GIT_URL ?: ''}')")
        }
        return repository
    }

    private List bindings(Map credentials) {
        // An indexed loop: a map's iterator cannot be serialised when CPS persists this method at a step.
        List<String> variables = StepArguments.keys(credentials)
        List bindings = []
        for (int i = 0; i < variables.size(); i++) {
            bindings.add(script.string(credentialsId: credentials.get(variables[i]), variable: variables[i]))
        }
        return bindings
    }

    private Map finish(String outputDir, int status, boolean unstableOnFailure) {
        String label = "modelgate ${stepName}"
        script.junit(testResults: "${outputDir}/junit-*.xml", allowEmptyResults: true)
        script.archiveArtifacts(artifacts: "${outputDir}/**", excludes: "${outputDir}/params.json", allowEmptyArchive: true)
        String headline = ''
        if (script.fileExists("${outputDir}/result.md")) {
            headline = StepReport.headline((String) script.readFile("${outputDir}/result.md"))
            String description = script.currentBuild.description
            script.currentBuild.description = description ? description + '\n' + headline : headline
        }
        Map outputs = [:]
        if (script.fileExists("${outputDir}/result.json")) {
            outputs = StepReport.outputs((String) script.readFile("${outputDir}/result.json"))
        }
        String detail = headline ?: 'no result was written; see the log above'
        switch (status) {
            case 0:
                return outputs
            case 1:
                if (unstableOnFailure) {
                    script.unstable("${label}: ${detail}")
                    return outputs
                }
                script.error("${label}: the gate failed (exit 1): ${detail}")
                break
            case 2:
                script.error("${label}: usage or configuration error (exit 2): ${detail}")
                break
            case 3:
                script.error("${label}: infrastructure error (exit 3): ${detail}")
                break
            default:
                script.error("${label}: the command exited with ${status} (is java on the agent's PATH?); see the log above")
        }
        return outputs
    }
}
