package com.polaris.operator.catalog;

import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code get_action_status}: the built-in, read-only tool every agent is given beside the
 * workspace's tools (MCP {@code tools/list} and the function-calling export), so it can learn how
 * an action it proposed ended, including why a person rejected it. Its name is reserved: no custom
 * action may take it. It proposes nothing; its answer is the action as {@code GET
 * /api/v1/actions/{id}} shows it.
 */
public final class ActionStatusTool {

    public static final String NAME = "get_action_status";
    public static final String TITLE = "Get action status";
    public static final String DESCRIPTION = "Returns the current status of an action you proposed earlier, given its"
            + " actionId: whether it is still waiting for a person's approval, scheduled, running, completed (with its"
            + " result), failed (with the error), or rejected (with the reviewer's reason).";

    private ActionStatusTool() {}

    /**
     * The input schema, {@code {"type":"object","properties":{"actionId":{"type":"string"}},
     * "required":["actionId"],"additionalProperties":false}}; a new copy on every call, so a caller
     * may change it freely.
     */
    public static ObjectNode inputSchema() {
        ObjectNode schema = JsonNodeFactory.instance.objectNode();
        schema.put("type", "object");
        schema.putObject("properties").putObject("actionId").put("type", "string");
        schema.putArray("required").add("actionId");
        schema.put("additionalProperties", false);
        return schema;
    }
}
