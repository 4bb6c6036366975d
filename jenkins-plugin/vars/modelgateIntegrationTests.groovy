// modelgateIntegrationTests(...): the modelgate integration-tests step; arguments and outputs in modelgateIntegrationTests.txt.
def call(Map args = [:]) {
    return new io.modelgate.jenkins.ModelgateStep(this, 'integration-tests').run(args)
}
