package com.polaris.operator.approval;

import com.polaris.operator.job.ClaimedJob;
import com.polaris.operator.job.JobHandler;
import com.polaris.operator.job.Jobs;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import lombok.RequiredArgsConstructor;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Expires a gate nobody decided in time. The subject hears of it first ({@link ApprovalExpired}, in
 * the same transaction); a subject that no longer waits ({@link GateClosed}) leaves the gate as it is.
 */
@Component
@RequiredArgsConstructor
class GateExpiry implements JobHandler {

    static final String JOB = "approval.expire";

    private final Approvals approvals;
    private final Jobs jobs;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final Clock clock;

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
                    events.publishEvent(
                            new ApprovalExpired(job.workspaceId(), row.id(), row.actionId(), row.subject()));
                    subjectWaited = true;
                } catch (GateClosed closed) {
                    subjectWaited = false;
                }
                if (subjectWaited) {
                    approvals.decide(job.workspaceId(), row.id(), "expired", now);
                    FollowUps.cancel(jobs, job.workspaceId(), row.id());
                    events.publishEvent(new ApprovalNotice(
                            job.workspaceId(),
                            ApprovalNotice.Kind.EXPIRED,
                            row.id(),
                            row.actionId(),
                            ApprovalNotice.Audience.members(Set.of(row.requestedById())),
                            "Nobody decided in time, so the "
                                    + (row.subject() == GateSubject.BATCH ? "batch" : "action")
                                    + " expired"
                                    + (row.summary() == null ? "." : ": " + row.summary())));
                }
            }
            jobs.complete(job);
        });
    }

    @Override
    public String kind() {
        return JOB;
    }
}
