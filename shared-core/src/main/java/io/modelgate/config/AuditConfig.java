package io.modelgate.config;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Where registry transitions leave their audit records (besides the JSON lines file in the output dir). */
public record AuditConfig(
        @JsonPropertyDescription("Path of a Delta table that audit records are appended to")
        String deltaTable) {
}
