package com.polaris.operator.approval;

import com.polaris.operator.action.ActionService;
import com.polaris.operator.action.ActionView;
import com.polaris.operator.action.ApprovalRequested;
import com.polaris.operator.action.ApprovalWithdrawn;
import com.polaris.operator.action.ArgumentDiff;
import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.Page;
import com.polaris.operator.identity.Caller;
import com.polaris.operator.identity.Role;
import com.polaris.operator.job.ClaimedJob;
import com.polaris.operator.job.JobHandler;
import com.polaris.operator.job.Jobs;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who may decide, and deciding. Only owners, admins and reviewers decide, never the member who
 * proposed the action; of two concurrent decisions exactly one wins (the approval's conditional
 * update from pending), and the action it releases runs at most once.
 */
@Service
public class ApprovalService implements JobHandler {

    static final String EXPIRE_JOB = "approval.expire";

    private final Approvals approvals;
    private final ActionService actions;
    private final Jobs jobs;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final JsonMapper json;

    ApprovalService(
            Approvals approvals,
            ActionService actions,
            Jobs jobs,
            TransactionTemplate tx,
            Clock clock,
            JsonMapper json) {
        this.approvals = approvals;
        this.actions = actions;
        this.jobs = jobs;
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

    public record DecisionView(
            By by, String decision, @Nullable String comment, Instant at) {}

    public record By(String id, String name) {}

    @EventListener
    void onRequested(ApprovalRequested event) {
        approvals.insert(
                event.approvalId(),
                event.workspaceId(),
                event.actionId(),
                event.requestedById(),
                event.requestedAt(),
                event.expiresAt(),
                event.changes() == null ? null : json.writeValueAsString(event.changes()));
        jobs.enqueue(event.workspaceId(), EXPIRE_JOB, event.approvalId(), event.expiresAt());
    }

    @EventListener
    void onWithdrawn(ApprovalWithdrawn event) {
        approvals.decide(event.workspaceId(), event.approvalId(), "cancelled", clock.instant());
        jobs.cancel(event.workspaceId(), EXPIRE_JOB, event.approvalId());
    }

    public ApprovalView view(Caller caller, String approvalId) {
        caller.requireMember();
        var row =
                approvals.find(caller.workspaceId(), approvalId).orElseThrow(() -> ApiProblem.notFound("The approval"));
        return view(row);
    }

    List<Approvals.ApprovalRow> list(Caller caller, @Nullable String status, @Nullable String after, int limit) {
        caller.requireMember();
        return approvals.list(caller.workspaceId(), status, after, limit);
    }

    /**
     * A page of the approvals in {@code status} (any status when null), newest first, for the
     * console's inbox: the first page, or the one after the approval {@code after}.
     */
    public Page<ApprovalView> inbox(Caller caller, @Nullable String status, @Nullable String after, int limit) {
        return Page.of(list(caller, status, after, limit), limit, Approvals.ApprovalRow::id, this::view);
    }

    /** How many approvals of the caller's workspace wait for a decision. */
    public long pendingCount(Caller caller) {
        caller.requireMember();
        return approvals.countPending(caller.workspaceId());
    }

    ApprovalView view(Approvals.ApprovalRow row) {
        var decisions = approvals.decisions(row.id()).stream()
                .map(d -> new DecisionView(new By(d.memberId(), d.memberName()), d.decision(), d.comment(), d.at()))
                .toList();
        return new ApprovalView(
                row.id(),
                row.status(),
                actions.view(row.workspaceId(), row.actionId()),
                row.requestedAt(),
                row.expiresAt(),
                decisions,
                row.changes() == null ? null : json.readTree(row.changes()));
    }

    public ApprovalView approve(
            Caller caller, String approvalId, @Nullable String comment, @Nullable JsonNode arguments) {
        ClaimedJob runNow = tx.execute(status -> {
            var row = decidable(caller, approvalId);
            Instant now = clock.instant();
            JsonNode before = arguments == null
                    ? null
                    : actions.view(caller.workspaceId(), row.actionId()).arguments();
            ClaimedJob job = whilePending(() -> actions.approved(
                    caller.workspaceId(), approvalId, row.actionId(), caller.actor(), comment, arguments));
            if (!approvals.decide(caller.workspaceId(), approvalId, "approved", now)) {
                throw alreadyDecided();
            }
            String diff = before == null || before.equals(arguments)
                    ? null
                    : json.writeValueAsString(ArgumentDiff.between(before, arguments));
            approvals.addDecision(
                    approvalId, caller.workspaceId(), caller.id(), caller.name(), "approve", comment, diff, now);
            jobs.cancel(caller.workspaceId(), EXPIRE_JOB, approvalId);
            return job;
        });
        if (runNow != null) {
            actions.runNow(runNow);
        }
        return view(caller, approvalId);
    }

    public ApprovalView reject(Caller caller, String approvalId, @Nullable String reason) {
        tx.executeWithoutResult(status -> {
            var row = decidable(caller, approvalId);
            if (reason == null || reason.isBlank()) {
                throw ApiProblem.invalid("reason", "is required to reject");
            }
            if (reason.length() > 2000) {
                throw ApiProblem.invalid("reason", "must be at most 2000 characters");
            }
            Instant now = clock.instant();
            whilePending(() -> {
                actions.rejected(caller.workspaceId(), approvalId, row.actionId(), caller.actor(), reason);
                return null;
            });
            if (!approvals.decide(caller.workspaceId(), approvalId, "rejected", now)) {
                throw alreadyDecided();
            }
            approvals.addDecision(
                    approvalId, caller.workspaceId(), caller.id(), caller.name(), "reject", reason, null, now);
            jobs.cancel(caller.workspaceId(), EXPIRE_JOB, approvalId);
        });
        return view(caller, approvalId);
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
                boolean stillPending = whilePendingOrFalse(() -> {
                    actions.expired(job.workspaceId(), row.id(), row.actionId());
                    return true;
                });
                if (stillPending) {
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
     * Runs the action's side of a decision first: it locks the action row, the same lock
     * cancelling takes first, so deciders and cancellers queue in one order and never deadlock.
     * An action no longer waiting for approval means the approval was already decided.
     */
    private static <T> T whilePending(Supplier<T> decision) {
        try {
            return decision.get();
        } catch (ApiProblem problem) {
            if (problem.status() == HttpStatus.CONFLICT) {
                throw alreadyDecided();
            }
            throw problem;
        }
    }

    private static boolean whilePendingOrFalse(Supplier<Boolean> decision) {
        try {
            return decision.get();
        } catch (ApiProblem problem) {
            if (problem.status() == HttpStatus.CONFLICT) {
                return false;
            }
            throw problem;
        }
    }

    private static ApiProblem alreadyDecided() {
        return ApiProblem.conflict("approval-already-decided", "This approval has already been decided.");
    }
}
