package com.polaris.operator.approval;

import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.Page;
import com.polaris.operator.api.PageRequest;
import com.polaris.operator.identity.Caller;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Gates as people see them: one gate, pages of them, how many wait, what each is for, and the
 * pending gates of a tool. Reads only; opening and deciding gates is {@link ApprovalService}'s.
 */
@Service
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class ApprovalViews {

    private final Approvals approvals;
    private final GateDecisions gateDecisions;
    private final Deciding deciding;
    private final JsonMapper json;
    /**
     * A gate as {@code caller} sees it. {@code changes} is what changed in the subject's arguments
     * since they were last approved (each {@code {"field", "from", "to"}}), or null; {@code required}
     * approvals of distinct members decide it, {@code approvedBy} of them have approved its current
     * {@code version}; {@code mayDecide} says whether the caller may decide it now.
     */
    public record Gate(
            String id,
            String status,
            String subjectId,
            @Nullable String tool,
            String requestedById,
            Instant requestedAt,
            @Nullable Instant expiresAt,
            List<DecisionView> decisions,
            @Nullable JsonNode changes,
            int version,
            int required,
            int approvedBy,
            ReviewersView reviewers,
            boolean mayDecide,
            @Nullable String summary,
            @Nullable Instant remindedAt,
            @Nullable Instant escalatedAt,
            boolean blocked,
            GateSubject subject) {}

    @io.swagger.v3.oas.annotations.media.Schema(name = "ApprovalDecision")
    public record DecisionView(
            By by, String decision, @Nullable String comment, Instant at, int version) {}

    public record By(String id, String name) {}

    /** Who may decide, as the approval's answer shows it: roles and members' emails. */
    public record ReviewersView(List<String> roles, List<String> members) {}

    /** A pending gate of a tool: its id and its subject's. */
    public record PendingGate(String id, String subjectId) {}

    /** The next {@code limit} pending gates of {@code tool} after {@code afterId}, oldest first. */
    public List<PendingGate> pendingOf(String workspaceId, String tool, @Nullable String afterId, int limit) {
        return approvals.pendingOf(workspaceId, tool, afterId, limit).stream()
                .map(row -> new PendingGate(row[0], row[1]))
                .toList();
    }

    public Gate gate(Caller caller, String approvalId) {
        caller.requireMember();
        var row =
                approvals.find(caller.workspaceId(), approvalId).orElseThrow(() -> ApiProblem.notFound("The approval"));
        return gate(
                row,
                approvals.decidable(caller.workspaceId(), caller.id(), List.of(row.id())),
                gateDecisions.of(row.id()),
                deciding.members(row.workspaceId()));
    }

    /**
     * A page of the gates in {@code status} (any status when null), newest first; with
     * {@code forMe}, only the pending ones the caller may still decide.
     */
    public Page<Gate> list(Caller caller, @Nullable String status, boolean forMe, PageRequest page) {
        return list(caller, status, forMe, ApprovalOrder.NEWEST, page);
    }

    /** {@link #list(Caller, String, boolean, PageRequest)} in {@code order}. */
    public Page<Gate> list(
            Caller caller, @Nullable String status, boolean forMe, ApprovalOrder order, PageRequest page) {
        caller.requireMember();
        Page<Approvals.ApprovalRow> rows = forMe
                ? ("pending".equals(status) || status == null
                        ? approvals.decidableBy(caller.workspaceId(), caller.id(), order, page)
                        : Page.empty())
                : approvals.list(caller.workspaceId(), status, order, page);
        List<String> ids = rows.items().stream().map(Approvals.ApprovalRow::id).toList();
        Set<String> decidable = forMe ? Set.copyOf(ids) : approvals.decidable(caller.workspaceId(), caller.id(), ids);
        var decisions = gateDecisions.of(caller.workspaceId(), ids);
        var members = deciding.members(caller.workspaceId());
        return rows.map(row -> gate(row, decidable, decisions.getOrDefault(row.id(), List.of()), members));
    }

    /** How many approvals of the caller's workspace wait for a decision, counted up to {@code CappedCount.LIMIT}. */
    public long pendingCount(Caller caller) {
        caller.requireMember();
        return approvals.countPending(caller.workspaceId());
    }

    /** How many pending approvals the caller may still decide, counted up to {@code CappedCount.LIMIT}. */
    public long decidableCount(Caller caller) {
        caller.requireMember();
        return approvals.countDecidable(caller.workspaceId(), caller.id());
    }

    private Gate gate(
            Approvals.ApprovalRow row,
            Set<String> decidable,
            List<GateDecisions.DecisionRow> decisions,
            Deciding.Roles members) {
        var views = decisions.stream()
                .map(d -> new DecisionView(
                        new By(d.memberId(), d.memberName()), d.decision(), d.comment(), d.at(), d.version()))
                .toList();
        return new Gate(
                row.id(),
                row.status(),
                row.actionId(),
                row.tool(),
                row.requestedById(),
                row.requestedAt(),
                row.expiresAt(),
                views,
                row.changes() == null ? null : json.readTree(row.changes()),
                row.version(),
                row.required(),
                deciding.approvedBy(row, decisions, members),
                deciding.view(row),
                "pending".equals(row.status()) && decidable.contains(row.id()),
                row.summary(),
                row.remindedAt(),
                row.escalatedAt(),
                row.blocked(),
                row.subject());
    }
    /** What the gate is for: an action or a batch (404 for another workspace's gate). */
    public GateSubject subject(String workspaceId, String approvalId) {
        return approvals
                .find(workspaceId, approvalId)
                .orElseThrow(() -> ApiProblem.notFound("The approval"))
                .subject();
    }
}
