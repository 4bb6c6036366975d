package io.modelgate.config;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import java.nio.file.Path;

/** Where registry transitions leave their audit records (besides the JSON lines file in the output dir). */
public record AuditConfig(
        @JsonPropertyDescription("Path of a Delta table that audit records are appended to (relative to the project dir, or a URI)")
        String deltaTable) {

    /** The Delta table's location: a URI (s3a://, abfss://, file:/...) as given, a path resolved against the project dir. */
    public String deltaTableLocation(Path projectDir) {
        return deltaTable.matches("[a-zA-Z][a-zA-Z0-9+.-]*:/.*") ? deltaTable
                : projectDir.toAbsolutePath().resolve(deltaTable).normalize().toString();
    }
}
