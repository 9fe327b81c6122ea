package com.polaris.operator.action;

import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.Page;
import com.polaris.operator.api.PageRequest;
import com.polaris.operator.approval.ApprovalOrder;
import com.polaris.operator.approval.ApprovalService;
import com.polaris.operator.approval.ApprovalViews;
import com.polaris.operator.approval.ApprovalViews.DecisionView;
import com.polaris.operator.approval.ApprovalViews.Gate;
import com.polaris.operator.approval.GateClosed;
import com.polaris.operator.approval.GateSubject;
import com.polaris.operator.audit.AuditEventType;
import com.polaris.operator.audit.AuditLog;
import com.polaris.operator.catalog.Catalog;
import com.polaris.operator.catalog.Tool;
import com.polaris.operator.conversation.Conversations.Message;
import com.polaris.operator.identity.Caller;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The approvals of actions: an action opens an approval gate when it needs a person, and this class
 * shows each gate with its action and takes people's decisions on it; {@link ApprovalOutcomes}
 * applies what the gate decided to the action, in the deciding transaction.
 */
@Service
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class ActionApprovals {

    private final ApprovalService approvals;
    private final ApprovalViews views;
    private final ApprovalOutcomes outcomes;
    private final ActionService actions;
    private final Actions records;
    private final Catalog catalog;
    private final ProposalChecks checks;
    private final RunGate gate;
    private final Reviewing reviewing;
    private final AuditLog audit;
    private final TransactionTemplate tx;
    private final JsonMapper json;
    private final ReviewMessages reviewMessages;
    private final List<BatchGates> batches;

    /**
     * An approval as the API and the console show it. {@code changes} is what a retry changed in the
     * arguments since they were last approved (each {@code {"field", "from", "to"}}), or null;
     * {@code required} distinct members must approve its current {@code version}, {@code approvedBy}
     * have; {@code mayDecide} says whether the caller may decide it now; {@code conversationMessages}
     * are the recent messages of the action's conversation a reviewer sees ({@link ReviewMessages}). An
     * approval of a batch has no {@code action} (and no messages) and carries the {@code batch} instead.
     */
    public record ApprovalView(
            String id,
            String status,
            @Nullable ActionView action,

            @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
            @Nullable
            BatchSubject batch,

            Instant requestedAt,
            @Nullable Instant expiresAt,
            List<DecisionView> decisions,
            @Nullable JsonNode changes,
            int version,
            int required,
            int approvedBy,
            ApprovalViews.ReviewersView reviewers,
            boolean mayDecide,
            @Nullable String summary,
            @Nullable Instant remindedAt,
            @Nullable Instant escalatedAt,
            boolean blocked,
            List<Message> conversationMessages) {}

    public ApprovalView view(Caller caller, String approvalId) {
        return view(caller, views.gate(caller, approvalId));
    }

    /**
     * A page of the approvals in {@code status} (any status when null), newest first; with
     * {@code forMe}, only those the caller may still decide.
     */
    public Page<ApprovalView> inbox(Caller caller, @Nullable String status, boolean forMe, PageRequest page) {
        return inbox(caller, status, forMe, ApprovalOrder.NEWEST, page);
    }

    /** {@link #inbox(Caller, String, boolean, PageRequest)} in {@code order}: oldest first lists the longest waiting first. */
    public Page<ApprovalView> inbox(
            Caller caller, @Nullable String status, boolean forMe, ApprovalOrder order, PageRequest page) {
        var gates = views.list(caller, status, forMe, order, page);
        var actionGates = gates.items().stream()
                .filter(gate -> gate.subject() == GateSubject.ACTION)
                .toList();
        // The page's approvals are those of its actions, so their statuses need no second reading.
        var actionViews = actions.views(
                caller.workspaceId(),
                actionGates.stream().map(Gate::subjectId).toList(),
                actionGates.stream().collect(Collectors.toMap(Gate::id, Gate::status)));
        var messages = reviewMessages.of(caller.workspaceId(), actionViews.values());
        var batchIds = gates.items().stream()
                .filter(gate -> gate.subject() == GateSubject.BATCH)
                .map(Gate::subjectId)
                .toList();
        Map<String, BatchSubject> shownBatches = batchIds.isEmpty() || batches.isEmpty()
                ? Map.of()
                : batches.getFirst().subjects(caller.workspaceId(), batchIds);
        return gates.map(gate -> view(
                gate,
                actionViews.get(gate.subjectId()),
                shownBatches.get(gate.subjectId()),
                messages.getOrDefault(gate.subjectId(), List.of())));
    }

    /** A page of the approvals in {@code status} (any status when null), newest first. */
    public Page<ApprovalView> inbox(Caller caller, @Nullable String status, PageRequest page) {
        return inbox(caller, status, false, page);
    }

    /** Approves whatever version the approval now has. */
    public ApprovalView approve(Caller caller, String approvalId, @Nullable String comment, @Nullable JsonNode edited) {
        return approve(caller, approvalId, null, comment, edited);
    }

    /** Rejects whatever version the approval now has. */
    public ApprovalView reject(Caller caller, String approvalId, @Nullable String reason) {
        return reject(caller, approvalId, null, reason);
    }

    /** How many approvals of the caller's workspace wait for a decision, counted up to {@code CappedCount.LIMIT}. */
    public long pendingCount(Caller caller) {
        return views.pendingCount(caller);
    }

    /** How many pending approvals the caller may still decide, counted up to {@code CappedCount.LIMIT}. */
    public long decidableCount(Caller caller) {
        return views.decidableCount(caller);
    }

    /**
     * Approves, with the reviewer's edit of the arguments when {@code edited} is not null (the edit
     * starts a new version, decided by the reviewers for the new content). When this approval
     * reaches the quorum, an action that runs immediately has run when this returns.
     */
    public ApprovalView approve(
            Caller caller,
            String approvalId,
            @Nullable Integer version,
            @Nullable String comment,
            @Nullable JsonNode edited) {
        outcomes.decideThenRun(() -> decide(caller, approvalId, version, comment, edited));
        return view(caller, approvalId);
    }

    private void decide(
            Caller caller,
            String approvalId,
            @Nullable Integer version,
            @Nullable String comment,
            @Nullable JsonNode edited) {
        String actionId = approvals.requireReviewer(caller, approvalId);
        if (views.subject(caller.workspaceId(), approvalId) == GateSubject.BATCH) {
            if (edited != null) {
                throw ApiProblem.invalid(
                        "arguments",
                        "a batch's items cannot be edited in its approval: reject it and send a corrected batch");
            }
            lockBatchOrDecided(caller.workspaceId(), actionId, approvalId);
            approvals.approve(caller, approvalId, version, comment, null, null, null);
            return;
        }
        ActionRecord action = lockAwaitingOrDecided(caller.workspaceId(), actionId, approvalId);
        var data = new LinkedHashMap<String, Object>();
        data.put("approvalId", approvalId);
        data.put("comment", comment);
        ApprovalService.Reroute reroute = null;
        String diff = null;
        if (edited != null && !edited.equals(action.arguments())) {
            Tool tool = catalog.find(caller.workspaceId(), action.tool())
                    .orElseThrow(() -> ApiProblem.notFound("The tool"));
            checks.requireValid(tool, edited);
            var changes = ArgumentDiff.between(action.arguments(), edited);
            diff = json.writeValueAsString(changes);
            data.put("argumentsBefore", action.arguments());
            data.put("argumentsAfter", edited);
            data.put("changes", changes);
            action = action.withArguments(edited);
            if (!records.update(action, ActionStatus.PENDING_APPROVAL)) {
                throw new IllegalStateException("Action " + action.id() + " moved while it was locked");
            }
            reroute = reviewing.reroute(action);
        }
        audit.append(
                caller.workspaceId(),
                AuditEventType.APPROVAL_APPROVED,
                caller.actor(),
                ActionTransitions.subject(action.id()),
                action.id(),
                data);
        Tool tool =
                catalog.find(caller.workspaceId(), action.tool()).orElseThrow(() -> ApiProblem.notFound("The tool"));
        approvals.approve(caller, approvalId, version, comment, reroute, diff, gate.digest(action, tool));
    }

    public ApprovalView reject(Caller caller, String approvalId, @Nullable Integer version, @Nullable String reason) {
        tx.executeWithoutResult(status -> {
            String actionId = approvals.requireReviewer(caller, approvalId);
            if (views.subject(caller.workspaceId(), approvalId) == GateSubject.BATCH) {
                lockBatchOrDecided(caller.workspaceId(), actionId, approvalId);
            } else {
                lockAwaitingOrDecided(caller.workspaceId(), actionId, approvalId);
            }
            approvals.reject(caller, approvalId, version, reason);
        });
        return view(caller, approvalId);
    }

    /** Locks the batch before its approval is decided; a batch no longer waiting makes it already decided. */
    private void lockBatchOrDecided(String workspaceId, String batchId, String approvalId) {
        try {
            batches.getFirst().lockAwaiting(workspaceId, batchId, approvalId);
        } catch (GateClosed closed) {
            throw ApiProblem.conflict("approval-already-decided", "This approval has already been decided.");
        }
    }

    /**
     * Locks the action before its approval is decided, the order cancelling takes too; an action no
     * longer waiting for this approval makes the approval already decided.
     */
    private ActionRecord lockAwaitingOrDecided(String workspaceId, String actionId, String approvalId) {
        try {
            return outcomes.lockAwaiting(workspaceId, actionId, approvalId);
        } catch (GateClosed closed) {
            throw ApiProblem.conflict("approval-already-decided", "This approval has already been decided.");
        }
    }

    private ApprovalView view(Caller caller, Gate gate) {
        if (gate.subject() == GateSubject.BATCH) {
            var shown = batches.isEmpty()
                    ? null
                    : batches.getFirst()
                            .subjects(caller.workspaceId(), List.of(gate.subjectId()))
                            .get(gate.subjectId());
            return view(gate, null, shown, List.of());
        }
        ActionView action = actions.view(caller.workspaceId(), gate.subjectId());
        return view(gate, action, null, reviewMessages.of(caller.workspaceId(), action));
    }

    private ApprovalView view(
            Gate gate, @Nullable ActionView action, @Nullable BatchSubject batch, List<Message> messages) {
        return new ApprovalView(
                gate.id(),
                gate.status(),
                action,
                batch,
                gate.requestedAt(),
                gate.expiresAt(),
                gate.decisions(),
                gate.changes(),
                gate.version(),
                gate.required(),
                gate.approvedBy(),
                gate.reviewers(),
                gate.mayDecide(),
                gate.summary(),
                gate.remindedAt(),
                gate.escalatedAt(),
                gate.blocked(),
                messages);
    }
}
