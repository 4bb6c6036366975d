// A step with a CPS mistake: a closure in a GString, which CPS cannot evaluate lazily.
def call(Map args = [:]) {
    echo "promoting ${ -> args.model }"
}
