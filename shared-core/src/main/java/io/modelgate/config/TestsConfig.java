package io.modelgate.config;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The test stages that gate pull requests. */
public record TestsConfig(
        @JsonPropertyDescription("Unit tests: no data, no services, no secrets")
        TestStageConfig unit,
        @JsonPropertyDescription("Integration tests: the pipeline jobs on small data, then the test command(s)")
        TestStageConfig integration) {

    void validate(ConfigCheck check, String path) {
        if (unit != null) unit.validate(check, ConfigCheck.join(path, "unit"));
        if (unit != null && unit.jobs() != null) {
            throw check.fail(ConfigCheck.join(path, "unit.jobs"), "only integration tests launch jobs; move jobs: to tests.integration");
        }
        if (integration != null) integration.validate(check, ConfigCheck.join(path, "integration"));
        if (integration != null && !integration.allowCredentials().isEmpty()) {
            throw check.fail(ConfigCheck.join(path, "integration.allow_credentials"),
                    "only unit tests remove the runner's credentials; integration tests get the environment as it is");
        }
    }
}
