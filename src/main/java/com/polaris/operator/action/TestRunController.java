package com.polaris.operator.action;

import com.polaris.operator.identity.Caller;
import io.swagger.v3.oas.annotations.Operation;
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
class TestRunController {

    private final Proposals proposals;

    TestRunController(Proposals proposals) {
        this.proposals = proposals;
    }

    @PostMapping("/api/v1/tools/{name}/test-runs")
    @Operation(summary = "Propose a tool as a test run (members)", description = """
            Body {"arguments", "conversation", "reason"} as for POST /api/v1/actions. Creates a real action with \
            "test": true that takes the same path as a proposal (input check, usage limit, policy, approvals, \
            execution, audit), for a draft as well as a published tool; reviewers see it marked as a test run. \
            201 with the action. 403 for integration keys; 404 for a tool the workspace does not have; 409 \
            (tool-disabled) for a disabled tool; 422 with errors for an unknown field or arguments that break the \
            tool's input schema, and then nothing is stored; 429 when the usage limit is reached.""")
    ResponseEntity<ActionView> testRun(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String name,
            @RequestBody(required = false) @Nullable JsonNode body) {
        return ResponseEntity.status(HttpStatus.CREATED).body(proposals.testRun(caller, name, body, Proposals.Via.API));
    }
}
