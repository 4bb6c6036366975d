package io.modelgate.config;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A Delta table the suite reads or checks. */
public record TableConfig(
        @JsonPropertyDescription("Path or URI of the Delta table, relative to the project or absolute")
        String path) {

    void validate(ConfigCheck check, String path) {
        if (this.path == null || this.path.isBlank()) {
            throw check.fail(path, "path is required: where the Delta table is");
        }
    }
}
