// modelgateUnitTests(...): the modelgate unit-tests step; arguments and outputs in modelgateUnitTests.txt.
def call(Map args = [:]) {
    return new io.modelgate.jenkins.ModelgateStep(this, 'unit-tests').run(args)
}
