package io.modelgate.config;

import io.modelgate.cli.CommandLineApp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every file of the bad-config corpus is refused by {@code modelgate config validate} with
 * exit 2 and exactly the one line recorded in expected.tsv: file, line, key, what is wrong.
 */
class BadConfigCorpusTest {

    static Path corpus() throws URISyntaxException {
        return Path.of(BadConfigCorpusTest.class.getResource("/bad-configs/expected.tsv").toURI()).getParent();
    }

    static Stream<Arguments> corpusFiles() throws IOException, URISyntaxException {
        List<String> lines = Files.readAllLines(corpus().resolve("expected.tsv"));
        return lines.stream().filter(l -> !l.isBlank()).map(l -> l.split("\t", 2)).map(p -> Arguments.of(p[0], p[1]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpusFiles")
    void refusedWithFileLineAndKey(String file, String expected) throws Exception {
        Path path = corpus().resolve(file);
        Matcher env = Pattern.compile("(?m)^# env: (\\S+)").matcher(new String(Files.readAllBytes(path), StandardCharsets.ISO_8859_1));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] args = env.find()
                ? new String[] {"config", "validate", "--config", path.toString(), "--env", env.group(1)}
                : new String[] {"config", "validate", "--config", path.toString()};
        int code = new CommandLineApp(Map.of(), new PrintStream(out), new PrintStream(err), corpus()).run(args);
        assertEquals(2, code, "exit code");
        assertEquals("modelgate: error: " + expected + "\n", err.toString(StandardCharsets.UTF_8), "one line naming file, line and key");
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @org.junit.jupiter.api.Test
    void corpusIsLargeAndEveryFileHasAnExpectation() throws Exception {
        long files;
        try (Stream<Path> list = Files.list(corpus())) {
            files = list.filter(p -> p.toString().endsWith(".yaml")).count();
        }
        assertTrue(files >= 30, "at least 30 bad configs, found " + files);
        assertEquals(files, corpusFiles().count(), "every corpus file has a line in expected.tsv");
    }
}
