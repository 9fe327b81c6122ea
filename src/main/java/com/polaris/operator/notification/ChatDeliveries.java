package com.polaris.operator.notification;

import com.polaris.operator.installation.PublicUrl;
import com.polaris.operator.job.Backoff;
import com.polaris.operator.job.ClaimedJob;
import com.polaris.operator.job.JobHandler;
import com.polaris.operator.job.Jobs;
import com.polaris.operator.secret.SigningSecrets;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Posts notifications to the workspace's chat webhook. A delivery is a job, one per notification,
 * enqueued in the transaction that writes the notification (a rolled-back approval posts nothing, and
 * a committed one is not lost when a node stops); the job reads the notification and the chat
 * webhook as they are when it runs, so a webhook removed or unsubscribed meanwhile gets nothing. A
 * delivery that may succeed later is tried again with the queue's backoff (the receiver's {@code
 * Retry-After} wins when longer), up to {@link #MAX_ATTEMPTS}, and keeps its {@code webhook-id}
 * across tries; one refused for good is set aside with its reason.
 */
@Component
@RequiredArgsConstructor
class ChatDeliveries implements JobHandler {

    static final String JOB = "notification.chat";
    static final int MAX_ATTEMPTS = 10;

    private static final Logger log = LoggerFactory.getLogger(ChatDeliveries.class);

    private final ChatWebhooks webhooks;
    private final Notifications notifications;
    private final ChatWebhookSender sender;
    private final SigningSecrets signingSecrets;
    private final Jobs jobs;
    private final PublicUrl publicUrl;
    private final JsonMapper json;
    private final TransactionTemplate tx;
    private final Clock clock;

    /** Enqueues the notification's delivery, in the notifying transaction, when the chat webhook wants its type. */
    @Transactional(propagation = Propagation.MANDATORY)
    void queue(String workspaceId, String notificationId, NotificationType type) {
        if (webhooks.wanting(workspaceId, type).isPresent()) {
            jobs.enqueue(workspaceId, JOB, notificationId, clock.instant());
        }
    }

    @Override
    public String kind() {
        return JOB;
    }

    @Override
    public void handle(ClaimedJob job) {
        Optional<Notification> notification = notifications.find(job.workspaceId(), job.subjectId());
        var webhook = notification.flatMap(n -> webhooks.wanting(job.workspaceId(), n.type()));
        if (notification.isEmpty() || webhook.isEmpty() || webhook.get().url() == null) {
            tx.executeWithoutResult(status -> jobs.complete(job));
            return;
        }
        byte[] body = json.writeValueAsBytes(body(notification.get()));
        var outcome = sender.send(
                URI.create(webhook.get().url()),
                "msg_" + notification.get().id(),
                body,
                signingSecrets.active(job.workspaceId(), ChatWebhooks.SECRET_NAME));
        if (!(outcome instanceof ChatWebhookSender.Outcome.Failed failed)) {
            tx.executeWithoutResult(status -> jobs.complete(job));
        } else if (failed.retryable() && job.attempts() < MAX_ATTEMPTS) {
            Instant retryAt = clock.instant()
                    .plus(Backoff.delay(job.attempts(), failed.retryAfter(), ThreadLocalRandom.current()));
            tx.executeWithoutResult(status -> jobs.reschedule(job, retryAt, failed.reason()));
        } else {
            log.warn(
                    "The chat webhook delivery of notification {} in workspace {} is given up after {} attempt(s): {}",
                    job.subjectId(),
                    job.workspaceId(),
                    job.attempts(),
                    failed.reason());
            tx.executeWithoutResult(status -> jobs.bury(job, failed.reason()));
        }
    }

    /** What the chat receives: {@code {"type", "text", "approvalId", "link"}}, the text escaped for Slack. */
    Map<String, @Nullable Object> body(Notification notification) {
        var body = new LinkedHashMap<String, @Nullable Object>();
        body.put("type", notification.type().wire());
        body.put("text", slackText(notification.text()));
        body.put("approvalId", notification.approvalId());
        body.put("link", link(notification));
        return body;
    }

    /** The console page of what a notification is about: its approval, else its action. */
    String link(Notification notification) {
        return publicUrl.link(
                notification.approvalId() != null
                        ? ReviewerEmails.approvalPath(notification.approvalId())
                        : "/actions/" + notification.actionId());
    }

    /**
     * The text on one line, with the three characters Slack's mrkdwn reads as markup escaped ({@code
     * &}, {@code <}, {@code >}): text that came from a customer cannot make a link or a mention.
     */
    static String slackText(String text) {
        return ReviewerEmails.oneLine(text)
                .replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;");
    }
}
