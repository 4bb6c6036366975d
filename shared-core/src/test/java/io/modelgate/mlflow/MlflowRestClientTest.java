package io.modelgate.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.modelgate.secret.SecretMasker;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The REST client's decisions that need no server. */
class MlflowRestClientTest {

    /** Bodies as MLflow 3.17's SQL store answers them (store/db/utils.py wraps SQLAlchemyError as BAD_REQUEST). */
    @Test
    void aConcurrentUpsertsConstraintViolationIsRetriedAndNothingElse() {
        String sqlite = "{\"error_code\": \"BAD_REQUEST\", \"message\": \"(sqlite3.IntegrityError) UNIQUE constraint failed: "
                + "registered_model_tags.workspace, registered_model_tags.key, registered_model_tags.name\"}";
        String postgres = "{\"error_code\": \"BAD_REQUEST\", \"message\": \"(psycopg2.errors.UniqueViolation) duplicate key value "
                + "violates unique constraint \\\"registered_model_tag_pk\\\"\"}";
        assertTrue(MlflowRestClient.concurrentUpsert(400, sqlite));
        assertTrue(MlflowRestClient.concurrentUpsert(400, postgres));
        assertFalse(MlflowRestClient.concurrentUpsert(400, "{\"error_code\": \"INVALID_PARAMETER_VALUE\", \"message\": \"Invalid alias name\"}"));
        assertFalse(MlflowRestClient.concurrentUpsert(404, "{\"error_code\": \"RESOURCE_DOES_NOT_EXIST\", \"message\": \"IntegrityError\"}"));
    }

    /**
     * A webhook's signing secret is the one secret MLflow must receive (it signs every delivery with
     * it); the rest of the body is masked as always. Stubbed as MLflow 3.17's POST
     * /api/2.0/mlflow/webhooks answers (mlflow/server/handlers.py _create_webhook: {"webhook": {...}}).
     */
    @Test
    void aWebhooksSigningSecretReachesMlflowWhileTheRestOfTheBodyIsMasked() throws Exception {
        WireMockServer mlflow = new WireMockServer(options().dynamicPort());
        mlflow.start();
        try {
            mlflow.stubFor(post(urlPathEqualTo("/api/2.0/mlflow/webhooks")).willReturn(okJson(
                    "{\"webhook\": {\"webhook_id\": \"w1\", \"name\": \"cd\", \"url\": \"http://r/x\", \"events\": [], \"status\": \"ACTIVE\"}}")));
            Map<String, String> env = Map.of("WEBHOOK_SECRET", "whsec-signing-0a1b2c3d", "MLFLOW_TOKEN", "tok-elsewhere-998877");
            SecretMasker masker = SecretMasker.of(env, List.of("WEBHOOK_SECRET", "MLFLOW_TOKEN"));
            new MlflowRestClient(mlflow.baseUrl(), Duration.ofSeconds(5), MlflowRestClient.Credentials.none(), masker)
                    .createWebhook("cd", "http://r/x", List.of("model_version.created"), "token tok-elsewhere-998877 pasted", "whsec-signing-0a1b2c3d");
            JsonNode body = new ObjectMapper().readTree(mlflow.findAll(postRequestedFor(urlPathEqualTo("/api/2.0/mlflow/webhooks"))).get(0).getBodyAsString());
            assertEquals("whsec-signing-0a1b2c3d", body.path("secret").asText());
            assertFalse(body.path("description").asText().contains("tok-elsewhere-998877"), body.toString());
        } finally {
            mlflow.stop();
        }
    }
}
