package com.polaris.operator.mcp;

import com.polaris.operator.action.ActionService;
import com.polaris.operator.action.ActionStatus;
import com.polaris.operator.action.ActionView;
import com.polaris.operator.action.Proposals;
import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.Problems;
import com.polaris.operator.audit.AuditEvent;
import com.polaris.operator.audit.AuditEventType;
import com.polaris.operator.audit.AuditLog;
import com.polaris.operator.catalog.ActionStatusTool;
import com.polaris.operator.catalog.BuiltInTool;
import com.polaris.operator.catalog.Catalog;
import com.polaris.operator.catalog.Tool;
import com.polaris.operator.catalog.ToolKind;
import com.polaris.operator.identity.Caller;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The tools an agent sees over MCP and what calling one does. The list is the workspace's
 * enabled, published tools ({@link Catalog#agentTools}) plus {@code get_action_status}; a call is a proposal through
 * {@link Proposals}, the very path of {@code POST /api/v1/actions}, and its answer says what became
 * of the action in words a model can relay. Nothing here decides an approval: a person does, in
 * the console or the API.
 */
@Component
class AgentTools {

    /** The reserved tool that tells an agent what became of an action it proposed. */
    static final String ACTION_STATUS = ActionStatusTool.NAME;

    static final String PENDING_SENTENCE = "A person must approve this first; it runs after approval.";

    /** Built-in tools that change something already there: calling them again changes nothing more. */
    private static final Set<String> IDEMPOTENT = Set.of(
            BuiltInTool.UPDATE_BOOKING_STATUS.wire(),
            BuiltInTool.UPDATE_LEAD_STATUS.wire(),
            BuiltInTool.TAG_CONVERSATION.wire());

    private static final Set<String> META_FIELDS = Set.of("reason", "conversation", "requestReview");

    private final Catalog catalog;
    private final Proposals proposals;
    private final ActionService actions;
    private final AuditLog audit;
    private final JsonMapper json;
    private final Map<String, Object> outputSchema;
    private final Map<String, Object> statusInput;

    AgentTools(Catalog catalog, Proposals proposals, ActionService actions, AuditLog audit, JsonMapper json) {
        this.catalog = catalog;
        this.proposals = proposals;
        this.actions = actions;
        this.audit = audit;
        this.json = json;
        this.outputSchema = schema("""
                {"type": "object",
                 "properties": {
                   "actionId": {"type": "string", "description": "The action's id, for get_action_status."},
                   "status": {"type": "string", "enum": [%s]},
                   "approvalId": {"type": ["string", "null"]},
                   "result": {"description": "What the tool returned, once completed."},
                   "error": {"description": "Why the action failed, or why the call was refused."},
                   "reason": {"type": ["string", "null"], "description": "A reviewer's reason for rejecting it."},
                   "message": {"type": "string", "description": "One sentence to relay to the person."}
                 },
                 "required": ["message"]}
                """.formatted(String.join(", ", statusWords())));
        this.statusInput = schema(ActionStatusTool.inputSchema());
    }

    /** The tools {@code caller}'s workspace offers to agents, as MCP describes them. */
    List<McpSchema.Tool> list(Caller caller) {
        var tools = new ArrayList<McpSchema.Tool>();
        for (Tool tool : offered(caller)) {
            tools.add(new McpSchema.Tool(
                    tool.name(),
                    tool.title(),
                    tool.description(),
                    schema(tool.inputSchema()),
                    outputSchema,
                    annotations(tool),
                    null));
        }
        tools.add(new McpSchema.Tool(
                ACTION_STATUS,
                ActionStatusTool.TITLE,
                ActionStatusTool.DESCRIPTION,
                statusInput,
                outputSchema,
                new McpSchema.ToolAnnotations(ActionStatusTool.TITLE, true, false, true, false, null),
                null));
        return tools;
    }

    /** Proposes the action a call asks for, or answers {@code get_action_status}. */
    McpSchema.CallToolResult call(Caller caller, McpSchema.CallToolRequest request) {
        Map<String, Object> arguments = request.arguments() == null ? Map.of() : request.arguments();
        try {
            if (ACTION_STATUS.equals(request.name())) {
                return status(caller, arguments);
            }
            if (offered(caller).stream().noneMatch(t -> t.name().equals(request.name()))) {
                throw ApiProblem.notFound("The tool " + request.name());
            }
            Map<String, Object> meta = request.meta() == null ? Map.of() : request.meta();
            ObjectNode body = json.createObjectNode();
            body.put("tool", request.name());
            body.set("arguments", json.valueToTree(arguments));
            META_FIELDS.forEach(field -> {
                if (meta.containsKey(field)) {
                    body.set(field, json.valueToTree(meta.get(field)));
                }
            });
            String idempotencyKey = meta.get("idempotencyKey") instanceof String key ? key : null;
            if (meta.containsKey("idempotencyKey") && idempotencyKey == null) {
                throw ApiProblem.invalid("_meta.idempotencyKey", "must be a string of 1 to 255 characters");
            }
            var proposed = proposals.propose(caller, body, idempotencyKey, Proposals.Via.MCP);
            return answer(proposed.action(), null);
        } catch (ApiProblem refused) {
            return refusal(refused);
        }
    }

    private McpSchema.CallToolResult status(Caller caller, Map<String, Object> arguments) {
        if (!(arguments.get("actionId") instanceof String id) || id.isBlank() || arguments.size() != 1) {
            throw ApiProblem.invalid("actionId", "is required and must be the id of an action (and nothing else)");
        }
        ActionView action = actions.view(caller.workspaceId(), id);
        String reason = action.status() == ActionStatus.REJECTED ? rejectionReason(caller, id) : null;
        return answer(action, reason);
    }

    private @Nullable String rejectionReason(Caller caller, String actionId) {
        String reason = null;
        for (AuditEvent event : audit.timeline(caller.workspaceId(), actionId)) {
            if (event.type().equals(AuditEventType.APPROVAL_REJECTED.wire())) {
                JsonNode given = event.data().get("reason");
                reason = given == null || given.isNull() ? null : given.asString();
            }
        }
        return reason;
    }

    private McpSchema.CallToolResult answer(ActionView action, @Nullable String reason) {
        var content = new LinkedHashMap<String, Object>();
        content.put("actionId", action.id());
        content.put("status", action.status().wire());
        content.put(
                "approvalId",
                action.approval() == null ? null : action.approval().id());
        if (action.result() != null) {
            content.put("result", action.result());
        }
        if (action.error() != null) {
            content.put("error", action.error());
        }
        if (reason != null) {
            content.put("reason", reason);
        }
        String message = message(action, reason);
        content.put("message", message);
        return new McpSchema.CallToolResult(
                List.of(new McpSchema.TextContent(message)),
                action.status() == ActionStatus.FAILED,
                json.convertValue(content, Map.class),
                null);
    }

    private static String message(ActionView action, @Nullable String reason) {
        return switch (action.status()) {
            case PENDING_APPROVAL -> PENDING_SENTENCE;
            case SCHEDULED ->
                "It is scheduled to run at "
                        + action.decision().notBefore()
                        + ", within business hours; ask " + ACTION_STATUS + " for the outcome.";
            case QUEUED, RUNNING ->
                "It was accepted and runs in the background; ask " + ACTION_STATUS + " for the outcome.";
            case COMPLETED -> "Done: it completed.";
            case FAILED -> "It failed and did not complete; a person can retry it.";
            case NEEDS_REVIEW -> "It stopped before completing; a person must review it.";
            case REJECTED ->
                reason == null || reason.isBlank()
                        ? "A person rejected it, so it will not run."
                        : "A person rejected it, so it will not run: " + reason;
            case EXPIRED -> "Nobody approved it in time, so it will not run.";
            case CANCELLED -> "It was cancelled and will not run.";
        };
    }

    /** A refused call: a tool error carrying the problem's detail and field errors, as the REST API gives them. */
    private McpSchema.CallToolResult refusal(ApiProblem refused) {
        var problem = Problems.of(refused);
        var error = new LinkedHashMap<String, Object>();
        error.put("type", problem.getType().toString());
        error.put("title", problem.getTitle());
        error.put("status", problem.getStatus());
        error.put("detail", problem.getDetail());
        if (!refused.errors().isEmpty()) {
            error.put(
                    "errors",
                    refused.errors().stream()
                            .map(e -> Map.of("field", e.field(), "message", e.message()))
                            .toList());
        }
        var text = new StringBuilder(String.valueOf(problem.getDetail()));
        refused.errors()
                .forEach(e -> text.append("\n").append(e.field()).append(": ").append(e.message()));
        var content = new LinkedHashMap<String, Object>();
        content.put("error", error);
        content.put("message", String.valueOf(problem.getDetail()));
        return new McpSchema.CallToolResult(List.of(new McpSchema.TextContent(text.toString())), true, content, null);
    }

    /** The enabled, published tools of the caller's workspace. */
    private List<Tool> offered(Caller caller) {
        return catalog.agentTools(caller.workspaceId());
    }

    private static McpSchema.ToolAnnotations annotations(Tool tool) {
        boolean external = tool.kind() == ToolKind.EXTERNAL;
        boolean destructive =
                external || BuiltInTool.UPDATE_BOOKING_STATUS.wire().equals(tool.name());
        return new McpSchema.ToolAnnotations(
                tool.title(), false, destructive, !tool.isCustom() && IDEMPOTENT.contains(tool.name()), external, null);
    }

    private static List<String> statusWords() {
        return java.util.Arrays.stream(ActionStatus.values())
                .map(s -> "\"" + s.wire() + "\"")
                .toList();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> schema(JsonNode schema) {
        return json.convertValue(schema, Map.class);
    }

    private Map<String, Object> schema(String text) {
        return schema(json.readTree(text));
    }
}
