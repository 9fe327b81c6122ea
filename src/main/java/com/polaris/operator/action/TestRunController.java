package com.polaris.operator.action;

import com.polaris.operator.api.ApiExamples;
import com.polaris.operator.api.ProblemAnswers;
import com.polaris.operator.api.ProblemType;
import com.polaris.operator.identity.Caller;
import io.swagger.v3.oas.annotations.Operation;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** {@code POST /api/v1/tools/{name}/test-runs}: a member tries a tool, a draft included, with a real action. */
@RestController
@RequiredArgsConstructor
class TestRunController {

    private final Proposals proposals;

    @PostMapping("/api/v1/tools/{name}/test-runs")
    @Operation(summary = "Propose a tool as a test run (members)", description = """
            Body {"arguments", "conversation", "reason"} as for POST /api/v1/actions. Creates a real action with \
            "test": true that takes the same path as a proposal (input check, usage limit, policy, approvals, \
            execution, audit), for a draft as well as a published tool; reviewers see it marked as a test run. \
            201 with the action. 403 for integration keys; 404 for a tool the workspace does not have; 409 \
            (tool-disabled) for a disabled tool; 422 with errors for an unknown field or arguments that break the \
            tool's input schema, and then nothing is stored; 429 when the usage limit is reached.""")
    @ProblemAnswers({
        ProblemType.FORBIDDEN,
        ProblemType.NOT_FOUND,
        ProblemType.TOOL_DISABLED,
        ProblemType.TOOL_MISCONFIGURED,
        ProblemType.USAGE_LIMIT_REACHED
    })
    @ApiExamples(request = """
            {"arguments": {"email": "ana@example.com"}, "reason": "Trying the CRM hook before publishing it"}""", response = """
            {"id": "act_01jdq8x3m5a2b7c9d4e6f8g0h1", "tool": "notify_crm", "status": "pending_approval", "test": true,
             "arguments": {"email": "ana@example.com"}, "conversation": null,
             "reason": "Trying the CRM hook before publishing it",
             "requestedBy": {"type": "member", "id": "mem_01jdq7a1b2c3d4e5f6g7h8j9k0", "name": "Rita Reviewer"},
             "decision": {"approval": "required", "execution": "background", "notBefore": null,
                          "reasons": ["External tools always need a person's approval", "External tools always run in the background"]},
             "approval": {"id": "apr_01jdq8x3n0p1q2r3s4t5v6w7x8", "status": "pending"},
             "result": null, "error": null, "attempts": 0,
             "createdAt": "2026-12-03T10:15:30Z", "updatedAt": "2026-12-03T10:15:30Z"}""")
    ResponseEntity<ActionView> testRun(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String name,
            @RequestBody(required = false) @Nullable JsonNode body) {
        return ResponseEntity.status(HttpStatus.CREATED).body(proposals.testRun(caller, name, body, Proposals.Via.API));
    }
}
