package com.polaris.operator.notification;

import com.polaris.operator.job.ClaimedJob;
import com.polaris.operator.job.JobHandler;
import com.polaris.operator.job.Jobs;
import com.polaris.operator.workspace.BusinessHoursSchedules;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import lombok.RequiredArgsConstructor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The daily digest: once a day per workspace, at {@link NotificationSettings#digestAt} in the
 * workspace's business-hours time zone, every member who wants it ({@code dailyDigest}) and may
 * decide at least one pending approval gets one email listing them ({@link DigestEmails}).
 *
 * <p>Each workspace has one durable digest job. It is created once, with the workspace's row in
 * {@code notification_digests} (whichever node inserts that row enqueues the job, so there is never a
 * second), and it enqueues one email job per member and its own next run in one transaction: a
 * digest fires once on any node, and a node stopping mid-way loses nothing and sends nothing twice
 * (an email job is sent again only when its node died between sending and recording it, with the same
 * {@code Message-ID}).
 */
@Component
@RequiredArgsConstructor
class DailyDigests implements JobHandler {

    static final String JOB = "notification.digest";

    private final JdbcClient jdbc;
    private final Jobs jobs;
    private final EmailSender sender;
    private final BusinessHoursSchedules schedules;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final NotificationSettings settings;

    /** The first instant after {@code after} whose local time in {@code zone} is {@code at} (or just after a gap). */
    static Instant nextRun(ZoneId zone, LocalTime at, Instant after) {
        ZonedDateTime local = after.atZone(zone);
        ZonedDateTime candidate = ZonedDateTime.of(local.toLocalDate(), at, zone);
        if (!candidate.toInstant().isAfter(after)) {
            candidate = ZonedDateTime.of(local.toLocalDate().plusDays(1), at, zone);
        }
        return candidate.toInstant();
    }

    private Instant nextRun(String workspaceId) {
        return nextRun(schedules.of(workspaceId).timezone(), settings.digestTime(), clock.instant());
    }

    /**
     * Schedules the digest of each workspace that has none yet (new workspaces); run on every node.
     * Without SMTP there is no digest to send, and no job is written.
     */
    @Scheduled(
            fixedDelayString = "${polaris.notifications.digest-check:1m}",
            initialDelayString = "${polaris.notifications.digest-check:1m}")
    void scheduleNew() {
        if (!sender.configured()) {
            return;
        }
        List<String> unscheduled = jdbc.sql("""
                        select w.id from workspaces w
                        where not exists (select 1 from notification_digests d where d.workspace_id = w.id)
                        order by w.id limit 500""").query(String.class).list();
        for (String workspaceId : unscheduled) {
            Instant next = nextRun(workspaceId);
            tx.executeWithoutResult(status -> {
                if (jdbc.sql("insert into notification_digests (workspace_id, next_at) values (?, ?)"
                                        + " on conflict do nothing")
                                .params(workspaceId, Timestamp.from(next))
                                .update()
                        == 1) {
                    jobs.enqueue(workspaceId, JOB, workspaceId, next);
                }
            });
        }
    }

    @Override
    public String kind() {
        return JOB;
    }

    /** The workspace's digest: one email job per member who gets one, and the next digest, together. */
    @Override
    public void handle(ClaimedJob job) {
        String workspaceId = job.workspaceId();
        Instant next = nextRun(workspaceId);
        tx.executeWithoutResult(status -> {
            if (sender.configured()) {
                Instant now = clock.instant();
                jobs.enqueueAll(recipients(workspaceId).stream()
                        .map(member -> new Jobs.NewJob(workspaceId, DigestEmails.JOB, member, now))
                        .toList());
            }
            jdbc.sql("update notification_digests set next_at = ? where workspace_id = ?")
                    .params(Timestamp.from(next), workspaceId)
                    .update();
            jobs.complete(job);
            jobs.enqueue(workspaceId, JOB, workspaceId, next);
        });
    }

    /** The members who want the digest and may decide at least one pending approval. */
    List<String> recipients(String workspaceId) {
        return jdbc.sql("""
                        select m.id from members m left join member_preferences p on p.member_id = m.id
                        where m.workspace_id = ? and coalesce(p.daily_digest, true)
                          and exists (select 1 from approval_reviewers r join approvals a on a.id = r.approval_id
                                      where r.workspace_id = m.workspace_id and r.member_id = m.id
                                        and a.status = 'pending')
                        order by m.id""").param(workspaceId).query(String.class).list();
    }
}
