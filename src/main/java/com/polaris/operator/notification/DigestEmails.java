package com.polaris.operator.notification;

import com.polaris.operator.installation.PublicUrl;
import com.polaris.operator.job.ClaimedJob;
import com.polaris.operator.job.JobHandler;
import com.polaris.operator.job.Jobs;
import java.util.List;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One member's daily digest email, one job each ({@link DailyDigests} enqueues them): how many
 * pending approvals the member may decide, and the newest {@value #LISTED} with links, as they stand
 * when it is sent. A member who turned the digest off meanwhile, left, or has nothing left to decide
 * gets nothing.
 */
@Component
@RequiredArgsConstructor
class DigestEmails implements JobHandler {

    static final String JOB = "notification.digest-email";
    static final int LISTED = 20;

    private static final Logger log = LoggerFactory.getLogger(DigestEmails.class);

    private static final String DECIDABLE = """
            from approval_reviewers r join approvals a on a.id = r.approval_id
            where r.workspace_id = ? and r.member_id = ? and a.status = 'pending'""";

    private final JdbcClient jdbc;
    private final Jobs jobs;
    private final EmailSender sender;
    private final PublicUrl publicUrl;
    private final TransactionTemplate tx;

    @Override
    public String kind() {
        return JOB;
    }

    @Override
    public void handle(ClaimedJob job) {
        String member = job.subjectId();
        Contents contents = tx.execute(status -> contents(job.workspaceId(), member));
        if (contents != null && contents.to() != null && contents.count() > 0) {
            try {
                sender.send(new EmailSender.Email(
                        job.workspaceId(),
                        contents.to(),
                        subject(contents.count()),
                        body(contents),
                        "digest-" + job.id()));
            } catch (EmailSender.NotSent e) {
                if (e.retryable()) {
                    throw e;
                }
                log.warn("The daily digest for member {} was refused and is dropped: {}", member, e.getMessage());
            }
        }
        tx.executeWithoutResult(status -> jobs.complete(job));
    }

    /** One approval the digest lists. */
    record Item(String approvalId, String text) {}

    /** What one member's digest says: to whom, how many wait, the newest of them; no address when it is not to be sent. */
    record Contents(@Nullable String to, long count, List<Item> items) {}

    Contents contents(String workspaceId, String member) {
        String to = Preferences.addressFor(jdbc, workspaceId, member, Preferences.Email.DAILY_DIGEST);
        if (to == null) {
            return new Contents(null, 0, List.of());
        }
        long count = jdbc.sql("select count(*) " + DECIDABLE)
                .params(workspaceId, member)
                .query(Long.class)
                .single();
        List<Item> items = jdbc.sql("select a.id, coalesce(a.summary, a.tool, 'An action') as text " + DECIDABLE
                        + " order by a.id desc limit " + LISTED)
                .params(workspaceId, member)
                .query((rs, n) -> new Item(rs.getString("id"), rs.getString("text")))
                .list();
        return new Contents(to, count, items);
    }

    static String subject(long count) {
        return count == 1
                ? "Daily digest: 1 approval waits for you"
                : "Daily digest: " + count + " approvals wait for you";
    }

    /** The plain-text body: how many wait, one line per listed approval with its link, and where to see the rest. */
    String body(Contents contents) {
        var body = new StringBuilder();
        body.append(
                        contents.count() == 1
                                ? "1 approval waits for your decision"
                                : contents.count() + " approvals wait for your decision")
                .append(
                        contents.count() > contents.items().size()
                                ? "; the newest " + contents.items().size() + ":"
                                : ":")
                .append("\n\n");
        for (Item item : contents.items()) {
            body.append("- ")
                    .append(ReviewerEmails.oneLine(item.text()))
                    .append("\n  ")
                    .append(publicUrl.link(ReviewerEmails.approvalPath(item.approvalId())))
                    .append("\n");
        }
        if (contents.count() > contents.items().size()) {
            body.append("\nAll of them: ").append(publicUrl.link("/approvals")).append("\n");
        }
        body.append("\nYou get this email once a day because the daily digest is on for you; turn it off with")
                .append(" PUT /api/v1/me/preferences {\"dailyDigest\": false}.\n");
        return body.toString();
    }
}
