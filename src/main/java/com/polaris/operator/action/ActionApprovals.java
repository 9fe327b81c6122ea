package com.polaris.operator.action;

import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.Page;
import com.polaris.operator.api.PageRequest;
import com.polaris.operator.approval.ApprovalExpired;
import com.polaris.operator.approval.ApprovalGranted;
import com.polaris.operator.approval.ApprovalRejected;
import com.polaris.operator.approval.ApprovalService;
import com.polaris.operator.approval.ApprovalService.DecisionView;
import com.polaris.operator.approval.ApprovalService.Gate;
import com.polaris.operator.approval.GateClosed;
import com.polaris.operator.audit.AuditEventType;
import com.polaris.operator.audit.AuditLog;
import com.polaris.operator.catalog.Catalog;
import com.polaris.operator.catalog.Tool;
import com.polaris.operator.identity.Actor;
import com.polaris.operator.identity.Caller;
import com.polaris.operator.job.ClaimedJob;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The approvals of actions: an action opens an approval gate when it needs a person, and this class
 * shows each gate with its action and applies the gate's decisions to the action, in the deciding
 * transaction (a plain {@link EventListener}, so the decided gate and the action's new state commit
 * together).
 */
@Service
public class ActionApprovals {

    private final ApprovalService approvals;
    private final ActionService actions;
    private final Actions records;
    private final Catalog catalog;
    private final ProposalChecks checks;
    private final RunGate gate;
    private final ActionRelease releases;
    private final ActionTransitions transitions;
    private final AuditLog audit;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final JsonMapper json;

    ActionApprovals(
            ApprovalService approvals,
            ActionService actions,
            Actions records,
            Catalog catalog,
            ProposalChecks checks,
            RunGate gate,
            ActionRelease releases,
            ActionTransitions transitions,
            AuditLog audit,
            TransactionTemplate tx,
            Clock clock,
            JsonMapper json) {
        this.approvals = approvals;
        this.actions = actions;
        this.records = records;
        this.catalog = catalog;
        this.checks = checks;
        this.gate = gate;
        this.releases = releases;
        this.transitions = transitions;
        this.audit = audit;
        this.tx = tx;
        this.clock = clock;
        this.json = json;
    }

    /**
     * An approval as the API and the console show it. {@code changes} is what a retry changed in the
     * arguments since they were last approved (each {@code {"field", "from", "to"}}), or null.
     */
    public record ApprovalView(
            String id,
            String status,
            ActionView action,
            Instant requestedAt,
            @Nullable Instant expiresAt,
            List<DecisionView> decisions,
            @Nullable JsonNode changes) {}

    public ApprovalView view(Caller caller, String approvalId) {
        return view(caller, approvals.gate(caller, approvalId));
    }

    /**
     * A page of the approvals in {@code status} (any status when null), newest first.
     */
    public Page<ApprovalView> inbox(Caller caller, @Nullable String status, PageRequest page) {
        return approvals.list(caller, status, page).map(gate -> view(caller, gate));
    }

    /** How many approvals of the caller's workspace wait for a decision. */
    public long pendingCount(Caller caller) {
        return approvals.pendingCount(caller);
    }

    /**
     * Approves, with the reviewer's edit of the arguments when {@code edited} is not null. An action
     * that runs immediately has run when this returns.
     */
    public ApprovalView approve(Caller caller, String approvalId, @Nullable String comment, @Nullable JsonNode edited) {
        var runNow = new ArrayList<ClaimedJob>(1);
        TransactionSynchronizationManager.bindResource(this, runNow);
        try {
            decide(caller, approvalId, comment, edited);
        } finally {
            TransactionSynchronizationManager.unbindResource(this);
        }
        runNow.forEach(actions::runNow);
        return view(caller, approvalId);
    }

    private void decide(Caller caller, String approvalId, @Nullable String comment, @Nullable JsonNode edited) {
        tx.executeWithoutResult(status -> {
            String diff = null;
            if (edited != null) {
                Gate gate = approvals.gate(caller, approvalId);
                JsonNode before =
                        actions.view(caller.workspaceId(), gate.subjectId()).arguments();
                if (!before.equals(edited)) {
                    diff = json.writeValueAsString(ArgumentDiff.between(before, edited));
                }
            }
            approvals.approve(caller, approvalId, comment, edited, diff);
        });
    }

    public ApprovalView reject(Caller caller, String approvalId, @Nullable String reason) {
        approvals.reject(caller, approvalId, reason);
        return view(caller, approvalId);
    }

    /**
     * Releases an action its approval {@code approvalId} approved: for exactly the content it now has
     * (with the reviewer's edits), which is what {@link RunGate} lets run. It runs now, waits for
     * business hours, or runs at once on the caller's thread (the returned job, to pass to
     * {@link ActionService#runNow} after commit).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    @Nullable
    ClaimedJob approved(
            String workspaceId,
            String approvalId,
            String actionId,
            Actor reviewer,
            @Nullable String comment,
            @Nullable JsonNode editedArguments) {
        ActionRecord action = lockAwaiting(workspaceId, actionId, approvalId);
        Tool tool = catalog.find(workspaceId, action.tool()).orElseThrow(() -> ApiProblem.notFound("The tool"));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("comment", comment);
        if (editedArguments != null && !editedArguments.equals(action.arguments())) {
            data.put("argumentsBefore", action.arguments());
            data.put("argumentsAfter", editedArguments);
            data.put("changes", ArgumentDiff.between(action.arguments(), editedArguments));
            action = action.withArguments(editedArguments);
        }
        // Checked again, edited or not: a custom action's input may have changed since the proposal.
        checks.requireValid(tool, action.arguments());
        audit.append(
                workspaceId,
                AuditEventType.APPROVAL_APPROVED,
                reviewer,
                ActionTransitions.subject(actionId),
                actionId,
                data);
        return releases.release(
                action.approvedAs(gate.digest(action, tool)), ActionStatus.PENDING_APPROVAL, tool, null);
    }

    @Transactional(propagation = Propagation.MANDATORY)
    void rejected(String workspaceId, String approvalId, String actionId, Actor reviewer, String reason) {
        ActionRecord action = lockAwaiting(workspaceId, actionId, approvalId);
        transitions.move(
                action.moveTo(ActionStatus.REJECTED, clock.instant()),
                ActionStatus.PENDING_APPROVAL,
                AuditEventType.APPROVAL_REJECTED,
                reviewer,
                Map.of("reason", reason));
    }

    @Transactional(propagation = Propagation.MANDATORY)
    void expired(String workspaceId, String approvalId, String actionId) {
        ActionRecord action = lockAwaiting(workspaceId, actionId, approvalId);
        transitions.move(
                action.moveTo(ActionStatus.EXPIRED, clock.instant()),
                ActionStatus.PENDING_APPROVAL,
                AuditEventType.APPROVAL_EXPIRED,
                Actor.SYSTEM,
                Map.of());
    }

    /** Locks the action, which must be waiting for the approval {@code approvalId}. */
    private ActionRecord lockAwaiting(String workspaceId, String actionId, String approvalId) {
        ActionRecord action = records.lock(workspaceId, actionId).orElseThrow(() -> ApiProblem.notFound("The action"));
        if (action.status() != ActionStatus.PENDING_APPROVAL || !approvalId.equals(action.approvalId())) {
            throw new GateClosed("The action is " + action.status().wire() + " and no longer waits for this approval.");
        }
        return action;
    }

    @EventListener
    void onGranted(ApprovalGranted granted) {
        ClaimedJob runNow = approved(
                granted.workspaceId(),
                granted.approvalId(),
                granted.subjectId(),
                granted.reviewer(),
                granted.comment(),
                granted.editedArguments());
        if (runNow != null) {
            // approve(...) runs it on its own thread once the decision has committed
            @SuppressWarnings("unchecked")
            var toRun = (List<ClaimedJob>) TransactionSynchronizationManager.getResource(this);
            if (toRun == null) {
                throw new IllegalStateException("An approval with an immediate run was granted outside approve()");
            }
            toRun.add(runNow);
        }
    }

    @EventListener
    void onRejected(ApprovalRejected rejected) {
        rejected(
                rejected.workspaceId(),
                rejected.approvalId(),
                rejected.subjectId(),
                rejected.reviewer(),
                rejected.reason());
    }

    @EventListener
    void onExpired(ApprovalExpired expired) {
        expired(expired.workspaceId(), expired.approvalId(), expired.subjectId());
    }

    private ApprovalView view(Caller caller, Gate gate) {
        return new ApprovalView(
                gate.id(),
                gate.status(),
                actions.view(caller.workspaceId(), gate.subjectId()),
                gate.requestedAt(),
                gate.expiresAt(),
                gate.decisions(),
                gate.changes());
    }
}
