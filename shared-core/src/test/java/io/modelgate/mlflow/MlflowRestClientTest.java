package io.modelgate.mlflow;

import org.junit.jupiter.api.Test;

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
}
