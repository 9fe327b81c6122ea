package com.polaris.operator.action;

import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.Page;
import com.polaris.operator.api.PageRequest;
import com.polaris.operator.identity.Caller;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** The approvals inbox and decisions. */
@RestController
@RequestMapping("/api/v1/approvals")
class ApprovalController {

    private static final Set<String> STATUSES = Set.of("pending", "approved", "rejected", "expired", "cancelled");

    private final ActionApprovals service;

    ApprovalController(ActionApprovals service) {
        this.service = service;
    }

    record ApproveRequest(
            @Nullable String comment,
            @Nullable JsonNode arguments,
            @Nullable Integer version) {}

    record RejectRequest(@Nullable String reason, @Nullable Integer version) {}

    @GetMapping
    Page<ActionApprovals.ApprovalView> list(
            @AuthenticationPrincipal Caller caller,
            @RequestParam(required = false) @Nullable String status,
            @RequestParam(name = "for", required = false) @Nullable String forWhom,
            PageRequest page) {
        if (forWhom != null && !forWhom.isBlank() && !"me".equals(forWhom)) {
            throw ApiProblem.badParameter("for must be me (what you may decide), or left out.");
        }
        if (status != null && !status.isBlank() && !STATUSES.contains(status)) {
            throw ApiProblem.badParameter("status must be one of pending, approved, rejected, expired, cancelled.");
        }
        return service.inbox(caller, status == null || status.isBlank() ? null : status, "me".equals(forWhom), page);
    }

    @GetMapping("/{id}")
    ActionApprovals.ApprovalView get(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        return service.view(caller, id);
    }

    @PostMapping("/{id}/approve")
    ActionApprovals.ApprovalView approve(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String id,
            @RequestBody(required = false) @Nullable ApproveRequest request) {
        if (request != null && request.comment() != null && request.comment().length() > 2000) {
            throw ApiProblem.invalid("comment", "must be at most 2000 characters");
        }
        return service.approve(
                caller,
                id,
                request == null ? null : request.version(),
                request == null ? null : request.comment(),
                request == null
                                || request.arguments() == null
                                || request.arguments().isNull()
                        ? null
                        : request.arguments());
    }

    @PostMapping("/{id}/reject")
    ActionApprovals.ApprovalView reject(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String id,
            @RequestBody(required = false) @Nullable RejectRequest request) {
        return service.reject(
                caller, id, request == null ? null : request.version(), request == null ? null : request.reason());
    }
}
