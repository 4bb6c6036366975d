package io.modelgate.report;

import io.modelgate.secret.SecretMasker;
import io.modelgate.step.StepResult;
import io.modelgate.step.Verdict;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A secret holding characters that renderers escape ({@code < & " | tab}) is masked in every
 * report file: the result is masked before it is rendered, so no escaped form survives.
 */
class MaskBeforeRenderTest {

    private static final String SECRET = "s3cr<t&\"|\tv4lue";

    @Test
    void noEscapedFormOfASecretSurvivesInAnyReport() {
        SecretMasker masker = SecretMasker.of(Map.of("MODELGATE_TEST_TOKEN", SECRET), List.of("MODELGATE_TEST_TOKEN"));
        String leak = "token=" + SECRET;
        StepResult result = StepResult.builder("unit-tests", Verdict.FAILED, leak)
                .table(new StepResult.Table(leak, List.of("name", "detail"), List.of(List.of(leak, leak))))
                .check(leak, Verdict.FAILED, leak + "\nat line 2")
                .annotation(new StepResult.Annotation(StepResult.Annotation.Level.ERROR, "tests/" + SECRET + ".py", 3, leak, leak))
                .output("model", leak)
                .log(leak)
                .build();
        ReportWriter.Reports reports = ReportWriter.render(result, Path.of("build"), masker);
        List<String> forms = List.of(SECRET, "s3cr&lt;t", "s3cr\\<t", "s3cr<t&amp;", "&quot;\\|", "\\|\tv4lue", "\\|\\tv4lue", "|\\tv4lue",
                "\"|", "v4lue");
        for (Map.Entry<Path, String> file : reports.files().entrySet()) {
            for (String form : forms) {
                assertFalse(file.getValue().contains(form), () -> file.getKey() + " holds \"" + form + "\":\n" + file.getValue());
            }
            assertTrue(file.getValue().contains(SecretMasker.MASK), () -> file.getKey() + " shows where the secret was");
        }
        assertFalse(reports.result().headline().contains("v4lue"), "the result handed back is masked too");
    }
}
