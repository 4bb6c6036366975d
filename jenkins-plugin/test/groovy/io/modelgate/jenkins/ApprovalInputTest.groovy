package io.modelgate.jenkins

import com.fasterxml.jackson.databind.ObjectMapper
import com.lesfurets.jenkins.unit.BasePipelineTest
import io.modelgate.registry.RegistryFixture
import io.modelgate.testbed.MlflowExtension
import io.modelgate.testbed.MlflowServer
import org.eclipse.jgit.api.Git
import org.eclipse.jgit.lib.PersonIdent
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Tag
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.extension.ExtendWith
import org.junit.jupiter.api.io.TempDir

import java.nio.file.Files
import java.nio.file.Path

import static org.junit.jupiter.api.Assertions.assertEquals
import static org.junit.jupiter.api.Assertions.assertTrue

/**
 * A Jenkins input's submitter as the approval prod's require_approval asks for: the library's
 * modelgatePromoteModel in the simulated Pipeline, sh running shared-core/target/modelgate.jar against a
 * real MLflow server. The input answers as Jenkins does when it has a submitterParameter and no other
 * parameter: with the submitter's user id.
 */
@Tag('e2e')
@ExtendWith(MlflowExtension)
class ApprovalInputTest extends BasePipelineTest {

    @TempDir
    Path workspace
    SimulatedPipeline pipeline
    RegistryFixture registry
    String model
    String submitter
    final List<Map> inputs = []

    @BeforeEach
    void start(MlflowServer mlflow) {
        assertTrue(Files.isRegularFile(FraudLifecycleTest.JAR), "${FraudLifecycleTest.JAR} is missing: build it first")
        registry = new RegistryFixture(mlflow)
        model = registry.model("fraud-jenkins-approval-${System.nanoTime()}", 1)
        workspace.resolve('modelgate.yaml').text = """
            project: fraud
            mlflow: { tracking_uri: "${mlflow.uri()}" }
            environments:
              prod: { branches: ["release/*"] }
            models:
              ${model}:
                registry: aliases
                promotion:
                  prod:
                    targets: [champion]
                    require_approval: { from: [bob, erin, dana@example.com] }
            """.stripIndent()
        pipeline = new SimulatedPipeline(this, workspace)
        pipeline.configure()
        setUp()
        pipeline.install()
        pipeline.shHandler = pipeline.realShell()
        helper.registerAllowedMethod('input', [Map]) { Map args ->
            inputs.add(args)
            return args.submitterParameter ? submitter : null
        }
        // The checkout: a real commit, whose author four eyes reads with JGit.
        String commit
        Git git = Git.init().setDirectory(workspace.toFile()).call()
        try {
            git.add().addFilepattern('modelgate.yaml').call()
            commit = git.commit().setMessage('release 1.0').setAuthor(new PersonIdent('Dana Doe', 'dana@example.com'))
                    .setCommitter(new PersonIdent('Dana Doe', 'dana@example.com')).setSign(false).call().name()
        } finally {
            git.close()
        }
        pipeline.env().putAll([MODELGATE_JAR: FraudLifecycleTest.JAR.toString(), JENKINS_URL: 'https://jenkins.example/',
                               BUILD_URL: 'https://jenkins.example/job/fraud/job/release%2F1.0/3/', BRANCH_NAME: 'release/1.0',
                               GIT_COMMIT: commit, BUILD_USER_ID: 'alice', JOB_NAME: 'fraud/release/1.0'])
    }

    private Object release() {
        binding.setVariable('currentBuild', [result: 'SUCCESS', description: null])
        return pipeline.run("""@Library('modelgate') _
            env.APPROVER = input(message: 'Promote to champion in prod?', ok: 'Promote', submitter: 'ml-release', submitterParameter: 'approver')
            return modelgatePromoteModel(model: '${model}', version: '1', to: 'champion', approvedBy: env.APPROVER, environment: 'prod')
        """)
    }

    @Test
    void theInputsSubmitterIsTheApprovalAndTheBuildsStarterCannotApproveIt() {
        submitter = 'alice' // who started the build: four eyes refuses it
        String refusal = pipeline.runAndFail("""@Library('modelgate') _
            env.APPROVER = input(message: 'Promote?', submitter: 'ml-release', submitterParameter: 'approver')
            modelgatePromoteModel(model: '${model}', version: '1', to: 'champion', approvedBy: env.APPROVER, environment: 'prod')
        """)
        assertTrue(refusal.startsWith('modelgate promote-model: the gate failed (exit 1)'), refusal)
        assertTrue(refusal.contains('require_approval: version 1 needs 1 approval of the move to champion from [bob, erin, dana@example.com]'), refusal)
        assertTrue(refusal.contains('not counted: alice started this run; nothing was changed'), refusal)
        assertEquals(Optional.empty(), registry.alias(model, 'champion'))

        submitter = 'dana@example.com' // the commit's author, by the e-mail of the commit
        String byAuthor = pipeline.runAndFail("""@Library('modelgate') _
            env.APPROVER = input(message: 'Promote?', submitter: 'ml-release', submitterParameter: 'approver')
            modelgatePromoteModel(model: '${model}', version: '1', to: 'champion', approvedBy: env.APPROVER, environment: 'prod')
        """)
        assertTrue(byAuthor.contains('not counted: dana@example.com wrote commit '), byAuthor)

        submitter = 'bob'
        Map outputs = (Map) release()
        assertEquals('1', outputs.version)
        assertEquals(Optional.of(1), registry.alias(model, 'champion'))
        Map<String, String> tags = registry.versionTags(model, 1)
        assertEquals('bob', tags['modelgate.approval.by'])
        assertEquals('jenkins input of https://jenkins.example/job/fraud/job/release%2F1.0/3/', tags['modelgate.approval.source'])
        List<String> audit = Files.readAllLines(workspace.resolve('build/modelgate/promote-model/registry-audit.jsonl'))
        assertEquals('bob', new ObjectMapper().readTree(audit.last()).path('approver').asText())
        assertEquals([[message: 'Promote?', submitter: 'ml-release', submitterParameter: 'approver'],
                      [message: 'Promote?', submitter: 'ml-release', submitterParameter: 'approver'],
                      [message: 'Promote to champion in prod?', ok: 'Promote', submitter: 'ml-release', submitterParameter: 'approver']], inputs)
    }
}
