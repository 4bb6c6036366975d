package io.modelgate.docs;

import io.modelgate.cli.CommandLineApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What getting-started.md shows is what the command line really says about the file it shows. */
class DocsExamplesTest {

    static final Path PAGE = Path.of("").toAbsolutePath().getParent().resolve("docs/getting-started.md");

    @Test
    void gettingStartedConfigValidatesWithTheOutputThePageShows(@TempDir Path project) throws Exception {
        String page = Files.readString(PAGE);
        Files.writeString(project.resolve("modelgate.yaml"), modelgateYaml(page));

        Run valid = run(project, Map.of(), "config", "validate");
        assertEquals(0, valid.code(), valid.err());
        assertTrue(page.contains("$ modelgate config validate\n" + valid.out()), "the page shows another output than: " + valid.out());

        // The fault the page quotes: staging's token variable not set yet.
        Run unset = run(project, Map.of(), "config", "validate", "--env", "staging");
        assertEquals(2, unset.code());
        assertTrue(page.contains("`" + unset.err().strip() + "`"), "the page quotes another error than: " + unset.err());

        Run set = run(project, Map.of("MLFLOW_STAGING_TOKEN", "s3cret"), "config", "validate", "--env", "staging");
        assertEquals(0, set.code(), set.err());
    }

    /** The workflow and Jenkinsfile the guide shows are the minimal templates it tells the reader to copy, byte for byte. */
    @Test
    void gettingStartedShowsTheMinimalTemplatesAsTheyAre() throws Exception {
        String page = Files.readString(PAGE);
        Path minimal = PAGE.getParent().resolveSibling("pipeline-templates/minimal");
        for (String file : new String[] {"pull-request.yml", "Jenkinsfile"}) {
            Matcher block = Pattern.compile("<!-- getting-started: " + Pattern.quote(file) + " [^\\n]*-->\\n```\\w+\\n(.*?)```", Pattern.DOTALL)
                    .matcher(page);
            assertTrue(block.find(), "getting-started.md has no marked " + file + " block");
            assertEquals(Files.readString(minimal.resolve(file)), block.group(1), file);
            assertTrue(page.contains("(../pipeline-templates/minimal/" + file + ")"), "the page does not link " + file);
        }
    }

    /** The page's marked modelgate.yaml block. */
    static String modelgateYaml(String page) {
        Matcher block = Pattern.compile("<!-- getting-started: modelgate.yaml[^\\n]*-->\\n```yaml\\n(.*?)```", Pattern.DOTALL).matcher(page);
        assertTrue(block.find(), "getting-started.md has no marked modelgate.yaml block");
        return block.group(1);
    }

    record Run(int code, String out, String err) {
    }

    /** The command line run in {@code dir} with exactly the environment {@code env}. */
    static Run run(Path dir, Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new CommandLineApp(env, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), dir)
                .run(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
