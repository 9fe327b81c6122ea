package com.polaris.operator.action;

import com.polaris.operator.api.ApiExamples;
import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.Page;
import com.polaris.operator.api.PageRequest;
import com.polaris.operator.api.ProblemAnswers;
import com.polaris.operator.api.ProblemType;
import com.polaris.operator.api.Problems;
import com.polaris.operator.approval.ApprovalOrder;
import com.polaris.operator.identity.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import lombok.RequiredArgsConstructor;
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
@Tag(name = "Approvals", description = "The approvals inbox and the decisions of reviewers.")
@RequiredArgsConstructor
class ApprovalController {

    private static final Set<String> STATUSES = Set.of("pending", "approved", "rejected", "expired", "cancelled");

    /** A pending approval as the examples show it, with the action it covers. */
    private static final String EXAMPLE_APPROVAL = """
            {"id": "apr_01jdq8x3n0p1q2r3s4t5v6w7x8", "status": "pending", "version": 1,
             "required": 2, "approvedBy": 1,
             "reviewers": {"roles": ["reviewer"], "members": []}, "mayDecide": true,
             "summary": "Apply 20% off for Ana Ruiz", "remindedAt": null, "escalatedAt": null, "blocked": false, "conversationMessages": [],
             "requestedAt": "2026-11-23T10:15:30Z", "expiresAt": "2026-11-30T10:15:30Z",
             "decisions": [{"by": {"id": "mem_01jdq6r2s3t4v5w6x7y8z9a0b1", "name": "Marta Gil"},
                            "decision": "approve", "comment": "Fine by me", "version": 1,
                            "at": "2026-11-23T10:30:00Z"}],
             "changes": null,
             "action": {"id": "act_01jdq8x3m5a2b7c9d4e6f8g0h1", "tool": "apply_discount", "status": "pending_approval",
                        "arguments": {"customer": "Ana Ruiz", "percent": 20, "reason": "Loyal customer"},
                        "conversation": {"id": "conv_81", "channel": "whatsapp", "excerpt": "Any discount?"},
                        "reason": "Customer asked for a discount",
                        "requestedBy": {"type": "api_key", "id": "tok_01jdq7a1b2c3d4e5f6g7h8j9k0", "name": "Website bot"},
                        "decision": {"approval": "required", "execution": "background", "notBefore": null,
                                     "reasons": ["The tool's policy requires approval."]},
                        "approval": {"id": "apr_01jdq8x3n0p1q2r3s4t5v6w7x8", "status": "pending"},
                        "result": null, "error": null, "attempts": 0,
                        "createdAt": "2026-11-23T10:15:30Z", "updatedAt": "2026-11-23T10:15:30Z"}}""";

    private final ActionApprovals service;
    private final ApprovalDecisions decisions;

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
    @Operation(summary = "List approvals (members)", description = """
                    The approvals the caller may see, newest first (sort=oldest: the longest waiting first), \
                    optionally of one status; for=me lists only the pending ones the caller may still decide. \
                    Each carries the action it covers, its reviewers, quorum and decisions so far, \
                    mayDecide for the caller, and conversationMessages: the last review.conversationMessages \
                    (10 unless the tool's policy says otherwise) messages of the action's conversation, oldest \
                    first (empty without a conversation or stored messages); a batch's approval has "action": \
                    null and "batch": {"id", "tool", "status", "count", "counts", "reason", "requestedBy", \
                    "sample" (the first items), "itemsDownload", "createdAt"} instead. Integration keys may not \
                    read approvals (403).""")
    @ProblemAnswers({ProblemType.BAD_PARAMETER, ProblemType.FORBIDDEN})
    @ApiExamples(response = "{\"items\": [" + EXAMPLE_APPROVAL + "], \"nextCursor\": null}")
    Page<ActionApprovals.ApprovalView> list(
            @AuthenticationPrincipal Caller caller,
            @RequestParam(required = false)
                    @Parameter(description = "pending, approved, rejected, expired or cancelled")
                    @Nullable
                    String status,
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
    @Operation(summary = "Read an approval (members)", description = """
                    One approval with the action it covers (or "batch" for a batch's approval), its version, \
                    required and approvedBy (the quorum), reviewers, decisions, the diff of a reviewer's edit \
                    ("changes"), and whether the caller may decide it (mayDecide).""")
    @ProblemAnswers({ProblemType.FORBIDDEN, ProblemType.NOT_FOUND})
    @ApiExamples(response = EXAMPLE_APPROVAL)
    ActionApprovals.ApprovalView get(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        return service.view(caller, id);
    }

    @PostMapping("/{id}/approve")
    @Operation(summary = "Approve", description = """
                    Records the caller's approval. Optional body: "comment" (at most 2000 characters), \
                    "version" (the version the reviewer saw; a stale one is 409 approval-changed) and \
                    "arguments", an edit validated against the tool's input schema (422 otherwise) and \
                    recorded with a diff: routing is worked out again on it (403 when the editor is no longer \
                    eligible), and the editor's approval counts as the first of the new version. Answers the \
                    approval: still pending until the quorum is reached, then approved, and the action runs per \
                    its execution mode and business hours (a batch's approval starts its fan-out; its items \
                    cannot be edited here, 422). Only eligible reviewers decide (403), never the \
                    member who requested the action (403); a decided approval is 409 \
                    approval-already-decided, the same member deciding the same version twice 409 \
                    already-decided.""")
    @ProblemAnswers({
        ProblemType.FORBIDDEN,
        ProblemType.NOT_FOUND,
        ProblemType.APPROVAL_ALREADY_DECIDED,
        ProblemType.ALREADY_DECIDED,
        ProblemType.APPROVAL_CHANGED
    })
    @ApiExamples(request = """
                    {"comment": "20% is fine for a loyal customer", "version": 1,
                     "arguments": {"customer": "Ana Ruiz", "percent": 15, "reason": "Loyal customer"}}""", response = """
                    {"id": "apr_01jdq8x3n0p1q2r3s4t5v6w7x8", "status": "approved", "version": 2,
                     "required": 1, "approvedBy": 1, "reviewers": {"roles": ["reviewer"], "members": []},
                     "mayDecide": false, "summary": "Apply 15% off for Ana Ruiz", "remindedAt": null,
                     "escalatedAt": null, "blocked": false, "conversationMessages": [],
                     "requestedAt": "2026-11-23T10:15:30Z", "expiresAt": "2026-11-30T10:15:30Z",
                     "decisions": [{"by": {"id": "mem_01jdq6r2s3t4v5w6x7y8z9a0b1", "name": "Marta Gil"},
                                    "decision": "approve", "comment": "20% is fine for a loyal customer",
                                    "version": 2, "at": "2026-11-23T10:30:00Z"}],
                     "changes": {"percent": {"from": 20, "to": 15}},
                     "action": {"id": "act_01jdq8x3m5a2b7c9d4e6f8g0h1", "tool": "apply_discount", "status": "queued"}}""")
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
    @Operation(summary = "Reject", description = """
                    Rejects the approval: one rejection ends it, and the action ends as rejected. "reason" is \
                    required (422 without); "version" as for approve (409 approval-changed when stale). The \
                    same people may reject as may approve (403 otherwise); a decided approval is 409.""")
    @ProblemAnswers({
        ProblemType.FORBIDDEN,
        ProblemType.NOT_FOUND,
        ProblemType.APPROVAL_ALREADY_DECIDED,
        ProblemType.APPROVAL_CHANGED
    })
    @ApiExamples(request = """
                    {"reason": "We do not discount this service", "version": 1}""", response = """
                    {"id": "apr_01jdq8x3n0p1q2r3s4t5v6w7x8", "status": "rejected", "version": 1,
                     "required": 1, "approvedBy": 0, "reviewers": {"roles": ["reviewer"], "members": []},
                     "mayDecide": false, "summary": "Apply 20% off for Ana Ruiz", "remindedAt": null,
                     "escalatedAt": null, "blocked": false, "conversationMessages": [],
                     "requestedAt": "2026-11-23T10:15:30Z", "expiresAt": "2026-11-30T10:15:30Z",
                     "decisions": [{"by": {"id": "mem_01jdq6r2s3t4v5w6x7y8z9a0b1", "name": "Marta Gil"},
                                    "decision": "reject", "comment": "We do not discount this service",
                                    "version": 1, "at": "2026-11-23T10:30:00Z"}],
                     "changes": null,
                     "action": {"id": "act_01jdq8x3m5a2b7c9d4e6f8g0h1", "tool": "apply_discount", "status": "rejected"}}""")
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
    @ProblemAnswers(ProblemType.FORBIDDEN)
    @ApiExamples(request = """
                    {"ids": ["apr_01jdq8x3n0p1q2r3s4t5v6w7x8", "apr_01jdq9b4c5d6e7f8g9h0j1k2m3"],
                     "decision": "approve", "comment": "Checked with the customer"}""", response = """
                    {"items": [{"id": "apr_01jdq8x3n0p1q2r3s4t5v6w7x8", "status": "approved", "error": null},
                               {"id": "apr_01jdq9b4c5d6e7f8g9h0j1k2m3", "status": "approved",
                                "error": {"type": "https://polaris-operator.dev/problems/approval-already-decided",
                                          "title": "Conflict", "status": 409,
                                          "detail": "This approval has already been decided."}}]}""")
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
