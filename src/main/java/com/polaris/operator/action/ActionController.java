package com.polaris.operator.action;

import com.polaris.operator.api.ApiExamples;
import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.IdempotencyKeyHeader;
import com.polaris.operator.api.Page;
import com.polaris.operator.api.PageRequest;
import com.polaris.operator.api.ProblemAnswers;
import com.polaris.operator.api.ProblemType;
import com.polaris.operator.audit.AuditLog;
import com.polaris.operator.identity.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** The actions API: propose, read, list, cancel, retry. */
@RestController
@RequestMapping("/api/v1/actions")
@Tag(name = "Actions", description = "Proposing actions, following them, cancelling and retrying them.")
@RequiredArgsConstructor
class ActionController {

    /** An action waiting for approval, as the examples of proposing and listing show it. */
    private static final String EXAMPLE_PENDING_ACTION = """
            {"id": "act_01jdq8x3m5a2b7c9d4e6f8g0h1", "tool": "create_lead", "status": "pending_approval",
             "arguments": {"name": "Ana Ruiz", "email": "ana@example.com"},
             "conversation": {"id": "conv_81", "channel": "whatsapp", "excerpt": "Hi, I'd like a quote for ..."},
             "reason": "Customer asked for a quote",
             "requestedBy": {"type": "api_key", "id": "tok_01jdq7a1b2c3d4e5f6g7h8j9k0", "name": "Website bot"},
             "decision": {"approval": "required", "execution": "background", "notBefore": null,
                          "reasons": ["The tool's policy requires approval."]},
             "approval": {"id": "apr_01jdq8x3n0p1q2r3s4t5v6w7x8", "status": "pending"},
             "result": null, "error": null, "attempts": 0,
             "createdAt": "2026-11-23T10:15:30Z", "updatedAt": "2026-11-23T10:15:30Z"}""";

    private final ActionService service;
    private final Proposals proposals;
    private final AuditLog audit;
    private final ActionAttempts attempts;

    @PostMapping
    @Operation(summary = "Propose an action", description = """
                    An integration key or a member proposes that a tool runs with these arguments. The tool's \
                    policy decides: approval required → pending_approval; business hours outside them → \
                    scheduled; background → queued; immediate with no approval → run inside the request, so \
                    the answer already shows the outcome. Idempotency-Key (optional, at most 255 characters): \
                    the same key with the same body answers 200 with the first action; with another body 422 \
                    idempotency-key-reused; while the first is still in flight 409. An unknown tool is 404, a \
                    disabled one 409, arguments that break its input schema 422 naming each field, the \
                    workspace's monthly limit reached 429; nothing is stored for a refused request.""")
    @ApiResponse(responseCode = "201", description = "The new action, with its decision (and outcome when it ran).")
    @ApiResponse(
            responseCode = "200",
            description = "A replay of the same Idempotency-Key with the same body: the action it made.")
    @ProblemAnswers({
        ProblemType.BAD_IDEMPOTENCY_KEY,
        ProblemType.UNKNOWN_TOOL,
        ProblemType.TOOL_DISABLED,
        ProblemType.TOOL_MISCONFIGURED,
        ProblemType.IDEMPOTENCY_KEY_IN_FLIGHT,
        ProblemType.IDEMPOTENCY_KEY_REUSED,
        ProblemType.USAGE_LIMIT_REACHED
    })
    @ApiExamples(request = """
                    {"tool": "create_lead",
                     "arguments": {"name": "Ana Ruiz", "email": "ana@example.com"},
                     "conversation": {"id": "conv_81", "channel": "whatsapp", "excerpt": "Hi, I'd like a quote for ..."},
                     "reason": "Customer asked for a quote",
                     "requestReview": false}""", response = EXAMPLE_PENDING_ACTION)
    ResponseEntity<ActionView> propose(
            @AuthenticationPrincipal Caller caller,
            @RequestBody JsonNode body,
            @RequestHeader(value = IdempotencyKeyHeader.NAME, required = false)
                    @Parameter(description = IdempotencyKeyHeader.ABOUT + " action" + IdempotencyKeyHeader.REPLAYED)
                    @Nullable
                    String idempotencyKey) {
        var proposed = proposals.propose(caller, body, idempotencyKey, Proposals.Via.API);
        return IdempotencyKeyHeader.answer(proposed.created(), proposed.action());
    }

    @GetMapping("/{id}")
    @Operation(summary = "Read an action, with its timeline", description = """
                    The action as proposed (arguments, conversation, reason, who asked), its decision, its \
                    approval, its result or error, and "timeline": the audit events of the action, oldest first. \
                    Integration keys and members of the workspace may read it; another workspace's is 404.""")
    @ProblemAnswers(ProblemType.NOT_FOUND)
    @ApiExamples(response = """
                    {"id": "act_01jdq8x3m5a2b7c9d4e6f8g0h1", "tool": "create_lead", "status": "completed",
                     "arguments": {"name": "Ana Ruiz", "email": "ana@example.com"},
                     "conversation": {"id": "conv_81", "channel": "whatsapp", "excerpt": "Hi, I'd like a quote"},
                     "reason": "Customer asked for a quote",
                     "requestedBy": {"type": "api_key", "id": "tok_01jdq7a1b2c3d4e5f6g7h8j9k0", "name": "Website bot"},
                     "decision": {"approval": "not_required", "execution": "immediate", "notBefore": null,
                                  "reasons": ["The tool's policy needs no approval."]},
                     "approval": null, "result": {"leadId": "lead_01jdq8x3p9r8s7t6v5w4x3y2z1"}, "error": null,
                     "attempts": 1, "createdAt": "2026-11-23T10:15:30Z", "updatedAt": "2026-11-23T10:15:31Z",
                     "timeline": [{"seq": 41, "at": "2026-11-23T10:15:30Z", "type": "action.requested",
                                   "actor": {"type": "api_key", "id": "tok_01jdq7a1b2c3d4e5f6g7h8j9k0", "name": "Website bot"},
                                   "subject": "action:act_01jdq8x3m5a2b7c9d4e6f8g0h1",
                                   "actionId": "act_01jdq8x3m5a2b7c9d4e6f8g0h1", "data": {"tool": "create_lead"},
                                   "hash": "9f2c4e1a7b..."}]}""")
    ActionView get(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        ActionView action = service.view(caller.workspaceId(), id);
        return action.withTimeline(audit.timeline(caller.workspaceId(), id));
    }

    @GetMapping("/{id}/attempts")
    @Operation(summary = "An action's run attempts", description = """
                    Every attempt to run the action, oldest first: which node ran it, when it started and \
                    ended, its outcome and the error of a failed attempt. One page holds them all \
                    (nextCursor is null).""")
    @ProblemAnswers(ProblemType.NOT_FOUND)
    @ApiExamples(response = """
                    {"items": [{"attempt": 1, "node": "node-a", "startedAt": "2026-11-23T10:20:00Z",
                                "endedAt": "2026-11-23T10:20:01Z", "outcome": "failed",
                                "errorCode": "http_503", "errorMessage": "The receiver answered 503."},
                               {"attempt": 2, "node": "node-b", "startedAt": "2026-11-23T10:21:00Z",
                                "endedAt": "2026-11-23T10:21:01Z", "outcome": "completed",
                                "errorCode": null, "errorMessage": null}],
                     "nextCursor": null}""")
    Page<ActionAttempts.Attempt> attempts(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        service.view(caller.workspaceId(), id);
        return new Page<>(attempts.of(caller.workspaceId(), id), null);
    }

    @GetMapping
    @Operation(summary = "List actions, newest first", description = """
                    The workspace's actions, newest first, optionally only those of one status, one tool or \
                    one conversation (the filters combine). Each item is the action without its timeline.""")
    @ProblemAnswers(ProblemType.BAD_PARAMETER)
    @ApiExamples(
            response = "{\"items\": [" + EXAMPLE_PENDING_ACTION
                    + "], \"nextCursor\": \"eyJpZCI6ImFjdF8wMWpkcTh4M201YTJiN2M5ZDRlNmY4ZzBoMSJ9\"}")
    Page<ActionView> list(
            @AuthenticationPrincipal Caller caller,
            @RequestParam(required = false)
                    @Parameter(
                            description = "pending_approval, scheduled, queued, running, completed, failed, "
                                    + "needs_review, rejected, expired or cancelled")
                    @Nullable
                    String status,
            @RequestParam(required = false) @Parameter(description = "A tool's name") @Nullable String tool,
            @RequestParam(required = false) @Parameter(description = "A conversation's id") @Nullable
                    String conversationId,
            @RequestParam(required = false)
                    @Parameter(description = "true: only test runs; false: only real proposals; absent: both")
                    @Nullable
                    String test,
            PageRequest page) {
        ActionStatus statusFilter = status == null || status.isBlank()
                ? null
                : ActionStatus.parse(status)
                        .orElseThrow(() -> ApiProblem.badParameter(
                                "status must be one of pending_approval, scheduled, queued, running, completed, failed, "
                                        + "needs_review, rejected, expired, cancelled."));
        Boolean testFilter = test == null || test.isBlank()
                ? null
                : switch (test) {
                    case "true" -> Boolean.TRUE;
                    case "false" -> Boolean.FALSE;
                    default -> throw ApiProblem.badParameter("test must be true or false.");
                };
        return service.recent(
                caller.workspaceId(),
                new ActionFilter(statusFilter, blankToNull(tool), blankToNull(conversationId), testFilter),
                page);
    }

    @PostMapping("/{id}/cancel")
    @Operation(summary = "Cancel an action that has not run", description = """
                    Ends a pending_approval, scheduled or queued action as cancelled (its approval, if any, \
                    too) and answers it. From any other status 409 invalid-transition. Members who may decide \
                    approvals, and the integration key that proposed it, may cancel.""")
    @ProblemAnswers({ProblemType.FORBIDDEN, ProblemType.NOT_FOUND, ProblemType.INVALID_TRANSITION})
    @ApiExamples(response = """
            {"id": "act_01jdq8x3m5a2b7c9d4e6f8g0h1", "tool": "create_lead", "status": "cancelled",
             "arguments": {"name": "Ana Ruiz", "email": "ana@example.com"}, "conversation": null,
             "reason": "Customer asked for a quote",
             "requestedBy": {"type": "api_key", "id": "tok_01jdq7a1b2c3d4e5f6g7h8j9k0", "name": "Website bot"},
             "decision": {"approval": "required", "execution": "background", "notBefore": null,
                          "reasons": ["The tool's policy requires approval."]},
             "approval": {"id": "apr_01jdq8x3n0p1q2r3s4t5v6w7x8", "status": "cancelled"},
             "result": null, "error": null, "attempts": 0,
             "createdAt": "2026-11-23T10:15:30Z", "updatedAt": "2026-11-23T10:40:02Z"}""")
    ActionView cancel(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        return service.cancel(caller, id);
    }

    record RetryRequest(@Nullable JsonNode arguments) {}

    @PostMapping("/{id}/retry")
    @Operation(summary = "Retry a failed or needs-review action", description = """
                    Continues a failed or needs_review action from where it stopped (409 invalid-transition \
                    from any other status). Without a body, or with the same arguments, it runs what was \
                    approved. With other "arguments" (validated against the input schema, 422 otherwise) the \
                    decision is worked out again on them: if a person must approve, the action goes back to \
                    pending_approval with a new approval showing the diff; else it runs. Members who may \
                    decide approvals only; the member who requested the action may retry it only without \
                    changes (403).""")
    @ProblemAnswers({ProblemType.FORBIDDEN, ProblemType.NOT_FOUND, ProblemType.INVALID_TRANSITION})
    @ApiExamples(request = """
                    {"arguments": {"name": "Ana Ruiz", "email": "ana.ruiz@example.com"}}""", response = """
                    {"id": "act_01jdq8x3m5a2b7c9d4e6f8g0h1", "tool": "create_lead", "status": "completed",
                     "arguments": {"name": "Ana Ruiz", "email": "ana.ruiz@example.com"}, "conversation": null,
                     "reason": "Customer asked for a quote",
                     "requestedBy": {"type": "api_key", "id": "tok_01jdq7a1b2c3d4e5f6g7h8j9k0", "name": "Website bot"},
                     "decision": {"approval": "not_required", "execution": "immediate", "notBefore": null,
                                  "reasons": ["The tool's policy needs no approval."]},
                     "approval": null, "result": {"leadId": "lead_01jdq8x3p9r8s7t6v5w4x3y2z1"}, "error": null,
                     "attempts": 2, "createdAt": "2026-11-23T10:15:30Z", "updatedAt": "2026-11-23T11:02:10Z"}""")
    ActionView retry(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String id,
            @RequestBody(required = false) @Nullable RetryRequest request) {
        return service.retry(caller, id, request == null ? null : request.arguments());
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
