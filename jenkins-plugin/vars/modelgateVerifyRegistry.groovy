// modelgateVerifyRegistry(...): the modelgate verify-registry step; arguments and outputs in modelgateVerifyRegistry.txt.
def call(Map args = [:]) {
    return new io.modelgate.jenkins.ModelgateStep(this, 'verify-registry').run(args)
}
