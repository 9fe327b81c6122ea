package com.polaris.operator.catalog;

import tools.jackson.databind.JsonNode;

/** A tool an agent may propose: its name, words for people, kind and the JSON Schema of its input. */
public record Tool(String name, String title, String description, ToolKind kind, JsonNode inputSchema) {}
