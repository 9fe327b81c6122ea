package com.polaris.operator.tool;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** One run of a tool for an action: the validated arguments and the conversation it came from. */
public record ToolRun(String workspaceId, String actionId, String tool, JsonNode arguments,
        @Nullable String conversationId) {}
