package com.polaris.operator.catalog;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * A workspace's own tool on an external base ({@code generic_webhook} or {@code send_email}): its
 * input schema and the request template ({@code config}) its base's executor renders at send time.
 * The config holds templates only; secret values are referred to by name. {@code version} counts
 * up on every change of the definition (1 when created).
 */
public record CustomAction(
        String name,
        String title,
        String description,
        String base,
        JsonNode inputSchema,
        JsonNode config,
        Instant createdAt,
        int version) {

    public Tool tool() {
        return new Tool(name, title, description, ToolKind.EXTERNAL, inputSchema, base);
    }
}
