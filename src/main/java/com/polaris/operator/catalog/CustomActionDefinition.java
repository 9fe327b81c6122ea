package com.polaris.operator.catalog;

import tools.jackson.databind.JsonNode;

/**
 * A custom action as its author defines it: the command {@link CustomActions} checks and stores,
 * built by the API from a request body and by the console from its form. {@code base} names the
 * {@link ExternalBase} it runs on, whose module alone knows what {@code config} may hold. When a
 * definition changes an existing custom action, an empty {@code name} or {@code base} keeps it.
 */
public record CustomActionDefinition(
        String name, String title, String description, String base, JsonNode inputSchema, JsonNode config) {}
