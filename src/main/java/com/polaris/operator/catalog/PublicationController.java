package com.polaris.operator.catalog;

import com.polaris.operator.api.ApiExamples;
import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.ProblemAnswers;
import com.polaris.operator.api.ProblemType;
import com.polaris.operator.identity.Caller;
import io.swagger.v3.oas.annotations.Operation;
import lombok.RequiredArgsConstructor;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Publishing and unpublishing tools (owners and admins); both answer the tool document. */
@RestController
@RequestMapping("/api/v1/tools/{name}")
@RequiredArgsConstructor
class PublicationController {

    /** The examples' tool document up to its "published" flag, the one thing publish and unpublish change. */
    private static final String EXAMPLE_TOOL = """
            {"name": "notify_crm", "title": "Notify the CRM", "description": "Posts the lead to the CRM.",
             "kind": "external", "base": "generic_webhook", "definitionVersion": 1, "enabled": true, "published":\s""";

    /** The examples' tool document after its "published" flag. */
    private static final String EXAMPLE_TOOL_REST = """
            ,
             "inputSchema": {"type": "object", "properties": {"email": {"type": "string"}}, "required": ["email"]},
             "policy": {"approval": "required", "execution": "background", "businessHours": false},
             "effectivePolicy": {"approval": "required", "execution": "background", "businessHours": false,
                                 "forced": ["approval", "execution"]},
             "overridden": [], "policyVersion": 0, "warnings": []}""";

    private final Publications publications;
    private final Catalog catalog;
    private final ToolAnswers answers;

    @PostMapping("/publish")
    @Operation(summary = "Publish a tool (owners, admins)", description = """
            Agents and integration keys may then see and propose it (if it is enabled), and MCP clients are told \
            the tool list changed. Answers the tool document with "published": true; publishing a published tool \
            changes nothing. Audited as tool.published. 403 for other roles and integration keys, 404 for a tool \
            the workspace does not have.""")
    @ProblemAnswers({ProblemType.FORBIDDEN, ProblemType.NOT_FOUND})
    @ApiExamples(response = EXAMPLE_TOOL + "true" + EXAMPLE_TOOL_REST)
    Object publish(@AuthenticationPrincipal Caller caller, @PathVariable String name) {
        return set(caller, name, true);
    }

    @PostMapping("/unpublish")
    @Operation(summary = "Unpublish a tool (owners, admins)", description = """
            Makes the tool a draft, built-in tools included: integration keys and MCP clients no longer see or \
            propose it (404), members may still propose it as a test run (POST /api/v1/tools/{name}/test-runs). \
            Actions already proposed go on as before. Answers the tool document with "published": false. Audited \
            as tool.unpublished. 403 for other roles and integration keys, 404 for a tool the workspace does not \
            have.""")
    @ProblemAnswers({ProblemType.FORBIDDEN, ProblemType.NOT_FOUND})
    @ApiExamples(response = EXAMPLE_TOOL + "false" + EXAMPLE_TOOL_REST)
    Object unpublish(@AuthenticationPrincipal Caller caller, @PathVariable String name) {
        return set(caller, name, false);
    }

    private Object set(Caller caller, String name, boolean published) {
        publications.set(caller, name, published);
        Tool tool = catalog.find(caller.workspaceId(), name)
                .orElseThrow(() -> ApiProblem.notFound("The tool '" + name + "'"));
        return answers.of(caller.workspaceId(), tool, null);
    }
}
