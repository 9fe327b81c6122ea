package com.polaris.operator.batch;

import com.polaris.operator.action.ActionView;
import com.polaris.operator.action.BatchActions;
import com.polaris.operator.action.BatchGates;
import com.polaris.operator.action.BatchSubject;
import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.CanonicalJson;
import com.polaris.operator.approval.ApprovalExpired;
import com.polaris.operator.approval.ApprovalGranted;
import com.polaris.operator.approval.ApprovalRejected;
import com.polaris.operator.approval.GateClosed;
import com.polaris.operator.approval.GateDecided;
import com.polaris.operator.approval.GateSubject;
import com.polaris.operator.audit.AuditEventType;
import com.polaris.operator.audit.AuditLog;
import com.polaris.operator.identity.Actor;
import com.polaris.operator.job.Jobs;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import lombok.RequiredArgsConstructor;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * A batch as its approval gate needs it: shown to reviewers with a sample of its items, locked while
 * a decision is taken, and moved by what the gate decided, in the deciding transaction (a plain
 * {@link EventListener}, so the decided gate and the batch's new state commit together).
 */
@Component
@RequiredArgsConstructor
class BatchApprovals implements BatchGates {

    static final int SAMPLE = 5;

    private final Batches batches;
    private final BatchActions actions;
    private final CanonicalJson canonical;
    private final Jobs jobs;
    private final AuditLog audit;
    private final Clock clock;

    @Override
    public Map<String, BatchSubject> subjects(String workspaceId, Collection<String> batchIds) {
        var shown = new HashMap<String, BatchSubject>();
        batches.findAll(workspaceId, batchIds).forEach((id, row) -> {
            var sample = batches.items(id, 0, SAMPLE).stream()
                    .map(item -> (JsonNode) canonical
                            .mapper()
                            .valueToTree(
                                    item.conversation() == null
                                            ? Map.of("arguments", item.arguments())
                                            : Map.of(
                                                    "arguments",
                                                    item.arguments(),
                                                    "conversation",
                                                    item.conversation())))
                    .toList();
            shown.put(
                    id,
                    new BatchSubject(
                            id,
                            row.tool(),
                            row.status().wire(),
                            row.count(),
                            row.status() == BatchStatus.PENDING_APPROVAL ? Map.of() : actions.counts(workspaceId, id),
                            row.reason(),
                            new ActionView.RequestedBy(
                                    row.requestedByType(), row.requestedById(), row.requestedByName()),
                            sample,
                            "/api/v1/action-batches/" + id + "/submitted-items",
                            row.createdAt()));
        });
        return shown;
    }

    @Override
    public void lockAwaiting(String workspaceId, String batchId, String approvalId) {
        awaiting(workspaceId, batchId, approvalId);
    }

    /** Locks the batch, which must be waiting for the approval {@code approvalId}. */
    private Batches.BatchRow awaiting(String workspaceId, String batchId, String approvalId) {
        var row = batches.lock(workspaceId, batchId).orElseThrow(() -> ApiProblem.notFound("The batch"));
        if (row.status() != BatchStatus.PENDING_APPROVAL || !approvalId.equals(row.approvalId())) {
            throw new GateClosed("The batch is " + row.status().wire() + " and no longer waits for this approval.");
        }
        return row;
    }

    /**
     * Applies the decision of a batch's gate to the batch waiting for it, in the deciding
     * transaction: granted, it starts fanning out; rejected or expired, it ends.
     */
    @EventListener
    void onDecided(GateDecided decided) {
        if (decided.subject() != GateSubject.BATCH) {
            return;
        }
        var row = awaiting(decided.workspaceId(), decided.subjectId(), decided.approvalId());
        switch (decided) {
            case ApprovalGranted granted -> {
                Instant now = clock.instant();
                batches.move(row.id(), BatchStatus.PENDING_APPROVAL, BatchStatus.RUNNING, now, false);
                var data = new LinkedHashMap<String, Object>();
                data.put("approvalId", granted.approvalId());
                data.put("comment", granted.comment());
                record(row, AuditEventType.BATCH_APPROVED, granted.reviewer(), data);
                jobs.enqueue(granted.workspaceId(), BatchFanOut.FAN_OUT_JOB, row.id(), now);
            }
            case ApprovalRejected rejected ->
                end(
                        row,
                        BatchStatus.REJECTED,
                        AuditEventType.BATCH_REJECTED,
                        rejected.reviewer(),
                        Map.of("approvalId", rejected.approvalId(), "reason", rejected.reason()));
            case ApprovalExpired expired ->
                end(
                        row,
                        BatchStatus.EXPIRED,
                        AuditEventType.BATCH_EXPIRED,
                        Actor.SYSTEM,
                        Map.of("approvalId", expired.approvalId()));
        }
    }

    /** Ends a batch its approval rejected, or left to expire, in {@code end}, which {@code event} records. */
    private void end(Batches.BatchRow row, BatchStatus end, AuditEventType event, Actor actor, Map<String, ?> data) {
        batches.move(row.id(), BatchStatus.PENDING_APPROVAL, end, clock.instant(), true);
        record(row, event, actor, data);
    }

    private void record(Batches.BatchRow row, AuditEventType event, Actor actor, Map<String, ?> data) {
        audit.append(row.workspaceId(), event, actor, BatchService.subject(row.id()), null, data);
    }
}
