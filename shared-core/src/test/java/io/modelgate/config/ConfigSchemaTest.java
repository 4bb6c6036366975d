package io.modelgate.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.modelgate.testbed.GeneratedFiles;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped JSON Schema is the one generated from the config records, and agrees with the loader. */
class ConfigSchemaTest {

    private static final Path REPO = Path.of("").toAbsolutePath().getParent();

    @Test
    void committedSchemaIsTheGeneratedOne() throws Exception {
        GeneratedFiles.holdTo(Map.of(REPO.resolve("docs/modelgate.schema.json"), ConfigSchema.render()), REPO, "the config records",
                GeneratedFiles.REGENERATE);
    }

    @Test
    void sampleProjectsAreValidAgainstTheSchema() throws Exception {
        JsonSchema schema = schema();
        try (var projects = Files.list(REPO.resolve("test-projects"))) {
            List<Path> configs = projects.map(p -> p.resolve("modelgate.yaml")).filter(Files::exists).toList();
            assertFalse(configs.isEmpty());
            for (Path config : configs) {
                Set<ValidationMessage> errors = schema.validate(yaml(config));
                assertTrue(errors.isEmpty(), config + ": " + errors);
            }
        }
    }

    /** Structural faults (unknown keys, wrong types) are refused by the schema too, as editors show them. */
    @Test
    void schemaRefusesTheStructuralFaultsOfTheCorpus() throws Exception {
        JsonSchema schema = schema();
        Path corpus = BadConfigCorpusTest.corpus();
        int structural = 0;
        for (String line : Files.readAllLines(corpus.resolve("expected.tsv"))) {
            String[] parts = line.split("\t", 2);
            boolean typeFault = !parts[1].contains("not valid YAML") && (parts[1].contains("unknown key") || parts[1].contains(": expected "));
            if (!typeFault) continue;
            structural++;
            Set<ValidationMessage> errors = schema.validate(yaml(corpus.resolve(parts[0])));
            assertFalse(errors.isEmpty(), parts[0] + " passes the schema but the loader refuses it: " + parts[1]);
        }
        assertTrue(structural >= 15, "structural faults in the corpus: " + structural);
    }

    /** The defaults the schema shows are the ones the loader applies to a file that leaves the keys out. */
    @Test
    void schemaDefaultsAreWhatTheLoaderApplies(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("modelgate.yaml");
        Files.writeString(file, "project: p\nmlflow: {}\ntests: { unit: { command: x } }\njobs: { j: { app: a.py } }\n"
                + "models: { m: { validation: {}, promotion: { prod: {} } } }\n");
        ProjectConfig config = ConfigFile.load(file, "--config").asWritten();
        JsonNode defs = ConfigSchema.generate().get("$defs");
        assertEquals(Durations.format(config.mlflow().timeout()), defs.at("/MlflowConfig/properties/timeout/default").asText());
        assertEquals(Durations.format(config.tests().unit().timeout()), defs.at("/TestStageConfig/properties/timeout/default").asText());
        assertEquals(Durations.format(config.jobs().get("j").timeout()), defs.at("/JobConfig/properties/timeout/default").asText());
        assertEquals("spark-submit", defs.at("/JobConfig/properties/backend/default").asText());
        assertEquals(JobConfig.Backend.SPARK_SUBMIT, config.jobs().get("j").backend());
        assertEquals("aliases", defs.at("/ModelConfig/properties/registry/default").asText());
        assertEquals(ModelConfig.Registry.ALIASES, config.models().get("m").registry());
        assertEquals("enabled", defs.at("/ValidationConfig/properties/mode/default").asText());
        assertEquals(config.models().get("m").promotion().get("prod").requireValidation(),
                defs.at("/PromotionRule/properties/require_validation/default").asBoolean());
        // No default where the loader leaves the key unset.
        assertFalse(defs.at("/MlflowConfig/properties/tracking_uri").has("default"));
        assertFalse(defs.at("/MetricThreshold/properties/threshold").has("default"));
    }

    /** The generated schema, which committedSchemaIsTheGeneratedOne holds the committed file to (so no test depends on another's order). */
    private static JsonSchema schema() throws Exception {
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(ConfigSchema.render());
    }

    private static JsonNode yaml(Path file) throws Exception {
        // Plain YAML reading, as an editor's schema check sees the file.
        return new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(file.toFile());
    }
}
