package com.polaris.operator.tool;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One run of a tool for an action: the validated arguments and the conversation it came from.
 * For a custom action, {@code tool} is the custom action's name and {@code config} its request
 * template, which its base's executor renders; for a built-in tool {@code config} is null.
 */
public record ToolRun(
        String workspaceId,
        String actionId,
        String tool,
        JsonNode arguments,
        @Nullable String conversationId,
        @Nullable JsonNode config) {

    public ToolRun(
            String workspaceId, String actionId, String tool, JsonNode arguments, @Nullable String conversationId) {
        this(workspaceId, actionId, tool, arguments, conversationId, null);
    }

    ToolRun withConfig(JsonNode customConfig) {
        return new ToolRun(workspaceId, actionId, tool, arguments, conversationId, customConfig);
    }
}
