package com.polaris.operator.action;

import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.Page;
import com.polaris.operator.api.PageRequest;
import com.polaris.operator.audit.AuditLog;
import com.polaris.operator.identity.Caller;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
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
class ActionController {

    private final ActionService service;
    private final Proposals proposals;
    private final AuditLog audit;
    private final ActionAttempts attempts;

    ActionController(ActionService service, Proposals proposals, AuditLog audit, ActionAttempts attempts) {
        this.service = service;
        this.proposals = proposals;
        this.audit = audit;
        this.attempts = attempts;
    }

    @PostMapping
    ResponseEntity<ActionView> propose(
            @AuthenticationPrincipal Caller caller,
            @RequestBody JsonNode body,
            @RequestHeader(value = "Idempotency-Key", required = false) @Nullable String idempotencyKey) {
        var proposed = proposals.propose(caller, body, idempotencyKey, Proposals.Via.API);
        return ResponseEntity.status(proposed.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(proposed.action());
    }

    @GetMapping("/{id}")
    ActionView get(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        ActionView action = service.view(caller.workspaceId(), id);
        return action.withTimeline(audit.timeline(caller.workspaceId(), id));
    }

    @GetMapping("/{id}/attempts")
    Page<ActionAttempts.Attempt> attempts(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        service.view(caller.workspaceId(), id);
        return new Page<>(attempts.of(caller.workspaceId(), id), null);
    }

    @GetMapping
    Page<ActionView> list(
            @AuthenticationPrincipal Caller caller,
            @RequestParam(required = false) @Nullable String status,
            @RequestParam(required = false) @Nullable String tool,
            @RequestParam(required = false) @Nullable String conversationId,
            @RequestParam(required = false) @Nullable String test,
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
                caller.workspaceId(), statusFilter, blankToNull(tool), blankToNull(conversationId), testFilter, page);
    }

    @PostMapping("/{id}/cancel")
    ActionView cancel(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        return service.cancel(caller, id);
    }

    record RetryRequest(@Nullable JsonNode arguments) {}

    @PostMapping("/{id}/retry")
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
