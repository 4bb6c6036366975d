package io.modelgate.config;

import io.modelgate.fault.Fault;
import io.modelgate.secret.SecretMasker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Variable names where names belong, secrets long enough to mask: both refused otherwise, never echoed. */
class SecretVariablesTest {

    @TempDir
    Path dir;

    @Test
    void variableNamesAreNotTakenForCredentials() {
        for (String name : List.of("MLFLOW_STAGING_TOKEN", "DATABRICKS_TOKEN", "DATABRICKS_HOST", "GITHUB_TOKEN", "AWS_SECRET_ACCESS_KEY",
                "AZURE_STORAGE_CONNECTIONSTRING1", "MODELGATE_TEST_UNSET_TOKEN", "mlflow_token", "Token2024", "DAPI_TOKEN",
                "ServicePrincipalSecret", "servicePrincipalClientSecret", "MY_VERY_LONG_SERVICE_ACCOUNT_PASSWORD_FOR_PROD")) {
            assertFalse(SecretVariables.looksLikeCredential(name), name);
        }
    }

    @Test
    void credentialsAreRecognisedByPrefixOrByTheirMixOfCharacters() {
        for (String token : List.of("dapi0123456789abcdef0123456789abcdef", "ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8",
                "github_pat_11ABCDEFG0123456789_abcdefghijklmnop", "AKIAIOSFODNN7EXAMPLE", "hf_AbCdEfGhIjKlMnOpQrStUvWxYz",
                "Zx81kQ0pL3vN7wR2tY5uB9", "a8f3k29dkf93kdf93kd93qz", "MLFLOW_TOKEN_9f8e7d6c5b4a39281706")) {
            assertTrue(SecretVariables.looksLikeCredential(token), token);
        }
    }

    @Test
    void aSecretTooShortToMaskIsRefusedNamingTheVariableNotTheValue() throws Exception {
        Path file = dir.resolve("modelgate.yaml");
        Files.writeString(file, "project: p\nmlflow:\n  tracking_uri: http://mlflow\n  token_env: SHORT_TOKEN\n");
        ResolvedConfig config = ConfigFile.load(file, "--config").resolve(null);
        Fault refused = assertThrows(Fault.class, () -> config.secret("mlflow.token_env", "SHORT_TOKEN", Map.of("SHORT_TOKEN", "edit")));
        assertEquals(2, refused.kind().exitCode);
        assertEquals("modelgate.yaml:4: mlflow.token_env: environment variable SHORT_TOKEN holds 4 characters: too short to mask safely "
                + "(a secret needs at least 6)", refused.getMessage());
        assertEquals("longer", config.secret("mlflow.token_env", "SHORT_TOKEN", Map.of("SHORT_TOKEN", "longer")));
        // Nor does the masker mangle the log with it.
        assertEquals("edit the file", SecretMasker.of(Map.of("SHORT_TOKEN", "edit"), List.of("SHORT_TOKEN")).mask("edit the file"));
    }
}
