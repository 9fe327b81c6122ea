package com.polaris.operator.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.polaris.operator.api.WireName;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The tools an agent may use, written as a model provider's function-calling API expects them:
 * OpenAI's {@code tools} entries ({@code {"type":"function","function":{...}}}) or Anthropic's
 * ({@code {"name","description","input_schema"}}). Each list ends with {@link ActionStatusTool}, as
 * MCP {@code tools/list} does. A model's call of one of them becomes {@code POST /api/v1/actions}
 * with the function's name as {@code tool} and its arguments as {@code arguments}.
 */
public enum FunctionCalling implements WireName {
    OPENAI,
    ANTHROPIC;

    public static Optional<FunctionCalling> parse(String format) {
        return WireName.parse(FunctionCalling.class, format.toLowerCase(Locale.ROOT));
    }

    /** An OpenAI function tool. */
    public record OpenAiTool(String type, OpenAiFunction function) {}

    public record OpenAiFunction(String name, String description, JsonNode parameters) {}

    /** An Anthropic tool. */
    public record AnthropicTool(
            String name,
            String description,
            @JsonProperty("input_schema") JsonNode inputSchema) {}

    /** {@code tools} (as {@link Catalog#agentTools} answers them) and then {@code get_action_status}, in this format. */
    public List<Object> of(List<Tool> tools) {
        var entries = new ArrayList<Object>(tools.size() + 1);
        for (Tool tool : tools) {
            entries.add(entry(tool.name(), description(tool), tool.inputSchema()));
        }
        entries.add(entry(ActionStatusTool.NAME, ActionStatusTool.DESCRIPTION, ActionStatusTool.inputSchema()));
        return List.copyOf(entries);
    }

    private Object entry(String name, String description, JsonNode schema) {
        return switch (this) {
            case OPENAI -> new OpenAiTool("function", new OpenAiFunction(name, description, schema));
            case ANTHROPIC -> new AnthropicTool(name, description, schema);
        };
    }

    /** What a model reads to choose the tool: its description, or its title when it has none. */
    private static String description(Tool tool) {
        return tool.description().isBlank() ? tool.title() : tool.description();
    }
}
