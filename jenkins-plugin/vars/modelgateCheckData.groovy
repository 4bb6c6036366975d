// modelgateCheckData(...): the modelgate check-data step; arguments and outputs in modelgateCheckData.txt.
def call(Map args = [:]) {
    return new io.modelgate.jenkins.ModelgateStep(this, 'check-data').run(args)
}
