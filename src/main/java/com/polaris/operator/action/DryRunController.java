package com.polaris.operator.action;

import com.polaris.operator.api.ApiExamples;
import com.polaris.operator.api.ProblemAnswers;
import com.polaris.operator.api.ProblemType;
import com.polaris.operator.identity.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/v1/tools/{name}/dry-run}: what a proposal would come to, without sending,
 * storing or counting anything (see {@link DryRuns}).
 */
@RestController
@Tag(name = "Tools")
@RequiredArgsConstructor
class DryRunController {

    private final DryRuns dryRuns;

    @PostMapping("/api/v1/tools/{name}/dry-run")
    @Operation(summary = "Dry-run a tool (members)", description = """
                    What a proposal with this body ({"arguments", "conversation", "requestReview"}) would come \
                    to, without sending, storing or counting anything: the decision the policy would take, \
                    the validated input, and for an external tool the request it would send, secrets masked \
                    ("sent" is always false). It works on a disabled tool too ("enabled" says so). An unknown \
                    tool is 404; arguments that break the input schema, or a request that cannot be built \
                    from them, 422. Integration keys may not dry-run (403).""")
    @ProblemAnswers({
        ProblemType.FORBIDDEN,
        ProblemType.UNKNOWN_TOOL,
        ProblemType.TOOL_MISCONFIGURED,
        ProblemType.REQUEST_NOT_SENDABLE
    })
    @ApiExamples(request = """
                    {"arguments": {"name": "Ana Ruiz", "email": "ana@example.com"},
                     "conversation": {"id": "conv_81"}, "requestReview": false}""", response = """
                    {"tool": "notify_crm", "enabled": true,
                     "decision": {"approval": "required", "execution": "background", "notBefore": null,
                                  "reasons": ["External tools always require approval."]},
                     "input": {"name": "Ana Ruiz", "email": "ana@example.com"},
                     "request": {"method": "POST", "url": "https://crm.example.org/hooks/leads",
                                 "headers": {"Authorization": "Bearer ••••", "Content-Type": "application/json"},
                                 "body": {"lead": "Ana Ruiz", "email": "ana@example.com"}},
                     "sent": false}""")
    DryRuns.DryRun dryRun(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String name,
            @RequestBody(required = false) @Nullable JsonNode body) {
        return dryRuns.run(caller, name, body);
    }
}
