package com.polaris.operator.catalog;

import com.polaris.operator.api.ApiExamples;
import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.ProblemAnswers;
import com.polaris.operator.api.ProblemType;
import com.polaris.operator.api.Problems;
import com.polaris.operator.identity.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Defining and changing custom actions (owners and admins); both answer the tool document. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Tools")
@RequiredArgsConstructor
class CustomActionController {

    /** The examples' custom action up to its definition version, which each operation adds. */
    private static final String EXAMPLE_CRM_ACTION = """
            {"name": "notify_crm", "title": "Notify the CRM", "description": "Posts the lead to the CRM.",
             "kind": "external", "enabled": true, "base": "generic_webhook",""";

    /** The examples' custom action from its input schema to its warnings. */
    private static final String EXAMPLE_CRM_ACTION_RULES = """
             "inputSchema": {"type": "object", "properties": {"name": {"type": "string"},
                                                              "email": {"type": "string"}},
                             "required": ["name", "email"]},
             "policy": {"approval": "required", "execution": "background", "businessHours": false},
             "effectivePolicy": {"approval": "required", "execution": "background", "businessHours": false,
                                 "forced": []},
             "overridden": [], "policyVersion": 0, "warnings": []""";

    private final CustomActions customActions;
    private final ToolAnswers answers;

    /** Defines a custom action on an external base; a webhook's answer carries its signing secret. */
    @PostMapping("/tools")
    @Operation(summary = "Define a custom action (owners, admins)", description = """
                    {"name", "title", "description", "base": "generic_webhook" | "send_email", "inputSchema", \
                    "config"}: a new tool on an external base (so it always requires approval and runs in the \
                    background). For generic_webhook, config = {"url": "https://…", "headers", "body"}, whose \
                    values may use {{args.<field>}}, {{conversation.id}}, {{action.id}} and {{secret:<name>}}; \
                    its answer carries "signingSecret" (whsec_…), shown again only through GET \
                    /api/v1/tools/{name}/signing-secret. A name already taken is 409 tool-exists; an invalid \
                    definition 422 naming each field. The answer's definitionVersion (1 for a new custom action, one more \
                    on every change of its definition) is what an approval of it is bound to.""")
    @ApiResponse(responseCode = "201", description = "The new tool's document.")
    @ProblemAnswers({ProblemType.FORBIDDEN, ProblemType.TOOL_EXISTS})
    @ApiExamples(
            request = """
                    {"name": "notify_crm", "title": "Notify the CRM", "description": "Posts the lead to the CRM.",
                     "base": "generic_webhook",
                     "inputSchema": {"type": "object", "properties": {"name": {"type": "string"},
                                                                      "email": {"type": "string"}},
                                     "required": ["name", "email"]},
                     "config": {"url": "https://crm.example.org/hooks/leads",
                                "headers": {"Authorization": "Bearer {{secret:crm_token}}"},
                                "body": {"lead": "{{args.name}}", "email": "{{args.email}}",
                                         "conversation": "{{conversation.id}}"}}}""",
            response = EXAMPLE_CRM_ACTION + """
                    "definitionVersion": 1,""" + EXAMPLE_CRM_ACTION_RULES
                    + ", \"signingSecret\": \"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\"}")
    ResponseEntity<Object> create(
            @AuthenticationPrincipal Caller caller, @RequestBody(required = false) @Nullable JsonNode body) {
        CustomActions.Created created = customActions.create(caller, body);
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(answers.of(caller.workspaceId(), created.action().tool(), created.shownOnce()));
    }

    /** Changes a custom action's definition; its name, base, policy and signing secret stay. */
    @PutMapping("/tools/{name}")
    @Operation(summary = "Change a custom action (owners, admins)", description = """
                    Replaces the definition ({"title", "description", "inputSchema", "config"}); its name, \
                    base, policy and signing secret stay. Refused with 409 tool-busy while approved actions of \
                    it have not finished (each was approved as the action was defined then). A built-in tool \
                    or an unknown name is 404; an invalid definition 422.""")
    @ProblemAnswers({ProblemType.FORBIDDEN, ProblemType.NOT_FOUND, ProblemType.TOOL_BUSY})
    @ApiExamples(request = """
                    {"title": "Notify the CRM", "description": "Posts the lead to the CRM, with its phone.",
                     "inputSchema": {"type": "object", "properties": {"name": {"type": "string"},
                                                                      "email": {"type": "string"},
                                                                      "phone": {"type": "string"}},
                                     "required": ["name", "email"]},
                     "config": {"url": "https://crm.example.org/hooks/leads",
                                "headers": {"Authorization": "Bearer {{secret:crm_token}}"},
                                "body": {"lead": "{{args.name}}", "email": "{{args.email}}",
                                         "phone": "{{args.phone}}"}}}""", response = EXAMPLE_CRM_ACTION + """
                    "definitionVersion": 2,""" + EXAMPLE_CRM_ACTION_RULES + "}")
    Object update(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String name,
            @RequestBody(required = false) @Nullable JsonNode body) {
        return answers.of(
                caller.workspaceId(), customActions.update(caller, name, body).tool(), null);
    }

    /** A change refused while approved actions of the custom action have not finished. */
    @ExceptionHandler(ToolInUse.class)
    ResponseEntity<ProblemDetail> inUse(ToolInUse refused) {
        return ResponseEntity.status(HttpStatus.CONFLICT)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.of(ApiProblem.conflict("tool-busy", refused.getMessage())));
    }
}
