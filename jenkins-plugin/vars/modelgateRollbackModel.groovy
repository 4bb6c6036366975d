// modelgateRollbackModel(...): the modelgate rollback-model step; arguments and outputs in modelgateRollbackModel.txt.
def call(Map args = [:]) {
    return new io.modelgate.jenkins.ModelgateStep(this, 'rollback-model').run(args)
}
