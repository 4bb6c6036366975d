package io.modelgate.docs;

import io.modelgate.step.StepCatalogue;
import io.modelgate.step.StepDefinition;
import io.modelgate.testbed.GeneratedFiles;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The generated docs — a page per step (docs/steps/) and the configuration reference — are
 * exactly what the catalogue and the config schema give; with -Dmodelgate.regenerate=true this
 * test writes them instead ({@link GeneratedFiles#REGENERATE}).
 */
class DocsFilesTest {

    private static final Path DOCS = Path.of("").toAbsolutePath().getParent().resolve("docs");

    static Map<Path, String> generated() {
        Map<Path, String> files = new LinkedHashMap<>(StepPages.render(DOCS));
        files.put(DOCS.resolve("configuration-reference.md"), ConfigReference.render());
        return files;
    }

    @Test
    void committedDocsAreWhatTheCatalogueAndSchemaGenerate() throws Exception {
        GeneratedFiles.holdTo(generated(), DOCS, "the step catalogue or the config schema", GeneratedFiles.REGENERATE);
    }

    @Test
    void docsStepsHoldOnePagePerCatalogueStepAndNothingElse() throws Exception {
        List<String> expected = new ArrayList<>(List.of("README.md"));
        StepCatalogue.steps().forEach(step -> expected.add(step.name() + ".md"));
        try (Stream<Path> files = Files.list(DOCS.resolve("steps"))) {
            assertEquals(expected.stream().sorted().toList(), files.map(f -> f.getFileName().toString()).sorted().toList(),
                    "a page of a step no longer in the catalogue is left in docs/steps");
        }
    }

    @Test
    void everyParameterOutputAndSecretOfTheCatalogueIsOnItsPage() {
        for (StepDefinition step : StepCatalogue.steps()) {
            String page = StepPages.page(step);
            step.params().forEach(p -> assertTrue(page.contains("| `" + p.name() + "` | `" + p.camelName() + "` |"), step.name() + " " + p.name()));
            step.outputs().keySet().forEach(o -> assertTrue(page.contains("| `" + o + "` |"), step.name() + " output " + o));
            step.secrets().forEach(s -> assertTrue(page.contains("- `" + s + "`"), step.name() + " secret " + s));
            assertTrue(page.contains("uses: OWNER/REPO/actions-runner/" + step.name() + "@v1"), step.name());
            assertTrue(page.contains(StepPages.jenkinsStep(step) + "("), step.name());
        }
    }

    /** The anchors GitHub gives a page: each heading lower-cased, punctuation dropped, spaces as hyphens; and explicit ids. */
    private static List<String> anchors(Path page) throws Exception {
        List<String> anchors = new ArrayList<>();
        for (String line : Files.readAllLines(page)) {
            if (line.startsWith("#")) {
                anchors.add(line.replaceFirst("^#+\\s*", "").toLowerCase(java.util.Locale.ROOT)
                        .replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
            }
            Matcher id = Pattern.compile("<a id=\"([^\"]+)\"").matcher(line);
            while (id.find()) anchors.add(id.group(1));
        }
        return anchors;
    }

    /** Links between docs pages, generated or not, lead to files that exist and to headings they have. */
    @Test
    void relativeLinksInDocsLeadToExistingFiles() throws Exception {
        Pattern link = Pattern.compile("\\]\\(([^)#\\s]+)(#[^)]*)?\\)");
        List<String> broken = new ArrayList<>();
        List<Path> pages;
        try (Stream<Path> files = Files.walk(DOCS)) {
            pages = new ArrayList<>(files.filter(f -> f.toString().endsWith(".md")).toList());
        }
        pages.add(DOCS.resolveSibling("README.md"));
        for (Path page : pages) {
            Matcher m = link.matcher(Files.readString(page));
            while (m.find()) {
                String target = m.group(1);
                if (target.contains("://") || target.startsWith("mailto:")) continue;
                Path resolved = page.getParent().resolve(target).normalize();
                if (!Files.exists(resolved)) {
                    broken.add(DOCS.getParent().relativize(page) + " -> " + target);
                } else if (m.group(2) != null && target.endsWith(".md") && !anchors(resolved).contains(m.group(2).substring(1))) {
                    broken.add(DOCS.getParent().relativize(page) + " -> " + target + m.group(2));
                }
            }
        }
        assertTrue(broken.isEmpty(), "broken links: " + broken);
    }
}
