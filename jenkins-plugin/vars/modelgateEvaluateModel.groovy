// modelgateEvaluateModel(...): the modelgate evaluate-model step; arguments and outputs in modelgateEvaluateModel.txt.
def call(Map args = [:]) {
    return new io.modelgate.jenkins.ModelgateStep(this, 'evaluate-model').run(args)
}
