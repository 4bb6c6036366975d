package io.modelgate.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.modelgate.testbed.PythonToolchain;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Our signature against MLflow's own _generate_hmac_signature on randomized secrets, ids, timestamps and bodies. */
@Tag("e2e")
class MlflowSignatureParityTest {

    private record Case(String secret, String id, String timestamp, String payload) {
    }

    @Test
    void everySignatureIsMlflowsAndVerifies() throws Exception {
        Random random = new Random(19);
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            cases.add(new Case(text(random, 1 + random.nextInt(64)), UUID.randomUUID().toString(),
                    Long.toString(1_600_000_000L + random.nextInt(400_000_000)),
                    "{\"entity\": \"model_version\", \"action\": \"created\", \"data\": {\"name\": \"" + text(random, random.nextInt(300)) + "\"}}"));
        }
        ObjectMapper json = new ObjectMapper();
        ArrayNode input = json.valueToTree(cases);
        Path script = Path.of(getClass().getResource("/webhook/mlflow_sign.py").toURI());
        Process process = new ProcessBuilder(PythonToolchain.get().python().toString(), script.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        process.getOutputStream().write(json.writeValueAsBytes(input));
        process.getOutputStream().close();
        JsonNode mlflow = json.readTree(process.getInputStream());
        assertTrue(process.waitFor(120, TimeUnit.SECONDS) && process.exitValue() == 0, "the MLflow script ran");
        assertEquals(cases.size(), mlflow.size());
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            byte[] body = c.payload().getBytes(StandardCharsets.UTF_8);
            assertEquals(mlflow.get(i).asText(), Signature.sign(c.secret(), c.id(), c.timestamp(), body), "case " + i);
            assertTrue(Signature.verify(List.of(c.secret()), c.id(), c.timestamp(), body, mlflow.get(i).asText()), "case " + i);
        }
    }

    /** Random text with ASCII, quotes, backslashes and characters outside ASCII (é, 模型, an emoji). */
    private static String text(Random random, int length) {
        String alphabet = "abcXYZ0189-_. \\\"é模型😀";
        StringBuilder text = new StringBuilder();
        int[] points = alphabet.codePoints().toArray();
        for (int i = 0; i < length; i++) text.appendCodePoint(points[random.nextInt(points.length)]);
        return text.toString().replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
