package com.polaris.operator.subscription;

import com.polaris.operator.job.Backoff;
import com.polaris.operator.job.ClaimedJob;
import com.polaris.operator.job.JobHandler;
import com.polaris.operator.job.Jobs;
import com.polaris.operator.secret.SigningSecrets;
import com.polaris.operator.webhook.SignedPosts;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends one event delivery, as its job: posts the body written with it through {@link SignedPosts}
 * and records the attempt. A failure that may pass is tried again with the queue's backoff up to
 * {@link #MAX_ATTEMPTS} times; one refused for good, or out of attempts, is marked failed.
 */
@Component
@RequiredArgsConstructor
class DeliveryAttempts implements JobHandler {

    static final int MAX_ATTEMPTS = 10;
    static final int MAX_ERROR_LENGTH = 500;

    private static final Logger log = LoggerFactory.getLogger(DeliveryAttempts.class);

    private final SignedPosts posts;
    private final SigningSecrets signingSecrets;
    private final Jobs jobs;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;

    @Override
    public String kind() {
        return EventDeliveries.JOB;
    }

    /** A delivery about to be sent, with where to. */
    private record Sending(String subscriptionId, String url, String body) {}

    @Override
    public void handle(ClaimedJob job) {
        Optional<Sending> sending = jdbc.sql("""
                        select d.subscription_id, s.url, d.body from event_deliveries d
                        join event_subscriptions s on s.id = d.subscription_id and s.workspace_id = d.workspace_id
                        where d.workspace_id = ? and d.id = ? and d.status = 'pending'""")
                .params(job.workspaceId(), job.subjectId())
                .query((rs, n) -> new Sending(rs.getString(1), rs.getString(2), rs.getString(3)))
                .optional();
        if (sending.isEmpty()) {
            tx.executeWithoutResult(status -> jobs.complete(job));
            return;
        }
        var outcome = posts.post(
                URI.create(sending.get().url()),
                Map.of(),
                sending.get().body().getBytes(StandardCharsets.UTF_8),
                job.subjectId(),
                signingSecrets.active(
                        job.workspaceId(),
                        EventSubscriptions.secretName(sending.get().subscriptionId())));
        Instant now = clock.instant();
        switch (outcome) {
            case SignedPosts.Delivery.Delivered delivered ->
                tx.executeWithoutResult(status -> {
                    attempted(job, "delivered", null, now);
                    jobs.complete(job);
                });
            case SignedPosts.Delivery.Failed failed -> {
                String error = error(failed);
                if (failed.retryable() && job.attempts() < MAX_ATTEMPTS) {
                    Instant retryAt =
                            now.plus(Backoff.delay(job.attempts(), failed.retryAfter(), ThreadLocalRandom.current()));
                    tx.executeWithoutResult(status -> {
                        attempted(job, "pending", error, now);
                        jobs.reschedule(job, retryAt, failed.code());
                    });
                } else {
                    log.warn(
                            "Event delivery {} in workspace {} failed after {} attempt(s): {}",
                            job.subjectId(),
                            job.workspaceId(),
                            job.attempts(),
                            failed.code());
                    tx.executeWithoutResult(status -> {
                        attempted(job, "failed", error, now);
                        jobs.complete(job);
                    });
                }
            }
        }
    }

    private void attempted(ClaimedJob job, String status, @Nullable String error, Instant at) {
        jdbc.sql("""
                        update event_deliveries set status = ?, attempts = attempts + 1, last_error = ?,
                            last_attempt_at = ?, delivered_at = case when ? then ? else delivered_at end
                        where workspace_id = ? and id = ? and status = 'pending'""")
                .params(
                        status,
                        error,
                        Timestamp.from(at),
                        status.equals("delivered"),
                        Timestamp.from(at),
                        job.workspaceId(),
                        job.subjectId())
                .update();
    }

    /** The reason a delivery failed, as the log shows it: the code and a message that names no secret. */
    static String error(SignedPosts.Delivery.Failed failed) {
        String text = failed.code() + ": " + failed.message();
        return text.length() > MAX_ERROR_LENGTH ? text.substring(0, MAX_ERROR_LENGTH) : text;
    }
}
