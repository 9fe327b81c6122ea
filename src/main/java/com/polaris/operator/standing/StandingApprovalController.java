package com.polaris.operator.standing;

import com.polaris.operator.api.Page;
import com.polaris.operator.api.PageRequest;
import com.polaris.operator.identity.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
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
class StandingApprovalController {

    private static final String PROBLEM = "application/problem+json";

    private final StandingApprovals standing;

    StandingApprovalController(StandingApprovals standing) {
        this.standing = standing;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            summary = "Approve an internal tool's proposals in advance (owners, admins)",
            description = """
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
                    "expiresAt", "maxUses", "uses", "note", "revokedAt", "createdBy", "createdAt"}.""",
            responses = {
                @ApiResponse(responseCode = "201", description = "Granted"),
                @ApiResponse(
                        responseCode = "403",
                        description = "Not an owner or admin who may decide the tool's approvals",
                        content = @Content(mediaType = PROBLEM, schema = @Schema(hidden = true))),
                @ApiResponse(
                        responseCode = "422",
                        description = "An unknown or external tool, a condition that does not compile (with its"
                                + " line and column), an expiry not ahead or too far ahead, maxUses out of range"
                                + " or an unknown field; errors[] name each, nothing is stored",
                        content = @Content(mediaType = PROBLEM, schema = @Schema(hidden = true)))
            })
    StandingApprovals.StandingApproval create(@AuthenticationPrincipal Caller caller, @RequestBody JsonNode body) {
        return standing.create(caller, body);
    }

    @GetMapping
    @Operation(
            summary = "The workspace's standing approvals (owners, admins)",
            description = """
                    {"items": [{"id", "tool", "when", "expiresAt", "maxUses", "uses", "note", "revokedAt", \
                    "createdBy", "createdAt"}], "nextCursor"}, newest first, revoked and expired ones \
                    included; uses is how many proposals each one approved.""",
            responses = {
                @ApiResponse(responseCode = "200", description = "A page of standing approvals"),
                @ApiResponse(
                        responseCode = "403",
                        description = "Not an owner or admin",
                        content = @Content(mediaType = PROBLEM, schema = @Schema(hidden = true)))
            })
    Page<StandingApprovals.StandingApproval> list(@AuthenticationPrincipal Caller caller, PageRequest page) {
        return standing.list(caller, page);
    }

    @PostMapping("/{id}/revoke")
    @Operation(
            summary = "Revoke a standing approval (owners, admins)",
            description = """
                    From the moment this answers, on every node, no further proposal uses the standing \
                    approval; actions it approved already stay approved. Revoking one already revoked \
                    answers it unchanged.""",
            responses = {
                @ApiResponse(responseCode = "200", description = "Revoked"),
                @ApiResponse(
                        responseCode = "403",
                        description = "Not an owner or admin who may decide the tool's approvals",
                        content = @Content(mediaType = PROBLEM, schema = @Schema(hidden = true))),
                @ApiResponse(
                        responseCode = "404",
                        description = "No such standing approval in the workspace",
                        content = @Content(mediaType = PROBLEM, schema = @Schema(hidden = true)))
            })
    StandingApprovals.StandingApproval revoke(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        return standing.revoke(caller, id);
    }
}
