package io.modelgate.webhook;

import io.modelgate.config.BranchGlob;
import io.modelgate.config.WebhookRouteConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The routes of modelgate.yaml: which ones an event matches, and their values with the event's placeholders filled in. */
public final class Routes {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_]+)}");

    private final List<WebhookRouteConfig> routes;

    public Routes(List<WebhookRouteConfig> routes) {
        this.routes = List.copyOf(routes);
    }

    /** The names of the routes that take this event, in the order the file lists them. */
    public List<String> matching(RegistryEvent event) {
        List<String> names = new ArrayList<>();
        for (WebhookRouteConfig route : routes) {
            if (matches(route, event)) names.add(route.name());
        }
        return names;
    }

    static boolean matches(WebhookRouteConfig route, RegistryEvent event) {
        if (!route.events().isEmpty() && !route.events().contains(event.event())) return false;
        if (!BranchGlob.matches(route.model(), event.model())) return false;
        if (route.alias() != null && !route.alias().equals(event.alias())) return false;
        if (route.tagKey() != null && !route.tagKey().equals(event.tagKey())) return false;
        return route.tagValue() == null || route.tagValue().equals(event.tagValue());
    }

    /** A value with {placeholders} replaced; a placeholder the event has no value for becomes empty, an unknown one stays. */
    public static String fill(String template, Map<String, String> values) {
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder filled = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            String value = values.containsKey(name) ? (values.get(name) == null ? "" : values.get(name)) : matcher.group();
            matcher.appendReplacement(filled, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(filled);
        return filled.toString();
    }

    /** Each value of the map filled in, keys kept in order. */
    public static Map<String, String> fill(Map<String, String> templates, Map<String, String> values) {
        Map<String, String> filled = new LinkedHashMap<>();
        templates.forEach((key, template) -> filled.put(key, fill(template, values)));
        return filled;
    }
}
