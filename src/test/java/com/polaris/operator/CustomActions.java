package com.polaris.operator;

import java.util.LinkedHashMap;
import java.util.Map;

/** Custom action definitions as {@code POST /api/v1/tools} takes them, for the tests that create one. */
public final class CustomActions {

    private CustomActions() {}

    /** A definition of {@code name} on {@code base}, titled {@code title}, with no description. */
    public static Map<String, Object> definition(
            String name, String title, String base, Object inputSchema, Object config) {
        return Map.of("name", name, "title", title, "base", base, "inputSchema", inputSchema, "config", config);
    }

    /** A generic webhook titled "Notify the CRM" that "Posts the order to the CRM". */
    public static Map<String, Object> notifyCrm(String name, Object inputSchema, Object config) {
        var definition = new LinkedHashMap<String, Object>(
                definition(name, "Notify the CRM", "generic_webhook", inputSchema, config));
        definition.put("description", "Posts the order to the CRM");
        return definition;
    }
}
