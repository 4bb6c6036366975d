package io.modelgate.config;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The receiver's journal: an SQLite file for one receiver, or PostgreSQL shared by several. */
public record WebhookJournalConfig(
        @JsonPropertyDescription("SQLite file of one receiver's journal (relative to the project dir)")
        String sqlite,
        @JsonPropertyDescription("JDBC URL of a PostgreSQL database shared by several receivers, e.g. jdbc:postgresql://db:5432/modelgate")
        String postgresUrl,
        @JsonPropertyDescription("Name of the environment variable that holds the PostgreSQL user")
        String postgresUserEnv,
        @JsonPropertyDescription("Name of the environment variable that holds the PostgreSQL password")
        String postgresPasswordEnv) {

    public WebhookJournalConfig {
        sqlite = sqlite == null && postgresUrl == null ? ".modelgate/webhooks.db" : sqlite;
    }

    void validate(ConfigCheck check, String at) {
        if (sqlite != null && postgresUrl != null) throw check.fail(at, "choose one of sqlite or postgres_url");
        if (postgresUrl != null && !postgresUrl.startsWith("jdbc:postgresql:")) {
            throw check.fail(ConfigCheck.join(at, "postgres_url"), "give a jdbc:postgresql://host:port/database URL");
        }
        if ((postgresUserEnv == null) != (postgresPasswordEnv == null)) {
            throw check.fail(at, "postgres_user_env and postgres_password_env go together: set both or neither");
        }
    }
}
