package com.polaris.operator.action;

import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.approval.ApprovalExpired;
import com.polaris.operator.approval.ApprovalGranted;
import com.polaris.operator.approval.ApprovalRejected;
import com.polaris.operator.approval.GateClosed;
import com.polaris.operator.approval.GateDecided;
import com.polaris.operator.approval.GateSubject;
import com.polaris.operator.audit.AuditEventType;
import com.polaris.operator.catalog.Catalog;
import com.polaris.operator.catalog.Tool;
import com.polaris.operator.identity.Actor;
import com.polaris.operator.job.ClaimedJob;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies what an action's approval gate decided to the action, in the deciding transaction (a
 * plain {@link EventListener}, so the decided gate and the action's new state commit together).
 */
@Component
@RequiredArgsConstructor
class ApprovalOutcomes {

    private final ActionService actions;
    private final Actions records;
    private final Catalog catalog;
    private final ProposalChecks checks;
    private final RunGate gate;
    private final ActionRelease releases;
    private final ActionTransitions transitions;
    private final TransactionTemplate tx;
    private final Clock clock;

    /**
     * Runs {@code decision} in a transaction. An action that the decision released to run at once
     * runs after commit, on the caller's thread, so it has run when this returns.
     */
    void decideThenRun(Runnable decision) {
        var runNow = new ArrayList<ClaimedJob>(1);
        TransactionSynchronizationManager.bindResource(this, runNow);
        try {
            tx.executeWithoutResult(status -> decision.run());
        } finally {
            TransactionSynchronizationManager.unbindResource(this);
        }
        runNow.forEach(actions::runNow);
    }

    /**
     * Releases an action its approval approved: for exactly the content it now has (with the
     * reviewer's edits), which is what {@link RunGate} lets run. It runs now, waits for business
     * hours, or runs at once on the caller's thread (the returned job, to pass to
     * {@link ActionService#runNow} after commit).
     */
    private @Nullable ClaimedJob approved(ActionRecord action) {
        Tool tool =
                catalog.find(action.workspaceId(), action.tool()).orElseThrow(() -> ApiProblem.notFound("The tool"));
        // Checked again, edited or not: a custom action's input may have changed since the proposal.
        checks.requireValid(tool, action.arguments());
        return releases.release(
                action.approvedAs(gate.digest(action, tool)), ActionStatus.PENDING_APPROVAL, tool, null);
    }

    /** Ends an action its approval rejected, or left to expire, in {@code end}, which {@code event} records. */
    private void end(ActionRecord action, ActionStatus end, AuditEventType event, Actor actor, Map<String, ?> data) {
        transitions.move(action.moveTo(end, clock.instant()), ActionStatus.PENDING_APPROVAL, event, actor, data);
    }

    /** Locks the action, which must be waiting for the approval {@code approvalId}. */
    ActionRecord lockAwaiting(String workspaceId, String actionId, String approvalId) {
        ActionRecord action = records.lock(workspaceId, actionId).orElseThrow(() -> ApiProblem.notFound("The action"));
        if (action.status() != ActionStatus.PENDING_APPROVAL || !approvalId.equals(action.approvalId())) {
            throw new GateClosed("The action is " + action.status().wire() + " and no longer waits for this approval.");
        }
        return action;
    }

    /** Applies the decision of an action's gate to the action waiting for it, in the deciding transaction. */
    @EventListener
    void onDecided(GateDecided decided) {
        if (decided.subject() != GateSubject.ACTION) {
            return;
        }
        ActionRecord action = lockAwaiting(decided.workspaceId(), decided.subjectId(), decided.approvalId());
        switch (decided) {
            case ApprovalGranted granted -> runAfterCommit(approved(action));
            case ApprovalRejected rejected ->
                end(
                        action,
                        ActionStatus.REJECTED,
                        AuditEventType.APPROVAL_REJECTED,
                        rejected.reviewer(),
                        Map.of("reason", rejected.reason()));
            case ApprovalExpired expired ->
                end(action, ActionStatus.EXPIRED, AuditEventType.APPROVAL_EXPIRED, Actor.SYSTEM, Map.of());
        }
    }

    /** ActionApprovals.approve(...) runs an immediate run on its own thread once the decision has committed. */
    private void runAfterCommit(@Nullable ClaimedJob runNow) {
        if (runNow != null) {
            @SuppressWarnings("unchecked")
            var toRun = (List<ClaimedJob>) TransactionSynchronizationManager.getResource(this);
            if (toRun == null) {
                throw new IllegalStateException("An approval with an immediate run was granted outside approve()");
            }
            toRun.add(runNow);
        }
    }
}
