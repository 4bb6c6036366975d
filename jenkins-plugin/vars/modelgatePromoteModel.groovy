// modelgatePromoteModel(...): the modelgate promote-model step; arguments and outputs in modelgatePromoteModel.txt.
def call(Map args = [:]) {
    return new io.modelgate.jenkins.ModelgateStep(this, 'promote-model').run(args)
}
