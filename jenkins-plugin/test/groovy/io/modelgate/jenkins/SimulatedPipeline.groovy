package io.modelgate.jenkins

import com.lesfurets.jenkins.unit.BasePipelineTest
import com.lesfurets.jenkins.unit.global.lib.LibraryConfiguration
import com.lesfurets.jenkins.unit.global.lib.LocalSource

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths

/**
 * The Pipeline around the library in JenkinsPipelineUnit: a real workspace folder for writeFile,
 * readFile and fileExists; env and withEnv; a credentials store for withCredentials; junit,
 * archiveArtifacts, unstable and error as Jenkins behaves (error aborts the build); and sh, which
 * each test answers (a core that writes real reports, or a real shell).
 *
 * Not simulated: a controller, agents, the script-security sandbox, Declarative's validator.
 */
class SimulatedPipeline {

    static final Path LIBRARY = LibraryRoot.PATH

    final BasePipelineTest test
    final Path workspace
    final Map<String, String> credentialStore = [:]
    /** Every sh call: script, returnStatus/returnStdout and the environment it saw. */
    final List<Map> shCalls = []
    final List<String> unstableMessages = []
    /** The console output of each sh run by realShell(). */
    final List<String> shLogs = []
    final List<Map> junitCalls = []
    final List<Map> archiveCalls = []
    /** Answers sh: (Map args, Map env) -> exit status (returnStatus) or stdout (returnStdout). */
    Closure shHandler = { Map args, Map env -> throw new AssertionError("this test did not expect sh: ${args.script}") }

    SimulatedPipeline(BasePipelineTest test, Path workspace) {
        this.test = test
        this.workspace = workspace
    }

    /** Points the test at the workspace; call before the test's setUp(). */
    void configure() {
        test.baseScriptRoot = workspace.toString()
        test.scriptRoots = [workspace.toString()] as String[]
        test.scriptExtension = 'groovy'
    }

    /** Registers the library and the steps; call after the test's setUp(). */
    void install() {
        Path libs = Files.createDirectories(workspace.resolve('.libs'))
        Files.createSymbolicLink(libs.resolve('modelgate@test'), LIBRARY)
        test.helper.registerSharedLibrary(LibraryConfiguration.library().name('modelgate')
                .defaultVersion('test').allowOverride(true).implicit(false).targetPath(libs.toString())
                .retriever(LocalSource.localSource(libs.toString())).build())
        test.binding.setVariable('env', [:])
        test.binding.setVariable('currentBuild', [result: 'SUCCESS', description: null])

        register('libraryResource', [String]) { String path -> LIBRARY.resolve('resources').resolve(path).text }
        register('writeFile', [Map]) { Map a ->
            Path file = workspace.resolve((String) a.file)
            Files.createDirectories(file.parent)
            file.text = a.text
        }
        register('readFile', [String]) { String path -> workspace.resolve(path).text }
        register('readFile', [Map]) { Map a -> workspace.resolve((String) a.file).text }
        register('fileExists', [String]) { String path -> Files.exists(workspace.resolve(path)) }
        register('withEnv', [List, Closure]) { List vars, Closure body ->
            Map env = env()
            Map saved = new LinkedHashMap(env)
            vars.each { String entry -> env.put(entry.substring(0, entry.indexOf('=')), entry.substring(entry.indexOf('=') + 1)) }
            try {
                return test.helper.callClosure(body)
            } finally {
                env.clear()
                env.putAll(saved)
            }
        }
        register('string', [Map]) { Map a -> [kind: 'string'] + a }
        register('withCredentials', [List, Closure]) { List bindings, Closure body ->
            Map env = env()
            Map saved = new LinkedHashMap(env)
            bindings.each { Map binding ->
                if (!credentialStore.containsKey(binding.credentialsId)) {
                    // The message of Jenkins' CredentialNotFoundException.
                    throw new AbortException("Could not find credentials entry with ID '${binding.credentialsId}'")
                }
                env.put(binding.variable, credentialStore[binding.credentialsId])
            }
            try {
                return test.helper.callClosure(body)
            } finally {
                env.clear()
                env.putAll(saved)
            }
        }
        register('sh', [Map]) { Map a ->
            Map seen = new LinkedHashMap(env())
            shCalls.add([script: a.script, returnStatus: a.returnStatus == true, returnStdout: a.returnStdout == true, env: seen])
            return shHandler(a, seen)
        }
        register('junit', [Map]) { Map a -> junitCalls.add(plain(a)) }
        register('archiveArtifacts', [Map]) { Map a -> archiveCalls.add(plain(a)) }
        register('unstable', [String]) { String message ->
            unstableMessages.add(message)
            build().result = 'UNSTABLE'
        }
        register('error', [String]) { String message ->
            build().result = 'FAILURE'
            throw new AbortException(message)
        }
    }

    Map env() {
        return (Map) test.binding.getVariable('env')
    }

    Map build() {
        return (Map) test.binding.getVariable('currentBuild')
    }

    /**
     * sh as an agent runs it: the script by /bin/sh in the workspace, with the agent's environment plus
     * the Pipeline's, and the test JVM's java first on the PATH (the Pipeline's PATH if it sets one).
     */
    Closure realShell() {
        return { Map args, Map env ->
            ProcessBuilder process = new ProcessBuilder('/bin/sh', '-e', '-c', (String) args.script).directory(workspace.toFile())
            process.environment().putAll(env.collectEntries { key, value -> [(String) key, String.valueOf(value)] })
            process.environment().PATH = Paths.get(System.getProperty('java.home'), 'bin').toString() + File.pathSeparator + (env.PATH ?: System.getenv('PATH'))
            Path log = Files.createTempFile(workspace, 'sh', '.log')
            process.redirectErrorStream(true).redirectOutput(log.toFile())
            int status = process.start().waitFor()
            shLogs.add(log.text)
            if (args.returnStatus) {
                return status
            }
            if (status != 0) {
                throw new AbortException("script returned exit code ${status}")
            }
            return args.returnStdout ? log.text : null
        }
    }

    private int runs

    /**
     * Writes a Jenkinsfile into the workspace and runs it; returns the script's value. Each run gets
     * a file of its own: the script engine may reuse a file's compiled class when it is rewritten
     * within its recompilation interval, running the previous Jenkinsfile again.
     */
    Object run(String jenkinsfile) {
        Path file = workspace.resolve("Jenkinsfile${++runs}.groovy")
        file.text = jenkinsfile
        return test.runScript(file.fileName.toString())
    }

    /** Runs a Jenkinsfile expected to abort; returns the AbortException's message. */
    String runAndFail(String jenkinsfile) {
        try {
            run(jenkinsfile)
        } catch (Throwable e) {
            Throwable cause = e
            while (cause != null && !(cause instanceof AbortException)) {
                cause = cause.cause
            }
            if (cause == null) {
                throw e
            }
            return cause.message
        }
        throw new AssertionError('the Pipeline did not fail')
    }

    /** The params document the last step call wrote. */
    Map params(Map shCall) {
        return (Map) new groovy.json.JsonSlurper().parse(workspace.resolve((String) shCall.env.MODELGATE_PARAMS).toFile())
    }

    /** A step's named arguments with GStrings as Strings, to compare with literals. */
    private static Map plain(Map args) {
        return args.collectEntries { key, value -> [(key): value instanceof GString ? value.toString() : value] }
    }

    private void register(String name, List<Class> types, Closure body) {
        test.helper.registerAllowedMethod(name, types, body)
    }
}
