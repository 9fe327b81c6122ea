package com.polaris.operator.subscription;

import com.polaris.operator.Ids;
import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.ApiProblem.FieldProblem;
import com.polaris.operator.api.ObjectFields;
import com.polaris.operator.api.Page;
import com.polaris.operator.api.PageRequest;
import com.polaris.operator.api.WebhookFields;
import com.polaris.operator.api.WorkspaceRows;
import com.polaris.operator.audit.AuditEventType;
import com.polaris.operator.audit.AuditLog;
import com.polaris.operator.cluster.Changes;
import com.polaris.operator.cluster.SettingsCache;
import com.polaris.operator.identity.Caller;
import com.polaris.operator.secret.SigningSecrets;
import com.polaris.operator.webhook.SignedPosts;
import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * A workspace's event subscriptions: created, listed and removed by owners and admins. A new
 * subscription gets its own Standard Webhooks signing secret, sealed like the custom actions' ones
 * and shown only in the answer that creates it. Changes are audited with the receiver's host and the
 * events, never the URL's path (it may itself be a credential) nor the secret. Which subscriptions
 * want an event is read for every action outcome, so it is cached per node and forgotten, on every
 * node, when a subscription is added or removed.
 */
@Service
@RequiredArgsConstructor
public class EventSubscriptions {

    static final int MAX_URL_LENGTH = 2048;
    static final int MAX_DESCRIPTION_LENGTH = 500;
    /** The most subscriptions a workspace may have: each outcome is delivered to every one that wants it. */
    static final int MAX_PER_WORKSPACE = 20;

    static final String CACHE = "event-subscriptions";
    private static final String COLUMNS = "id, url, events, description, created_at";
    private static final WorkspaceRows<EventSubscription> ROWS =
            new WorkspaceRows<>("event_subscriptions", COLUMNS, EventSubscriptions::map, EventSubscription::id);
    private static final ObjectFields FIELDS =
            new ObjectFields("an event subscription", "url", "events", "description");

    /** What a creation asked for, checked. */
    private record Parsed(
            String url, List<String> events, @Nullable String description) {}

    /** A subscription as the API shows it; its signing secret is never shown again. */
    public record EventSubscription(
            String id,
            String url,
            List<String> events,
            @Nullable String description,
            Instant createdAt) {

        boolean wants(EventType type) {
            return events.contains(type.wire());
        }
    }

    /** The answer to creating a subscription: the subscription and its signing secret, shown this once. */
    public record Created(
            String id,
            String url,
            List<String> events,
            @Nullable String description,
            String signingSecret,
            Instant createdAt) {}

    private final JdbcClient jdbc;
    private final SigningSecrets signingSecrets;
    private final AuditLog audit;
    private final Changes changes;
    private final SettingsCache<String, List<EventSubscription>> cached;
    private final Clock clock;

    /** Creates a subscription from {@code body}; anything invalid is a 422 and changes nothing. */
    @Transactional
    public Created create(Caller caller, JsonNode body) {
        caller.requireConfigurer();
        String workspaceId = caller.workspaceId();
        Parsed parsed = parse(body);
        // Unlocked: two creations at the same moment may both pass; the limit bounds the work, not a count.
        long existing = jdbc.sql("select count(*) from event_subscriptions where workspace_id = ?")
                .param(workspaceId)
                .query(Long.class)
                .single();
        if (existing >= MAX_PER_WORKSPACE) {
            throw ApiProblem.conflict(
                    "too-many-subscriptions",
                    "A workspace has at most " + MAX_PER_WORKSPACE + " event subscriptions; remove one first.");
        }
        String id = Ids.next("evs");
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        jdbc.sql("""
                        insert into event_subscriptions (id, workspace_id, url, events, description, created_at)
                        values (?, ?, ?, ?, ?, ?)""")
                .params(
                        id,
                        workspaceId,
                        parsed.url(),
                        String.join(",", parsed.events()),
                        parsed.description(),
                        Timestamp.from(now))
                .update();
        String secret = signingSecrets.create(workspaceId, secretName(id));
        changes.announce(CACHE, workspaceId);
        audit.newSubject(workspaceId, subject(id));
        var data = new LinkedHashMap<String, Object>();
        data.put("host", URI.create(parsed.url()).getHost());
        data.put("events", parsed.events());
        audit.append(workspaceId, AuditEventType.EVENT_SUBSCRIPTION_CREATED, caller.actor(), subject(id), null, data);
        return new Created(id, parsed.url(), parsed.events(), parsed.description(), secret, now);
    }

    /** The workspace's subscriptions, newest first. */
    public Page<EventSubscription> list(Caller caller, PageRequest page) {
        caller.requireConfigurer();
        return ROWS.page(jdbc, caller.workspaceId(), page);
    }

    /** One subscription of the caller's workspace; 404 for any other. */
    public EventSubscription find(Caller caller, String id) {
        caller.requireConfigurer();
        return ROWS.find(jdbc, caller.workspaceId(), id)
                .orElseThrow(() -> ApiProblem.notFound("The event subscription"));
    }

    /**
     * Removes a subscription with its signing secret and its delivery log, and answers what it was;
     * deliveries still waiting for a retry are not sent.
     */
    @Transactional
    public EventSubscription delete(Caller caller, String id) {
        caller.requireConfigurer();
        String workspaceId = caller.workspaceId();
        EventSubscription removed = find(caller, id);
        jdbc.sql("delete from event_subscriptions where workspace_id = ? and id = ?")
                .params(workspaceId, id)
                .update();
        jdbc.sql("delete from event_deliveries where workspace_id = ? and subscription_id = ?")
                .params(workspaceId, id)
                .update();
        signingSecrets.remove(workspaceId, secretName(id));
        changes.announce(CACHE, workspaceId);
        audit.append(
                workspaceId,
                AuditEventType.EVENT_SUBSCRIPTION_DELETED,
                caller.actor(),
                subject(id),
                null,
                Map.of("host", URI.create(removed.url()).getHost()));
        return removed;
    }

    /** The workspace's subscriptions that want {@code type}, from this node's cache. */
    List<EventSubscription> wanting(String workspaceId, EventType type) {
        return cached.get(workspaceId, this::stored).stream()
                .filter(s -> s.wants(type))
                .toList();
    }

    private List<EventSubscription> stored(String workspaceId) {
        return jdbc.sql("select " + COLUMNS + " from event_subscriptions where workspace_id = ?")
                .param(workspaceId)
                .query(EventSubscriptions::map)
                .list();
    }

    /** The name the subscription's signing secret is sealed under; no tool can take it (tool names have no hyphen). */
    static String secretName(String subscriptionId) {
        return "event-subscription-" + subscriptionId;
    }

    static String subject(String subscriptionId) {
        return "event-subscription:" + subscriptionId;
    }

    private static Parsed parse(JsonNode body) {
        List<FieldProblem> errors = FIELDS.unknownIn(body);
        String url = WebhookFields.url(body.path("url"), MAX_URL_LENGTH, SignedPosts::urlProblem, errors);
        List<String> events = WebhookFields.events(body.path("events"), EventType.names(), errors);
        JsonNode description = body.path("description");
        String text = null;
        if (description.isString()) {
            text = description.asString().strip();
            if (text.length() > MAX_DESCRIPTION_LENGTH) {
                errors.add(
                        new FieldProblem("description", "must be at most " + MAX_DESCRIPTION_LENGTH + " characters"));
            }
        } else if (!description.isMissingNode() && !description.isNull()) {
            errors.add(new FieldProblem("description", "must be text"));
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid("The event subscription is not valid.", errors);
        }
        return new Parsed(Objects.requireNonNull(url), events, text == null || text.isEmpty() ? null : text);
    }

    private static EventSubscription map(ResultSet rs, int row) throws SQLException {
        String events = rs.getString("events");
        return new EventSubscription(
                rs.getString("id"),
                rs.getString("url"),
                events.isEmpty() ? List.of() : List.of(events.split(",")),
                rs.getString("description"),
                rs.getTimestamp("created_at").toInstant());
    }
}
