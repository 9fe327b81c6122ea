package com.polaris.operator.action;

import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.Page;
import com.polaris.operator.api.PageRequest;
import com.polaris.operator.api.Problems;
import com.polaris.operator.approval.ApprovalOrder;
import com.polaris.operator.identity.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    private final ApprovalDecisions decisions;

    ApprovalController(ActionApprovals service, ApprovalDecisions decisions) {
        this.service = service;
        this.decisions = decisions;
    }

    record ApproveRequest(
            @Nullable String comment,
            @Nullable JsonNode arguments,
            @Nullable Integer version) {}

    record RejectRequest(@Nullable String reason, @Nullable Integer version) {}

    /** One id's outcome: {@code error} is the problem document a single decision would have answered. */
    record DecisionItem(
            String id, @Nullable String status, @Nullable Map<String, Object> error) {}

    record DecisionsAnswer(List<DecisionItem> items) {}

    @GetMapping
    Page<ActionApprovals.ApprovalView> list(
            @AuthenticationPrincipal Caller caller,
            @RequestParam(required = false) @Nullable String status,
            @RequestParam(name = "for", required = false)
                    @Parameter(description = "me: only pending approvals the caller may still decide")
                    @Nullable
                    String forWhom,
            @RequestParam(required = false)
                    @Parameter(description = "newest (default) or oldest: oldest first lists the longest waiting first")
                    @Nullable
                    String sort,
            PageRequest page) {
        if (forWhom != null && !forWhom.isBlank() && !"me".equals(forWhom)) {
            throw ApiProblem.badParameter("for must be me (what you may decide), or left out.");
        }
        if (status != null && !status.isBlank() && !STATUSES.contains(status)) {
            throw ApiProblem.badParameter("status must be one of pending, approved, rejected, expired, cancelled.");
        }
        ApprovalOrder order = sort == null || sort.isBlank()
                ? ApprovalOrder.NEWEST
                : ApprovalOrder.parse(sort)
                        .orElseThrow(() -> ApiProblem.badParameter(
                                "sort must be newest (the default) or oldest (the longest waiting first)."));
        return service.inbox(
                caller, status == null || status.isBlank() ? null : status, "me".equals(forWhom), order, page);
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

    @PostMapping("/decisions")
    @Operation(summary = "Decide several approvals at once", description = """
            Body {"ids": [...], "decision": "approve" | "reject", "comment", "reason"}: 1 to 100 distinct approval \
            ids; comment (optional, at most 2000 characters) goes with approvals, reason (required to reject, at \
            most 2000 characters) with rejections; any other field is refused. Owners, admins and reviewers only (403 otherwise, integration \
            keys included). An invalid request is 422 listing every field problem, and nothing is decided. \
            Otherwise each id is decided on its own, exactly as POST /api/v1/approvals/{id}/approve or /reject \
            would (checked, committed and audited one by one, so one refusal never undoes another), and the answer \
            is 200 {"items": [{"id", "status", "error"}]} in the order of ids: status is the approval's status \
            now (null when no such approval exists in the caller's workspace), error null when it was decided, \
            else the problem document the single decision would have answered (404 not-found, 403 forbidden, \
            409 approval-already-decided ...).""")
    DecisionsAnswer decide(
            @AuthenticationPrincipal Caller caller, @RequestBody(required = false) @Nullable JsonNode body) {
        var request = DecisionsRequest.read(body);
        var outcomes = decisions.decide(
                caller, request.ids(), request.decision(), request.comment(), request.reason(), request.unreadable());
        return new DecisionsAnswer(outcomes.stream()
                .map(o -> new DecisionItem(o.id(), o.status(), o.error() == null ? null : problem(o.error())))
                .toList());
    }

    /** The problem document of a refusal, as the API answers it, for a place inside an answer. */
    private static Map<String, Object> problem(ApiProblem refusal) {
        var detail = Problems.of(refusal);
        var document = new LinkedHashMap<String, Object>();
        document.put("type", String.valueOf(detail.getType()));
        document.put("title", detail.getTitle());
        document.put("status", detail.getStatus());
        document.put("detail", detail.getDetail());
        if (detail.getProperties() != null) {
            document.putAll(detail.getProperties());
        }
        return document;
    }
}
