package io.modelgate.jenkins

import com.lesfurets.jenkins.unit.BasePipelineTest
import groovy.json.JsonSlurper
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Tag
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths

import static org.junit.jupiter.api.Assertions.assertEquals
import static org.junit.jupiter.api.Assertions.assertFalse
import static org.junit.jupiter.api.Assertions.assertTrue

/**
 * The library against the real command line: sh really runs shared-core/target/modelgate.jar
 * (built earlier in the reactor), which reads the params document the step wrote and writes the
 * reports the step publishes; the JUnit XML is parsed as Jenkins' junit step would.
 */
@Tag('e2e')
class ContractTest extends BasePipelineTest {

    static final Path JAR = Paths.get(System.getProperty('modelgate.jar', '../shared-core/target/modelgate.jar')).toAbsolutePath().normalize()

    @TempDir
    Path workspace
    SimulatedPipeline pipeline

    @BeforeEach
    void start() {
        assertTrue(Files.isRegularFile(JAR), "${JAR} is missing: build it first (mvn -pl shared-core package -DskipTests)")
        pipeline = new SimulatedPipeline(this, workspace)
        pipeline.configure()
        setUp()
        pipeline.install()
        pipeline.env().MODELGATE_JAR = JAR.toString()
        pipeline.shHandler = pipeline.realShell()
    }

    @Test
    void theJarPrintsTheCatalogueTheLibraryCarries() {
        pipeline.run('''
            sh(script: 'java -jar "$MODELGATE_JAR" catalogue > catalogue.json', returnStatus: true)
        ''')

        assertEquals(new JsonSlurper().parse(SimulatedPipeline.LIBRARY.resolve('resources/io/modelgate/catalogue.json').toFile()),
                new JsonSlurper().parse(workspace.resolve('catalogue.json').toFile()))
    }

    @Test
    void aConfigurationFaultComesBackAsExit2WithFileAndLineAndItsJUnitReport() {
        workspace.resolve('modelgate.yaml').text = 'project: fraud-detection\nmodels:\n  fraud-detector:\n    registry: aliases\n    colour: blue\n'
        pipeline.credentialStore['mlflow-prod-token'] = 'prod-token-value-123'

        String message = pipeline.runAndFail('''
            @Library('modelgate') _
            modelgatePromoteModel(model: 'fraud-detector', version: '7', to: 'champion', dryRun: true,
                    config: 'modelgate.yaml', environment: 'prod', credentials: [MLFLOW_PROD_TOKEN: 'mlflow-prod-token'])
        ''')

        assertTrue(message.startsWith('modelgate promote-model: usage or configuration error (exit 2): ⚠️ promote-model error: modelgate.yaml:5:'), message)
        assertTrue(message.contains('colour'), message)
        assertEquals('FAILURE', pipeline.build().result)
        Map sh = pipeline.shCalls[0]
        assertEquals([model: 'fraud-detector', version: '7', to: 'champion', 'dry-run': true], pipeline.params(sh))

        Path junit = workspace.resolve('build/modelgate/promote-model/junit-promote-model.xml')
        Node suite = (Node) new XmlParser().parse(junit.toFile()).testsuite[0]
        assertEquals('modelgate.promote-model', suite.@name)
        assertEquals(['1', '1', '0'], [suite.@tests, suite.@errors, suite.@failures])
        Node error = (Node) suite.testcase[0].error[0]
        assertEquals('promote-model', suite.testcase[0].@name)
        assertTrue(error.@message.startsWith('modelgate.yaml:5: models.fraud-detector.colour: unknown key'), error.@message)
        for (Path report : Files.list(junit.parent).toList()) {
            assertFalse(report.text.contains('prod-token-value-123'), "${report} holds no secret")
        }
        assertFalse(pipeline.shLogs[0].contains('prod-token-value-123'))
    }

    @Test
    void valuesTheCoreRefusesNeverReachTheShell() {
        workspace.resolve('modelgate.yaml').text = SimulatedPipeline.LIBRARY.resolveSibling('test-projects/fraud-detection/modelgate.yaml').text

        String message = pipeline.runAndFail('''
            @Library('modelgate') _
            modelgateSparkSubmit(job: "train'; touch pwned; echo '", timeout: 'soon $(touch pwned2)', config: 'modelgate.yaml')
        ''')

        assertTrue(message.startsWith('modelgate spark-submit: usage or configuration error (exit 2): '), message)
        assertTrue(message.contains('soon $(touch pwned2)'), message)
        assertFalse(Files.exists(workspace.resolve('pwned')) || Files.exists(workspace.resolve('pwned2')))
        Node suite = (Node) new XmlParser().parse(workspace.resolve('build/modelgate/spark-submit/junit-spark-submit.xml').toFile()).testsuite[0]
        assertEquals(['modelgate.spark-submit', '1', '1'], [suite.@name, suite.@tests, suite.@errors])
    }

    @Test
    void theJarNamesAnArgumentAsJenkinsUsersWriteIt() {
        workspace.resolve('modelgate.yaml').text = 'project: fraud-detection\nmodels:\n  fraud-detector:\n    registry: aliases\n'

        String message = pipeline.runAndFail('''
            @Library('modelgate') _
            modelgatePromoteModel(model: 'fraud-detector', version: '7', to: 'champion', lockTimeout: 'soon', config: 'modelgate.yaml')
        ''')

        // The library cannot tell a bad duration; the jar does, in the Jenkins step's words.
        assertTrue(message.startsWith('modelgate promote-model: usage or configuration error (exit 2): ⚠️ promote-model error: step promote-model, lockTimeout: '), message)
        assertFalse(message.contains('--lock-timeout'), message)
    }

    @Test
    void aStepRecordsItsClassDataArchiveOnceBesideTheJarAndLaterRunsMapIt() {
        Path jars = Files.createDirectories(workspace.resolve('jars'))
        Path jar = Files.createSymbolicLink(jars.resolve('modelgate.jar'), JAR)
        pipeline.env().MODELGATE_JAR = jar.toString()
        workspace.resolve('modelgate.yaml').text = 'project: fraud-detection\nmodels:\n  fraud-detector:\n    registry: aliases\n    colour: blue\n'
        String step = """
            @Library('modelgate') _
            modelgatePromoteModel(model: 'fraud-detector', version: '7', to: 'champion', dryRun: true, config: 'modelgate.yaml')
        """
        Path archive = jars.resolve('modelgate.promote-model.jsa')

        pipeline.runAndFail(step)
        assertTrue(Files.isRegularFile(archive), 'the first run records the archive')
        assertEquals(['modelgate.jar', 'modelgate.promote-model.jsa'], Files.list(jars).map { it.fileName.toString() }.sorted().toList(),
                'renamed into place, nothing half-written left')
        // -Xshare:on fails unless the JVM really maps the archive.
        Process check = new ProcessBuilder(Paths.get(System.getProperty('java.home'), 'bin', 'java').toString(),
                "-XX:SharedArchiveFile=${archive}", '-Xshare:on', '-jar', jar.toString(), '--version').redirectErrorStream(true).start()
        String checked = check.inputStream.text
        assertEquals(0, check.waitFor(), checked)
        def recorded = Files.getLastModifiedTime(archive)

        String message = pipeline.runAndFail(step)
        assertEquals(recorded, Files.getLastModifiedTime(archive), 'a later run maps the archive, it does not record it again')
        assertTrue(message.contains('(exit 2)'), 'the exit code passes through: ' + message)
        assertFalse(pipeline.shLogs.any { it.contains('cds') || it.contains('CDS') }, 'the JVM says nothing about the archive: ' + pipeline.shLogs)
    }
}
