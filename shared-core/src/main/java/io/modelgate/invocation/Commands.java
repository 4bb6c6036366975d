package io.modelgate.invocation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Every sibling command, in the order help lists them, and the groups their first words form.
 * Adding one (say {@code webhooks serve}) is its class and a line here, plus its group's line
 * when the group is new; the front ends build their commands from this list.
 */
public final class Commands {

    private static final Map<String, String> GROUPS = new LinkedHashMap<>();

    static {
        GROUPS.put("config", "Check or show modelgate.yaml.");
        GROUPS.put("audit", "Read and verify the audit records of registry transitions.");
        GROUPS.put("webhooks", WebhookCommands.GROUP);
    }

    private static final List<Command> ALL = Stream.concat(Stream.<Command>of(
            new InitCommand(),
            new ConfigValidateCommand(),
            new ConfigSchemaCommand(),
            new ConfigShowCommand(),
            new AuditShowCommand(),
            new AuditVerifyCommand(),
            new ReportCommand(),
            new CatalogueCommand()), WebhookCommands.all().stream()).toList();

    private Commands() {
    }

    public static List<Command> all() {
        return ALL;
    }

    /** Group name (a command's first word, when it has two) to what the group is for. */
    public static Map<String, String> groups() {
        return java.util.Collections.unmodifiableMap(GROUPS);
    }
}
