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
        List secrets = (List) step.secrets ?: []
        for (Map param : (List<Map>) step.params) {
            String flags = param.type + (param.required ? ', required' : '') + (param.default != null ? ", default ${param.default}" : '')
            out << "<dt><code>${param.camel_name}</code> (${flags})</dt><dd>${html((String) param.doc)}</dd>\n"
        }
        // The common arguments, from the catalogue's one declaration of the common options.
        for (Map option : (List<Map>) Catalogue.json().common) {
            String name = ((Map) option.spelling).jenkins
            if (name == null) {
                continue
            }
            // Each step's reports go to a folder of its own under the common default.
            String value = name == 'outputDir' ? "${option.default}/${step.name}" : option.default
            String doc = html((String) option.doc)
            if (name == 'credentials') {
                doc += (secrets ? " (this step reads ${secrets.collect { "<code>${it}</code>" }.join(', ')})" : ' (this step reads none)')
            }
            out << "<dt><code>${name}</code> (${option.type}${value != null ? ", default ${value}" : ''})</dt><dd>${doc}</dd>\n"
        }
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
