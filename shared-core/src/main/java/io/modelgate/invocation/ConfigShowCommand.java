package io.modelgate.invocation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelgate.config.ConfigMapper;
import io.modelgate.config.ResolvedConfig;
import io.modelgate.secret.SecretMasker;

/** {@code modelgate config show}: the configuration resolved for the environment, as YAML, secrets masked. */
final class ConfigShowCommand implements Command {

    @Override
    public String name() {
        return "config show";
    }

    @Override
    public String summary() {
        return "Print the configuration resolved for an environment, secrets masked.";
    }

    @Override
    public int run(Invocation invocation) {
        ResolvedConfig resolved = invocation.config();
        ObjectNode tree = ConfigMapper.get().valueToTree(resolved.config());
        tree.remove("environments");
        ObjectNode shown = ConfigMapper.get().createObjectNode();
        shown.put("environment", resolved.environment());
        shown.setAll(tree);
        ObjectNode secrets = shown.putObject("secrets");
        resolved.secretVariables().forEach((variable, keyPath) -> {
            String value = invocation.env().get(variable);
            secrets.put(variable, (value == null || value.isEmpty() ? "not set" : SecretMasker.MASK + " (set)") + ", named by " + keyPath);
        });
        try {
            invocation.print(ConfigMapper.get().writeValueAsString(shown));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return 0;
    }
}
