package com.polaris.operator.approval;

import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.Page;
import com.polaris.operator.api.PageRequest;
import com.polaris.operator.identity.Caller;
import com.polaris.operator.identity.Role;
import com.polaris.operator.job.ClaimedJob;
import com.polaris.operator.job.JobHandler;
import com.polaris.operator.job.Jobs;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Approval as a gate that a subject (an action) opens and a person decides. Only owners, admins and
 * reviewers decide, never the member who proposed the subject; of two concurrent decisions exactly
 * one wins (the approval's conditional update from pending).
 *
 * <p>This module never calls its subjects. It announces a decision or an expiry as an event
 * ({@link ApprovalGranted}, {@link ApprovalRejected}, {@link ApprovalExpired}) published inside the
 * deciding transaction, which the subject's module handles synchronously, so the decided gate and
 * its subject's new state commit together or not at all. A subject that no longer waits for the
 * gate says so with {@link GateClosed}: the decision is then refused as already made.
 */
@Service
public class ApprovalService implements JobHandler {

    static final String EXPIRE_JOB = "approval.expire";

    private final Approvals approvals;
    private final Jobs jobs;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final JsonMapper json;

    ApprovalService(
            Approvals approvals,
            Jobs jobs,
            ApplicationEventPublisher events,
            TransactionTemplate tx,
            Clock clock,
            JsonMapper json) {
        this.approvals = approvals;
        this.jobs = jobs;
        this.events = events;
        this.tx = tx;
        this.clock = clock;
        this.json = json;
    }

    /**
     * A gate as it stands. {@code changes} is what changed in the subject's arguments since they were
     * last approved (each {@code {"field", "from", "to"}}), or null.
     */
    public record Gate(
            String id,
            String status,
            String subjectId,
            String requestedById,
            Instant requestedAt,
            @Nullable Instant expiresAt,
            List<DecisionView> decisions,
            @Nullable JsonNode changes) {}

    public record DecisionView(
            By by, String decision, @Nullable String comment, Instant at) {}

    public record By(String id, String name) {}

    /** What a subject asks for when it opens a gate. */
    public record NewGate(
            String id,
            String workspaceId,
            String subjectId,
            String requestedById,
            Instant requestedAt,
            Instant expiresAt,
            @Nullable List<Map<String, Object>> changes) {}

    /** Opens a gate in the subject's transaction; it expires at {@code expiresAt} unless decided. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void open(NewGate gate) {
        approvals.insert(
                gate.id(),
                gate.workspaceId(),
                gate.subjectId(),
                gate.requestedById(),
                gate.requestedAt(),
                gate.expiresAt(),
                gate.changes() == null ? null : json.writeValueAsString(gate.changes()));
        jobs.enqueue(gate.workspaceId(), EXPIRE_JOB, gate.id(), gate.expiresAt());
        events.publishEvent(new ApprovalNotice(
                gate.workspaceId(),
                ApprovalNotice.Kind.REQUESTED,
                gate.id(),
                gate.subjectId(),
                new ApprovalNotice.Audience(
                        Set.of(Role.OWNER, Role.ADMIN, Role.REVIEWER), Set.of(), Set.of(gate.requestedById())),
                "An action waits for your approval."));
    }

    /** Closes a pending gate whose subject was cancelled, in the subject's transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void withdraw(String workspaceId, String approvalId) {
        approvals.decide(workspaceId, approvalId, "cancelled", clock.instant());
        jobs.cancel(workspaceId, EXPIRE_JOB, approvalId);
    }

    /** The status of each of these gates (pending, approved, rejected, expired or cancelled), by id. */
    public Map<String, String> statuses(String workspaceId, Collection<String> approvalIds) {
        return approvals.statuses(workspaceId, approvalIds);
    }

    public Gate gate(Caller caller, String approvalId) {
        caller.requireMember();
        return gate(approvals
                .find(caller.workspaceId(), approvalId)
                .orElseThrow(() -> ApiProblem.notFound("The approval")));
    }

    /**
     * A page of the gates in {@code status} (any status when null), newest first.
     */
    public Page<Gate> list(Caller caller, @Nullable String status, PageRequest page) {
        caller.requireMember();
        return approvals.list(caller.workspaceId(), status, page).map(this::gate);
    }

    /** How many approvals of the caller's workspace wait for a decision. */
    public long pendingCount(Caller caller) {
        caller.requireMember();
        return approvals.countPending(caller.workspaceId());
    }

    private Gate gate(Approvals.ApprovalRow row) {
        var decisions = approvals.decisions(row.id()).stream()
                .map(d -> new DecisionView(new By(d.memberId(), d.memberName()), d.decision(), d.comment(), d.at()))
                .toList();
        return new Gate(
                row.id(),
                row.status(),
                row.actionId(),
                row.requestedById(),
                row.requestedAt(),
                row.expiresAt(),
                decisions,
                row.changes() == null ? null : json.readTree(row.changes()));
    }

    /**
     * Approves a pending gate, with the reviewer's edit of the subject's arguments ({@code edited}, and
     * what it changed, {@code argumentsDiff}, as JSON) when there is one. Runs in the caller's
     * transaction when there is one, so a subject's work after commit waits for it.
     */
    public void approve(
            Caller caller,
            String approvalId,
            @Nullable String comment,
            @Nullable JsonNode edited,
            @Nullable String argumentsDiff) {
        tx.executeWithoutResult(status -> {
            var row = decidable(caller, approvalId);
            Instant now = clock.instant();
            announce(new ApprovalGranted(
                    caller.workspaceId(), approvalId, row.actionId(), caller.actor(), comment, edited));
            if (!approvals.decide(caller.workspaceId(), approvalId, "approved", now)) {
                throw alreadyDecided();
            }
            approvals.addDecision(
                    approvalId,
                    caller.workspaceId(),
                    caller.id(),
                    caller.name(),
                    "approve",
                    comment,
                    argumentsDiff,
                    now);
            jobs.cancel(caller.workspaceId(), EXPIRE_JOB, approvalId);
        });
    }

    public void reject(Caller caller, String approvalId, @Nullable String reason) {
        tx.executeWithoutResult(status -> {
            var row = decidable(caller, approvalId);
            if (reason == null || reason.isBlank()) {
                throw ApiProblem.invalid("reason", "is required to reject");
            }
            if (reason.length() > 2000) {
                throw ApiProblem.invalid("reason", "must be at most 2000 characters");
            }
            Instant now = clock.instant();
            announce(new ApprovalRejected(caller.workspaceId(), approvalId, row.actionId(), caller.actor(), reason));
            if (!approvals.decide(caller.workspaceId(), approvalId, "rejected", now)) {
                throw alreadyDecided();
            }
            approvals.addDecision(
                    approvalId, caller.workspaceId(), caller.id(), caller.name(), "reject", reason, null, now);
            jobs.cancel(caller.workspaceId(), EXPIRE_JOB, approvalId);
        });
    }

    /** Expires a still-pending approval when its time is up; a decided one is left alone. */
    @Override
    public void handle(ClaimedJob job) {
        tx.executeWithoutResult(status -> {
            var row = approvals.find(job.workspaceId(), job.subjectId()).orElse(null);
            Instant now = clock.instant();
            if (row != null && "pending".equals(row.status()) && row.expiresAt() != null) {
                if (row.expiresAt().isAfter(now)) {
                    jobs.reschedule(job, row.expiresAt(), "");
                    return;
                }
                boolean subjectWaited;
                try {
                    events.publishEvent(new ApprovalExpired(job.workspaceId(), row.id(), row.actionId()));
                    subjectWaited = true;
                } catch (GateClosed closed) {
                    subjectWaited = false;
                }
                if (subjectWaited) {
                    approvals.decide(job.workspaceId(), row.id(), "expired", now);
                }
            }
            jobs.complete(job);
        });
    }

    @Override
    public String kind() {
        return EXPIRE_JOB;
    }

    private Approvals.ApprovalRow decidable(Caller caller, String approvalId) {
        caller.requireMember();
        var row =
                approvals.find(caller.workspaceId(), approvalId).orElseThrow(() -> ApiProblem.notFound("The approval"));
        caller.requireRole(Role.OWNER, Role.ADMIN, Role.REVIEWER);
        if (row.requestedById().equals(caller.id())) {
            throw ApiProblem.forbidden("You proposed this action, so someone else must decide it.");
        }
        if (!"pending".equals(row.status())) {
            throw alreadyDecided();
        }
        return row;
    }

    /**
     * Lets the subject act on a decision first: it locks its row, the same lock cancelling takes
     * first, so deciders and cancellers queue in one order and never deadlock.
     */
    private void announce(Object decision) {
        try {
            events.publishEvent(decision);
        } catch (GateClosed closed) {
            throw alreadyDecided();
        }
    }

    private static ApiProblem alreadyDecided() {
        return ApiProblem.conflict("approval-already-decided", "This approval has already been decided.");
    }
}
