package io.modelgate.registry;

import io.modelgate.testbed.MlflowAuth;
import io.modelgate.testbed.MlflowExtension;
import io.modelgate.testbed.MlflowServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Credentials and permissions on MLflow's basic-auth server: refused credentials and too little permission are exit 3, nothing changed. */
@Tag("e2e")
@MlflowAuth
@ExtendWith(MlflowExtension.class)
class RegistryAuthE2ETest {

    @TempDir
    Path dir;

    private void config(MlflowServer server, String model, String credentials) throws IOException {
        Files.writeString(dir.resolve("modelgate.yaml"), """
                project: fraud
                mlflow: { tracking_uri: "%s", %s }
                models:
                  %s: { registry: aliases }
                """.formatted(server.uri(), credentials, model));
    }

    @Test
    void readOnlyUserWrongPasswordAndWrongTokenAreRefusedWithNothingChanged(MlflowServer server) throws IOException {
        RegistryFixture registry = new RegistryFixture(server);
        String model = registry.model("fraud-auth", 2);
        registry.setAlias(model, "champion", 1);
        server.createUser("reader", "reader-password-1");
        server.createUser("editor", "editor-password-1");
        server.grantModelPermission("editor", model, "EDIT");
        String before = registry.snapshot(model, 2);
        String[] promote = {"promote-model", "--model", model, "--version", "2", "--to", "champion"};

        config(server, model, "username_env: MG_USER, password_env: MG_PASSWORD");
        CommandRun reader = CommandRun.run(dir, Map.of("MG_USER", "reader", "MG_PASSWORD", "reader-password-1"), promote);
        assertEquals(3, reader.code(), reader.toString());
        assertEquals("modelgate: error: permission denied: the user in MG_USER needs EDIT on model " + model + " at " + server.uri() + "\n", reader.err());
        assertEquals(before, registry.snapshot(model, 2));

        CommandRun wrongPassword = CommandRun.run(dir, Map.of("MG_USER", "editor", "MG_PASSWORD", "not-it"), promote);
        assertEquals(3, wrongPassword.code());
        assertEquals("modelgate: error: credentials refused by " + server.uri() + " (the user in MG_USER)\n", wrongPassword.err());
        assertFalse(wrongPassword.out().contains("not-it") || wrongPassword.err().contains("not-it"));

        config(server, model, "token_env: MG_TOKEN");
        CommandRun token = CommandRun.run(dir, Map.of("MG_TOKEN", "not-a-valid-token"), promote);
        assertEquals(3, token.code());
        // MLflow's basic-auth app answers a bearer token with HTTP 500, not 401: still exit 3, on one line (the first call reads the version).
        assertEquals("modelgate: error: MLflow at " + server.uri() + " failed model-versions/get: HTTP 500\n", token.err());
        assertEquals(before, registry.snapshot(model, 2));

        // The same promotion by a user with EDIT on the model goes through.
        config(server, model, "username_env: MG_USER, password_env: MG_PASSWORD");
        CommandRun editor = CommandRun.run(dir, Map.of("MG_USER", "editor", "MG_PASSWORD", "editor-password-1"), promote);
        assertEquals(0, editor.code(), editor.toString());
        assertEquals(Optional.of(2), registry.alias(model, "champion"));
    }
}
