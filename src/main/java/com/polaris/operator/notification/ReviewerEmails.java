package com.polaris.operator.notification;

import com.polaris.operator.installation.PublicUrl;
import com.polaris.operator.job.ClaimedJob;
import com.polaris.operator.job.JobHandler;
import com.polaris.operator.job.Jobs;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reviewers hear of approvals by email too, grouped: the first notification for a reviewer sets a
 * job, keyed by the member, due {@link NotificationSettings#emailDelay} later; notifications arriving
 * before it runs join the same email. Each member's mailbox row is locked by whoever adds to it and
 * by the job that empties it, so a notification either joins the email on its way or sets the next
 * one, and none is left without a job.
 *
 * <p>The job first claims what waits (its batch, named by the job, so a job run again after a crash
 * claims the same notifications and sends the same {@code Message-ID}), commits, sends, and then
 * removes the batch and ends the job together. An email is sent again only when the node died
 * between sending and that last commit.
 */
@Component
@RequiredArgsConstructor
class ReviewerEmails implements JobHandler {

    static final String JOB = "notification.email";

    private static final Logger log = LoggerFactory.getLogger(ReviewerEmails.class);
    private static final int INSERT_CHUNK = 100;

    private final JdbcClient jdbc;
    private final Jobs jobs;
    private final EmailSender sender;
    private final PublicUrl publicUrl;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final NotificationSettings settings;

    /** Puts the notification in the mailbox of each member who wants approval email, in the notifying transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    void queue(String workspaceId, String notificationId, List<Audiences.Recipient> recipients) {
        List<String> members = recipients.stream()
                .filter(Audiences.Recipient::emailOnApproval)
                .map(Audiences.Recipient::memberId)
                .sorted()
                .toList();
        if (members.isEmpty() || !sender.configured()) {
            return;
        }
        insertRows(
                "insert into notification_emails (member_id, notification_id, workspace_id) values ",
                "(?, ?, ?)",
                members,
                m -> List.of(m, notificationId, workspaceId));
        insertRows(
                "insert into notification_mailboxes (member_id, workspace_id) values ",
                "(?, ?)",
                members,
                m -> List.of(m, workspaceId));
        List<String> idle = jdbc
                .sql("""
                        select member_id, due_at from notification_mailboxes where member_id in (:members)
                        order by member_id for update""")
                .param("members", members)
                .query((rs, n) -> rs.getTimestamp("due_at") == null ? rs.getString("member_id") : null)
                .list()
                .stream()
                .filter(Objects::nonNull)
                .toList();
        if (idle.isEmpty()) {
            return;
        }
        Instant due = clock.instant().plus(settings.emailDelay());
        jdbc.sql("update notification_mailboxes set due_at = :due where member_id in (:members)")
                .param("due", Timestamp.from(due))
                .param("members", idle)
                .update();
        jobs.enqueueAll(idle.stream()
                .map(m -> new Jobs.NewJob(workspaceId, JOB, m, due))
                .toList());
    }

    private void insertRows(String insert, String row, List<String> members, Function<String, List<Object>> values) {
        for (int from = 0; from < members.size(); from += INSERT_CHUNK) {
            List<String> chunk = members.subList(from, Math.min(members.size(), from + INSERT_CHUNK));
            var params = new ArrayList<Object>();
            chunk.forEach(m -> params.addAll(values.apply(m)));
            jdbc.sql(insert + String.join(", ", Collections.nCopies(chunk.size(), row)) + " on conflict do nothing")
                    .params(params)
                    .update();
        }
    }

    @Override
    public String kind() {
        return JOB;
    }

    /** One approval the email lists. */
    record Item(String type, String text, @Nullable String approvalId) {}

    /** What a job sends: to whom, and what; no address when the member is gone or no longer wants email. */
    record Batch(@Nullable String to, List<Item> items) {}

    @Override
    public void handle(ClaimedJob job) {
        String member = job.subjectId();
        String batch = Long.toString(job.id());
        Batch claimed = tx.execute(status -> claim(job.workspaceId(), member, batch));
        if (claimed != null && claimed.to() != null && !claimed.items().isEmpty()) {
            try {
                sender.send(new EmailSender.Email(
                        job.workspaceId(),
                        claimed.to(),
                        subject(claimed.items().size()),
                        body(claimed.items()),
                        "notifications-" + batch));
            } catch (EmailSender.NotSent e) {
                if (e.retryable()) {
                    throw e;
                }
                log.warn("The approval email for member {} was refused and is dropped: {}", member, e.getMessage());
            }
        }
        tx.executeWithoutResult(status -> {
            jdbc.sql("delete from notification_emails where member_id = ? and batch = ?")
                    .params(member, batch)
                    .update();
            jobs.complete(job);
        });
    }

    private Batch claim(String workspaceId, String member, String batch) {
        jdbc.sql("update notification_mailboxes set due_at = null where member_id = ?")
                .param(member)
                .update();
        jdbc.sql("update notification_emails set batch = ? where member_id = ? and batch is null")
                .params(batch, member)
                .update();
        String to = Preferences.addressFor(jdbc, workspaceId, member, Preferences.Email.ON_APPROVAL);
        List<Item> items = jdbc.sql("""
                        select n.type, n.message, n.approval_id from notification_emails e
                        join notifications n on n.id = e.notification_id
                        where e.member_id = ? and e.batch = ? order by n.id""")
                .params(member, batch)
                .query((rs, n) -> new Item(rs.getString("type"), rs.getString("message"), rs.getString("approval_id")))
                .list();
        return new Batch(to, items);
    }

    static String subject(int approvals) {
        return approvals == 1 ? "An approval waits for you" : approvals + " approvals wait for you";
    }

    /** The plain-text body: one line per approval with its link; each text kept to one line of its own. */
    String body(List<Item> items) {
        var body = new StringBuilder(
                items.size() == 1 ? "This waits for your decision:\n\n" : "These wait for your decision:\n\n");
        for (Item item : items) {
            body.append("- ").append(oneLine(item.text()));
            if (item.approvalId() != null) {
                body.append("\n  ").append(publicUrl.link(approvalPath(item.approvalId())));
            }
            body.append("\n");
        }
        body.append("\nYou get these emails because approval emails are on for you; turn them off with")
                .append(" PUT /api/v1/me/preferences {\"emailOnApproval\": false}.\n");
        return body.toString();
    }

    /** Where the console shows an approval. */
    static String approvalPath(String approvalId) {
        return "/approvals/" + approvalId;
    }

    /**
     * The text on one line, without control characters: text that reaches an email may come from
     * what a customer wrote, and must not start lines (a forged link) of its own.
     */
    static String oneLine(String text) {
        return text.replaceAll("\\p{Cntrl}+", " ").strip();
    }
}
