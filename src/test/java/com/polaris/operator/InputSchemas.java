package com.polaris.operator;

import java.util.List;
import java.util.Map;

/** JSON Schemas for the input of the custom actions tests define. */
public final class InputSchemas {

    private InputSchemas() {}

    /** An object with one required property, {@code name}, of JSON type {@code type}. */
    public static Map<String, Object> requiring(String name, String type) {
        return Map.of("type", "object", "properties", Map.of(name, Map.of("type", type)), "required", List.of(name));
    }
}
