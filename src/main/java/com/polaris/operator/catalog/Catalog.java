package com.polaris.operator.catalog;

import com.polaris.operator.api.ApiProblem;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import org.springframework.stereotype.Component;

/** Placeholder catalog, replaced by the full one. */
@Component
public class Catalog {

    private static final List<String> INTERNAL = List.of("create_lead", "booking_request", "update_booking_status",
            "create_support_task", "send_notification", "tag_conversation");

    public Optional<Tool> find(String workspaceId, String name) {
        return INTERNAL.contains(name)
                ? Optional.of(new Tool(name, name, name, ToolKind.INTERNAL, JsonMapper.shared().createObjectNode()))
                : Optional.empty();
    }

    public List<Tool> all(String workspaceId) {
        return INTERNAL.stream().map(n -> find(workspaceId, n).orElseThrow()).toList();
    }

    public List<ApiProblem.FieldProblem> validate(Tool tool, JsonNode arguments) {
        return arguments.has("name") || !tool.name().equals("create_lead")
                ? List.of() : List.of(new ApiProblem.FieldProblem("arguments.name", "is required"));
    }
}
