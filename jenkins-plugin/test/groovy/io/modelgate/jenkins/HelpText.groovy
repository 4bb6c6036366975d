package io.modelgate.jenkins

/**
 * The vars/*.txt help of a step (Jenkins shows it in the Global Variable Reference), generated
 * from the catalogue; LibraryFilesTest holds the committed files to it.
 */
class HelpText {

    static String render(Map step) {
        String var = Catalogue.varName((String) step.name)
        StringBuilder out = new StringBuilder()
        out << "<p><b>${var}</b>: ${html((String) step.summary)}.</p>\n"
        out << "<p>Runs <code>modelgate ${step.name}</code> from the library's command-line jar, publishes its JUnit XML and reports, " +
                "and returns its outputs as a Map. Usable directly in Declarative <code>steps {}</code>.</p>\n"
        out << "<p>Arguments:</p>\n<dl>\n"
        for (Map param : (List<Map>) step.params) {
            String flags = param.type + (param.required ? ', required' : '') + (param.default != null ? ", default ${param.default}" : '')
            out << "<dt><code>${param.camel_name}</code> (${flags})</dt><dd>${html((String) param.doc)}</dd>\n"
        }
        out << "<dt><code>config</code> (string)</dt><dd>Path of modelgate.yaml in the workspace; default ./modelgate.yaml</dd>\n"
        out << "<dt><code>environment</code> (string)</dt><dd>Environment of modelgate.yaml to use; default derived from the branch</dd>\n"
        out << "<dt><code>outputDir</code> (string)</dt><dd>Where the reports go; default build/modelgate/${step.name}</dd>\n"
        List secrets = (List) step.secrets ?: []
        out << "<dt><code>credentials</code> (map)</dt><dd>Environment variable to Jenkins secret-text credentials id, e.g. " +
                "<code>[MLFLOW_PROD_TOKEN: 'mlflow-prod-token']</code>; bind the variables modelgate.yaml names" +
                (secrets ? " (this step reads ${secrets.collect { "<code>${it}</code>" }.join(', ')})" : ' (this step reads none)') + "</dd>\n"
        out << "<dt><code>githubCredentials</code> (string)</dt><dd>Jenkins secret-text credentials id of a GitHub token: publish the result " +
                "as a check run (or commit status) on GIT_COMMIT and the sticky comment on pull request CHANGE_ID; the repository is " +
                "GITHUB_REPOSITORY, else taken from GIT_URL</dd>\n"
        out << "<dt><code>unstableOnFailure</code> (boolean)</dt><dd>Mark the build UNSTABLE instead of FAILURE when the gate fails (exit 1), and go on</dd>\n"
        out << "<dt><code>jar</code> (string)</dt><dd>Path of modelgate.jar, e.g. from a tool; default MODELGATE_JAR, else fetched by " +
                "Maven coordinates from MODELGATE_MAVEN_REPOSITORY</dd>\n"
        out << "</dl>\n<p>Returns:</p>\n<dl>\n"
        ((Map) step.outputs).each { String name, String doc ->
            out << "<dt><code>${Catalogue.camel(name)}</code></dt><dd>${html(doc)}</dd>\n"
        }
        out << "</dl>\n"
        out << "<p>Build result: exit 0 passes; 1 (the gate failed) fails the build, or marks it UNSTABLE with <code>unstableOnFailure: true</code>; " +
                "2 (usage or configuration error) and 3 (infrastructure error) fail the build with the message.</p>\n"
        return out.toString()
    }

    private static String html(String text) {
        return text.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')
    }
}
