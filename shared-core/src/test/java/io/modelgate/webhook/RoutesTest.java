package io.modelgate.webhook;

import io.modelgate.config.WebhookRouteConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RoutesTest {

    private static WebhookRouteConfig route(String name, List<String> events, String model, String alias, String tagKey, String tagValue) {
        return new WebhookRouteConfig(name, events, model, alias, tagKey, tagValue, null, null, List.of());
    }

    private static RegistryEvent event(String event, String model, String alias, String tagKey, String tagValue) {
        return new RegistryEvent("d-1", event, model, "4", alias, tagKey, tagValue);
    }

    private final Routes routes = new Routes(List.of(
            route("every", null, null, null, null, null),
            route("fraud-created", List.of("model_version.created"), "fraud-*", null, null, null),
            route("champion", List.of("model_version_alias.created"), null, "champion", null, null),
            route("deploy-tag", List.of("model_version_tag.set"), null, null, "deploy", "true"),
            route("any-deploy-tag", null, null, null, "deploy", null)));

    @Test
    void anEventGoesToEveryRouteWhoseConditionsAllHold() {
        assertEquals(List.of("every", "fraud-created"), routes.matching(event("model_version.created", "fraud-detector", null, null, null)));
        assertEquals(List.of("every"), routes.matching(event("model_version.created", "churn", null, null, null)));
        assertEquals(List.of("every", "champion"), routes.matching(event("model_version_alias.created", "churn", "champion", null, null)));
        assertEquals(List.of("every"), routes.matching(event("model_version_alias.created", "churn", "challenger", null, null)));
        assertEquals(List.of("every", "deploy-tag", "any-deploy-tag"), routes.matching(event("model_version_tag.set", "m", null, "deploy", "true")));
        assertEquals(List.of("every", "any-deploy-tag"), routes.matching(event("model_version_tag.set", "m", null, "deploy", "false")));
        assertEquals(List.of("every", "any-deploy-tag"), routes.matching(event("model_version_tag.deleted", "m", null, "deploy", null)));
    }

    @Test
    void placeholdersAreFilledAndUnknownOnesKept() {
        Map<String, String> values = event("model_version_alias.created", "fraud", "champion", null, null).placeholders();
        assertEquals("fraud v4 -> champion () {unknown}", Routes.fill("{model} v{version} -> {alias} ({tag_key}) {unknown}", values));
        assertEquals(Map.of("MODEL", "fraud", "ID", "d-1"), Routes.fill(Map.of("MODEL", "{model}", "ID", "{delivery_id}"), values));
    }
}
