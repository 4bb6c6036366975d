// modelgateCheckModel(...): the modelgate check-model step; arguments and outputs in modelgateCheckModel.txt.
def call(Map args = [:]) {
    return new io.modelgate.jenkins.ModelgateStep(this, 'check-model').run(args)
}
