package com.polaris.operator.operator;

import com.polaris.operator.Ids;
import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.conversation.CustomerMessageAdded;
import com.polaris.operator.conversation.MessageChannel;
import com.polaris.operator.database.SeparateTransactions;
import com.polaris.operator.identity.Caller;
import com.polaris.operator.job.ClaimedJob;
import com.polaris.operator.job.JobHandler;
import com.polaris.operator.job.Jobs;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Prepares conversations in the background when the workspace's model has {@code autoPrepare}. A new
 * customer message (in the transaction that stores it) sets its conversation's next preparation a
 * debounce interval ({@code polaris.operator.debounce}, 3 s) ahead and makes sure one job is queued for
 * it; later messages push that time back without queuing another, so a burst of messages gives one
 * preparation. One row per conversation ({@code operator_preparations}, locked while it changes) keeps
 * one job per conversation, so two preparations of a conversation never run at once: a message that
 * arrives while one runs re-arms the same job once it ends. A {@code web_widget} conversation is
 * prepared at most once per {@code polaris.operator.widget-interval} (a minute).
 *
 * <p>The proposal is requested by the operator on behalf of the system ({@code {"type": "system",
 * "id": "auto_prepare"}}): nobody is excluded from deciding it, and it sees only published tools, as an
 * integration key does. A failed preparation is logged without any message text and never retried:
 * the next customer message prepares again.
 */
@Component
@RequiredArgsConstructor
class AutoPrepare implements JobHandler {

    static final String JOB = "operator.prepare";
    static final String SYSTEM_ID = "auto_prepare";

    /** How long past its time a queued preparation may be before it counts as lost and is queued again. */
    private static final Duration STALE = Duration.ofMinutes(15);

    private static final Logger log = LoggerFactory.getLogger(AutoPrepare.class);

    private final JdbcClient jdbc;
    private final Jobs jobs;
    private final OperatorModels models;
    private final Operator operator;
    private final SeparateTransactions tx;
    private final Clock clock;

    @Value("${polaris.operator.debounce:3s}")
    private final Duration debounce;

    @Value("${polaris.operator.widget-interval:60s}")
    private final Duration widgetInterval;

    /** One conversation's background preparation, as stored. */
    private record Row(
            String conversationId,
            String jobSubject,
            String channel,
            Instant dueAt,
            boolean queued,
            @Nullable Instant lastPreparedAt) {}

    /**
     * Arms the conversation's preparation in the transaction that stores the message: both commit or
     * neither, so a crash right after a message was accepted loses no preparation.
     */
    @EventListener
    void customerWrote(CustomerMessageAdded added) {
        arm(added);
    }

    private void arm(CustomerMessageAdded added) {
        String workspaceId = added.workspaceId();
        var model = models.find(workspaceId).orElse(null);
        if (model == null || !model.autoPrepare()) {
            return;
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        jdbc.sql("""
                        insert into operator_preparations
                            (workspace_id, conversation_id, job_subject, channel, due_at, queued, last_prepared_at)
                        values (?, ?, ?, ?, ?, false, null) on conflict do nothing""")
                .params(
                        workspaceId,
                        added.conversationId(),
                        Ids.next("opp"),
                        added.channel().wire(),
                        Timestamp.from(now))
                .update();
        Row row = lock(workspaceId, "conversation_id", added.conversationId());
        if (row == null) {
            return;
        }
        Instant due = earliest(row, now.plus(debounce));
        jdbc.sql(
                        "update operator_preparations set due_at = ?, queued = true where workspace_id = ? and conversation_id = ?")
                .params(Timestamp.from(due), workspaceId, row.conversationId())
                .update();
        // A job that should have run long ago was set aside by the queue (it kept failing): queue a new one.
        boolean stale = row.queued() && row.dueAt().isBefore(now.minus(STALE));
        if (!row.queued() || stale) {
            if (stale) {
                jobs.cancel(workspaceId, JOB, row.jobSubject());
            }
            jobs.enqueue(workspaceId, JOB, row.jobSubject(), due);
        }
    }

    /** {@code wanted}, or later when the conversation is a web widget's prepared less than the interval ago. */
    private Instant earliest(Row row, Instant wanted) {
        if (MessageChannel.WEB_WIDGET.wire().equals(row.channel()) && row.lastPreparedAt() != null) {
            Instant allowed = row.lastPreparedAt().plus(widgetInterval);
            return allowed.isAfter(wanted) ? allowed : wanted;
        }
        return wanted;
    }

    @Override
    public String kind() {
        return JOB;
    }

    @Override
    public void handle(ClaimedJob job) {
        Instant started = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Row row = tx.execute(status -> {
            Row locked = lock(job.workspaceId(), "job_subject", job.subjectId());
            if (locked == null) {
                jobs.complete(job);
                return null;
            }
            if (locked.dueAt().isAfter(started)) {
                jobs.reschedule(job, locked.dueAt(), "waiting for the conversation to settle");
                return null;
            }
            return locked;
        });
        if (row == null) {
            return;
        }
        prepare(job.workspaceId(), row.conversationId());
        tx.executeWithoutResult(status -> {
            Row now = lock(job.workspaceId(), "job_subject", job.subjectId());
            if (now == null) {
                jobs.complete(job);
                return;
            }
            if (now.dueAt().isAfter(started)) {
                Instant due = earliest(
                        new Row(now.conversationId(), now.jobSubject(), now.channel(), now.dueAt(), true, started),
                        now.dueAt());
                jdbc.sql("""
                                update operator_preparations set last_prepared_at = ?, due_at = ?
                                where workspace_id = ? and job_subject = ?""")
                        .params(Timestamp.from(started), Timestamp.from(due), job.workspaceId(), job.subjectId())
                        .update();
                jobs.reschedule(job, due, "a customer wrote again while it was prepared");
                return;
            }
            jdbc.sql("""
                            update operator_preparations set last_prepared_at = ?, queued = false
                            where workspace_id = ? and job_subject = ?""")
                    .params(Timestamp.from(started), job.workspaceId(), job.subjectId())
                    .update();
            jobs.complete(job);
        });
    }

    /** Prepares once; every failure is logged (without message text) and dropped. */
    private void prepare(String workspaceId, String conversationId) {
        var system = new Caller(workspaceId, Caller.Type.SYSTEM, SYSTEM_ID, "Automatic preparation", null);
        try {
            operator.prepare(system, conversationId);
        } catch (ApiProblem refused) {
            log.info(
                    "The background preparation of a conversation of workspace {} was refused: {}",
                    workspaceId,
                    refused.slug());
        } catch (Operator.NotConfigured notConfigured) {
            log.info(
                    "The background preparation of a conversation of workspace {} was skipped: no usable model",
                    workspaceId);
        } catch (RuntimeException e) {
            log.warn(
                    "The background preparation of a conversation of workspace {} failed ({}); it is not retried",
                    workspaceId,
                    e.getClass().getSimpleName());
        }
    }

    private @Nullable Row lock(String workspaceId, String column, String value) {
        return jdbc.sql("""
                        select conversation_id, job_subject, channel, due_at, queued, last_prepared_at
                        from operator_preparations where workspace_id = ? and %s = ? for update""".formatted(column))
                .params(workspaceId, value)
                .query((rs, n) -> new Row(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getTimestamp(4).toInstant(),
                        rs.getBoolean(5),
                        rs.getTimestamp(6) == null ? null : rs.getTimestamp(6).toInstant()))
                .optional()
                .orElse(null);
    }
}
