package com.polaris.operator.catalog;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A tool an agent may propose: its name, words for people, kind and the JSON Schema of its input.
 * {@code base} names the built-in tool a workspace's custom action runs on; null for built-ins.
 */
public record Tool(
        String name,
        String title,
        String description,
        ToolKind kind,
        JsonNode inputSchema,
        @Nullable String base) {

    public Tool(String name, String title, String description, ToolKind kind, JsonNode inputSchema) {
        this(name, title, description, kind, inputSchema, null);
    }

    public boolean isCustom() {
        return base != null;
    }
}
