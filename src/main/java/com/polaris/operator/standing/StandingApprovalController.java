package com.polaris.operator.standing;

import com.polaris.operator.api.ApiExamples;
import com.polaris.operator.api.Page;
import com.polaris.operator.api.PageRequest;
import com.polaris.operator.api.ProblemAnswers;
import com.polaris.operator.api.ProblemType;
import com.polaris.operator.identity.Caller;
import io.swagger.v3.oas.annotations.Operation;
import lombok.RequiredArgsConstructor;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Standing approvals: granted, listed and revoked by owners and admins. */
@RestController
@RequestMapping("/api/v1/standing-approvals")
@RequiredArgsConstructor
class StandingApprovalController {

    private final StandingApprovals standing;

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Approve an internal tool's proposals in advance (owners, admins)", description = """
                    {"tool", "when": CEL condition, "expiresAt", "maxUses", "note"}: until expiresAt (in the \
                    future, at most 365 days ahead) and for at most maxUses proposals (1 to 1,000,000), a \
                    proposal of the tool whose condition holds needs no person: its decision says approval \
                    "not_required", carries "standingApprovalId" and a reason naming it and the use count. \
                    It never applies when the request says requestReview: true, when one of the policy's \
                    routes sends the proposal to specific reviewers, or when its condition cannot be \
                    evaluated. The condition sees args, conversation, requestedBy, tool and now, like \
                    approvalWhen, and is compiled on save. Internal tools only: external tools always need \
                    a person for each request. Only an owner or admin who may decide the tool's approvals \
                    (its policy's reviewers) may grant one. Answers 201 with {"id", "tool", "when", \
                    "expiresAt", "maxUses", "uses", "note", "revokedAt", "createdBy", "createdAt"}.""")
    @ProblemAnswers(ProblemType.FORBIDDEN)
    @ApiExamples(request = """
            {"tool": "create_lead", "when": "conversation.channel == 'web'", "expiresAt": "2027-01-31T23:59:59Z",
             "maxUses": 500, "note": "Leads from the spring campaign"}""", response = """
            {"id": "sa_01jdqc2d3e4f5g6h7j8k9m0n1p", "tool": "create_lead", "when": "conversation.channel == 'web'",
             "expiresAt": "2027-01-31T23:59:59Z", "maxUses": 500, "uses": 0, "note": "Leads from the spring campaign",
             "revokedAt": null, "createdBy": {"id": "mem_01jdq7a1b2c3d4e5f6g7h8j9k0", "name": "Alex Admin"},
             "createdAt": "2026-12-03T09:00:00Z"}""")
    StandingApprovals.StandingApproval create(@AuthenticationPrincipal Caller caller, @RequestBody JsonNode body) {
        return standing.create(caller, body);
    }

    @GetMapping
    @Operation(summary = "The workspace's standing approvals (owners, admins)", description = """
                    {"items": [{"id", "tool", "when", "expiresAt", "maxUses", "uses", "note", "revokedAt", \
                    "createdBy", "createdAt"}], "nextCursor"}, newest first, revoked and expired ones \
                    included; uses is how many proposals each one approved.""")
    @ProblemAnswers(ProblemType.FORBIDDEN)
    @ApiExamples(response = """
            {"items": [{"id": "sa_01jdqc2d3e4f5g6h7j8k9m0n1p", "tool": "create_lead", "when": "conversation.channel == 'web'",
             "expiresAt": "2027-01-31T23:59:59Z", "maxUses": 500, "uses": 42, "note": "Leads from the spring campaign",
             "revokedAt": null, "createdBy": {"id": "mem_01jdq7a1b2c3d4e5f6g7h8j9k0", "name": "Alex Admin"},
             "createdAt": "2026-12-03T09:00:00Z"}], "nextCursor": null}""")
    Page<StandingApprovals.StandingApproval> list(@AuthenticationPrincipal Caller caller, PageRequest page) {
        return standing.list(caller, page);
    }

    @PostMapping("/{id}/revoke")
    @Operation(summary = "Revoke a standing approval (owners, admins)", description = """
                    From the moment this answers, on every node, no further proposal uses the standing \
                    approval; actions it approved already stay approved. Revoking one already revoked \
                    answers it unchanged.""")
    @ProblemAnswers({ProblemType.FORBIDDEN, ProblemType.NOT_FOUND})
    @ApiExamples(response = """
            {"id": "sa_01jdqc2d3e4f5g6h7j8k9m0n1p", "tool": "create_lead", "when": "conversation.channel == 'web'",
             "expiresAt": "2027-01-31T23:59:59Z", "maxUses": 500, "uses": 42, "note": "Leads from the spring campaign",
             "revokedAt": "2026-12-10T17:30:00Z", "createdBy": {"id": "mem_01jdq7a1b2c3d4e5f6g7h8j9k0", "name": "Alex Admin"},
             "createdAt": "2026-12-03T09:00:00Z"}""")
    StandingApprovals.StandingApproval revoke(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        return standing.revoke(caller, id);
    }
}
