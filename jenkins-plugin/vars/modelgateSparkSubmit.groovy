// modelgateSparkSubmit(...): the modelgate spark-submit step; arguments and outputs in modelgateSparkSubmit.txt.
def call(Map args = [:]) {
    return new io.modelgate.jenkins.ModelgateStep(this, 'spark-submit').run(args)
}
