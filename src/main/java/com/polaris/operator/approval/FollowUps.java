package com.polaris.operator.approval;

import com.polaris.operator.job.ClaimedJob;
import com.polaris.operator.job.JobHandler;
import com.polaris.operator.job.Jobs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The follow-up of an open approval: a reminder to those who may still decide it and an escalation
 * to owners and admins, each a durable job. Each fires at most once per approval on any node and
 * across restarts: the job queue runs it at least once, and the approval's row lock with its
 * {@code reminded_at} / {@code escalated_at} makes a second run find the work done.
 */
@Configuration(proxyBeanMethods = false)
class FollowUps {

    static final String REMIND_JOB = "approval.remind";
    static final String ESCALATE_JOB = "approval.escalate";

    /** Schedules the follow-ups a policy asks for, when they come before the approval expires. */
    static void schedule(
            Jobs jobs,
            String workspaceId,
            String approvalId,
            Instant requestedAt,
            Instant expiresAt,
            @Nullable Duration remindAfter,
            @Nullable Duration escalateAfter) {
        if (remindAfter != null && requestedAt.plus(remindAfter).isBefore(expiresAt)) {
            jobs.enqueue(workspaceId, REMIND_JOB, approvalId, requestedAt.plus(remindAfter));
        }
        if (escalateAfter != null && requestedAt.plus(escalateAfter).isBefore(expiresAt)) {
            jobs.enqueue(workspaceId, ESCALATE_JOB, approvalId, requestedAt.plus(escalateAfter));
        }
    }

    /** Drops the follow-ups of an approval that is decided or withdrawn. */
    static void cancel(Jobs jobs, String workspaceId, String approvalId) {
        jobs.cancel(workspaceId, REMIND_JOB, approvalId);
        jobs.cancel(workspaceId, ESCALATE_JOB, approvalId);
    }

    @Bean
    JobHandler approvalReminders(
            Approvals approvals,
            Jobs jobs,
            JdbcClient jdbc,
            ApplicationEventPublisher events,
            TransactionTemplate tx,
            Clock clock) {
        return new Handler(REMIND_JOB, tx, jobs, (job) -> {
            var row = approvals.lock(job.workspaceId(), job.subjectId()).orElse(null);
            if (row == null || !"pending".equals(row.status()) || row.remindedAt() != null) {
                return;
            }
            approvals.mark(row.id(), Approvals.Moment.REMINDED_AT, clock.instant());
            var waiting = Set.copyOf(jdbc.sql("select member_id from approval_reviewers where approval_id = ?")
                    .param(row.id())
                    .query(String.class)
                    .list());
            if (!waiting.isEmpty()) {
                events.publishEvent(new ApprovalNotice(
                        row.workspaceId(),
                        ApprovalNotice.Kind.REMINDER,
                        row.id(),
                        row.actionId(),
                        ApprovalNotice.Audience.members(waiting),
                        "Still waiting for your decision: "
                                + (row.summary() == null ? "an action needs approval." : row.summary())));
            }
        });
    }

    @Bean
    JobHandler approvalEscalations(Deciding deciding, Jobs jobs, TransactionTemplate tx, Clock clock) {
        return new Handler(
                ESCALATE_JOB, tx, jobs, job -> deciding.escalate(job.workspaceId(), job.subjectId(), clock.instant()));
    }

    private record Handler(String kind, TransactionTemplate tx, Jobs jobs, java.util.function.Consumer<ClaimedJob> work)
            implements JobHandler {

        @Override
        public void handle(ClaimedJob job) {
            tx.executeWithoutResult(status -> {
                work.accept(job);
                jobs.complete(job);
            });
        }
    }
}
