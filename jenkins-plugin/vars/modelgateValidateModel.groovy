// modelgateValidateModel(...): the modelgate validate-model step; arguments and outputs in modelgateValidateModel.txt.
def call(Map args = [:]) {
    return new io.modelgate.jenkins.ModelgateStep(this, 'validate-model').run(args)
}
