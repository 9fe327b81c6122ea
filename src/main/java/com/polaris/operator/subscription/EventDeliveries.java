package com.polaris.operator.subscription;

import com.polaris.operator.Ids;
import com.polaris.operator.action.ActionService;
import com.polaris.operator.action.ActionStatusChanged;
import com.polaris.operator.action.ActionView;
import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.NewestFirst;
import com.polaris.operator.api.Page;
import com.polaris.operator.api.PageRequest;
import com.polaris.operator.audit.AuditEventType;
import com.polaris.operator.audit.AuditLog;
import com.polaris.operator.batch.BatchCompleted;
import com.polaris.operator.identity.Caller;
import com.polaris.operator.job.Jobs;
import com.polaris.operator.webhook.SignedPosts;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * Queues action events for the subscriptions that want them. An action's move is noted when it is
 * announced; just before its transaction commits, one delivery row per event and subscription is
 * written, with the body as it will be sent (the action as the API shows it then, approval and all),
 * and a job for each: a move that rolls back delivers nothing, and a committed one is not lost when
 * a node stops. The job ({@link DeliveryAttempts}) posts the body through {@link SignedPosts} (HTTPS only, the SSRF guard,
 * trusted certificates, a response cap) with the delivery's id as its {@code webhook-id}, the same
 * on every attempt; a delivery that may succeed later is tried again with the queue's backoff (the
 * receiver's {@code Retry-After} wins when longer) up to {@link DeliveryAttempts#MAX_ATTEMPTS} times, and one refused
 * for good, or out of attempts, is marked failed with the reason. A person may send a delivered or
 * failed one again.
 */
@Service
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class EventDeliveries {

    static final String JOB = "event.delivery";
    private static final String COLUMNS =
            "id, subscription_id, event, action_id, status, attempts, last_error, created_at, last_attempt_at, delivered_at";

    /** A delivery as the API shows it. */
    public record EventDelivery(
            String id,
            String subscriptionId,
            String event,
            @Nullable String actionId,
            String status,
            int attempts,
            @Nullable String lastError,
            Instant createdAt,
            @Nullable Instant lastAttemptAt,
            @Nullable Instant deliveredAt) {}

    /** An event noted in the current transaction, for the subscriptions that wanted it then. */
    private record Noted(String workspaceId, String actionId, EventType type, Instant at) {}

    private final EventSubscriptions subscriptions;
    private final ActionService actions;
    private final Jobs jobs;
    private final AuditLog audit;
    private final JdbcClient jdbc;
    private final JdbcTemplate batches;
    private final JsonMapper json;
    private final Clock clock;

    /**
     * Notes an action's move that some subscription wants, to be written before the transaction
     * commits. Most moves are wanted by none, and cost one look-up in this node's cache.
     */
    @EventListener
    void on(ActionStatusChanged changed) {
        Optional<EventType> type = EventType.of(changed.status());
        if (type.isEmpty()
                || subscriptions.wanting(changed.workspaceId(), type.get()).isEmpty()) {
            return;
        }
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            throw new IllegalStateException("Action " + changed.actionId() + " moved outside a transaction");
        }
        noted().add(new Noted(
                changed.workspaceId(),
                changed.actionId(),
                type.get(),
                clock.instant().truncatedTo(ChronoUnit.MILLIS)));
    }

    /**
     * Writes a delivery and its job for each subscription that wants {@code batch.completed}, in the
     * transaction that ends the batch: body {@code {"type", "createdAt", "data": {"batch": …}}}.
     */
    @EventListener
    void on(BatchCompleted completed) {
        String workspaceId = completed.workspaceId();
        var wanting = subscriptions.wanting(workspaceId, EventType.BATCH_COMPLETED);
        if (wanting.isEmpty()) {
            return;
        }
        var body = new LinkedHashMap<String, Object>();
        body.put("type", EventType.BATCH_COMPLETED.wire());
        body.put("createdAt", completed.at());
        body.put("data", Map.of("batch", completed.batch()));
        String text = json.writeValueAsString(body);
        var rows = new ArrayList<Object[]>();
        var newJobs = new ArrayList<Jobs.NewJob>();
        for (var subscription : wanting) {
            String id = Ids.next("evd");
            rows.add(new Object[] {
                id,
                workspaceId,
                subscription.id(),
                EventType.BATCH_COMPLETED.wire(),
                null,
                text,
                "pending",
                0,
                Timestamp.from(completed.at())
            });
            newJobs.add(new Jobs.NewJob(workspaceId, JOB, id, completed.at()));
        }
        batches.batchUpdate("""
                insert into event_deliveries
                    (id, workspace_id, subscription_id, event, action_id, body, status, attempts, created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows);
        jobs.enqueueAll(newJobs);
    }

    /** This transaction's noted events; the first one noted registers their writing before commit. */
    private List<Noted> noted() {
        @SuppressWarnings("unchecked")
        var noted = (List<Noted>) TransactionSynchronizationManager.getResource(this);
        if (noted != null) {
            return noted;
        }
        var fresh = new ArrayList<Noted>();
        TransactionSynchronizationManager.bindResource(this, fresh);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void beforeCommit(boolean readOnly) {
                TransactionSynchronizationManager.unbindResource(EventDeliveries.this);
                write(fresh);
            }

            @Override
            public void afterCompletion(int status) {
                TransactionSynchronizationManager.unbindResourceIfPossible(EventDeliveries.this);
            }
        });
        return fresh;
    }

    /** Writes a delivery and its job for every noted event and subscription that wants it. */
    private void write(List<Noted> noted) {
        var rows = new ArrayList<Object[]>();
        var newJobs = new ArrayList<Jobs.NewJob>();
        var byWorkspace = new LinkedHashMap<String, List<Noted>>();
        noted.forEach(n -> byWorkspace
                .computeIfAbsent(n.workspaceId(), w -> new ArrayList<>())
                .add(n));
        byWorkspace.forEach((workspaceId, events) -> {
            var ids = new LinkedHashSet<String>();
            events.forEach(e -> ids.add(e.actionId()));
            Map<String, ActionView> views = actions.views(workspaceId, ids);
            for (Noted event : events) {
                ActionView view = views.get(event.actionId());
                if (view == null) {
                    continue;
                }
                String body = json.writeValueAsString(body(event, view));
                for (var subscription : subscriptions.wanting(workspaceId, event.type())) {
                    String id = Ids.next("evd");
                    rows.add(new Object[] {
                        id,
                        workspaceId,
                        subscription.id(),
                        event.type().wire(),
                        event.actionId(),
                        body,
                        "pending",
                        0,
                        Timestamp.from(event.at())
                    });
                    newJobs.add(new Jobs.NewJob(workspaceId, JOB, id, event.at()));
                }
            }
        });
        if (rows.isEmpty()) {
            return;
        }
        batches.batchUpdate("""
                insert into event_deliveries
                    (id, workspace_id, subscription_id, event, action_id, body, status, attempts, created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows);
        jobs.enqueueAll(newJobs);
    }

    /** What a subscriber receives: {@code {"type", "createdAt", "data": {"action": …}}}, the action without its timeline. */
    private static Map<String, Object> body(Noted event, ActionView action) {
        var body = new LinkedHashMap<String, Object>();
        body.put("type", event.type().wire());
        body.put("createdAt", event.at());
        body.put("data", Map.of("action", action));
        return body;
    }

    /** A page of a subscription's deliveries, newest first; 404 for another workspace's subscription. */
    public Page<EventDelivery> list(Caller caller, String subscriptionId, PageRequest page) {
        subscriptions.find(caller, subscriptionId);
        return NewestFirst.from("event_deliveries", COLUMNS, caller.workspaceId())
                .where("subscription_id", subscriptionId)
                .page(jdbc, page, EventDeliveries::map, EventDelivery::id);
    }

    /**
     * Sends a delivered or failed delivery again, with the same body and {@code webhook-id} (a
     * receiver that keeps the ids it has seen recognises it), through the queue with a fresh set of
     * attempts. One still on its way is 409.
     */
    @Transactional
    public EventDelivery redeliver(Caller caller, String subscriptionId, String deliveryId) {
        subscriptions.find(caller, subscriptionId);
        String workspaceId = caller.workspaceId();
        EventDelivery delivery = jdbc.sql("select " + COLUMNS
                        + " from event_deliveries where workspace_id = ? and subscription_id = ? and id = ? for update")
                .params(workspaceId, subscriptionId, deliveryId)
                .query(EventDeliveries::map)
                .optional()
                .orElseThrow(() -> ApiProblem.notFound("The delivery"));
        if (delivery.status().equals("pending")) {
            throw ApiProblem.conflict(
                    "delivery-pending", "This delivery is still on its way; it can be sent again once it ends.");
        }
        jdbc.sql("update event_deliveries set status = 'pending' where workspace_id = ? and id = ?")
                .params(workspaceId, deliveryId)
                .update();
        jobs.enqueue(workspaceId, JOB, deliveryId, clock.instant());
        audit.append(
                workspaceId,
                AuditEventType.EVENT_SUBSCRIPTION_REDELIVERED,
                caller.actor(),
                EventSubscriptions.subject(subscriptionId),
                null,
                Map.of("deliveryId", deliveryId, "event", delivery.event()));
        return jdbc.sql("select " + COLUMNS + " from event_deliveries where workspace_id = ? and id = ?")
                .params(workspaceId, deliveryId)
                .query(EventDeliveries::map)
                .single();
    }

    private static EventDelivery map(ResultSet rs, int row) throws SQLException {
        return new EventDelivery(
                rs.getString("id"),
                rs.getString("subscription_id"),
                rs.getString("event"),
                rs.getString("action_id"),
                rs.getString("status"),
                rs.getInt("attempts"),
                rs.getString("last_error"),
                rs.getTimestamp("created_at").toInstant(),
                instant(rs.getTimestamp("last_attempt_at")),
                instant(rs.getTimestamp("delivered_at")));
    }

    private static @Nullable Instant instant(@Nullable Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
