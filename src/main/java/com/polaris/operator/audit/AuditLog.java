package com.polaris.operator.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import java.util.HashMap;
import tools.jackson.databind.json.JsonMapper;

/**
 * Appends and reads audit events. Each event is linked to the previous event of the same subject
 * (an action, a tool's policy, a member…) by its hash; writers of one subject are already
 * serialised by that subject's own row lock, so no row of the workspace is hot. {@link AuditSealer}
 * later chains the events of a workspace together, so a deleted event is detected too.
 *
 * <p>{@link #append} must be called inside the transaction that makes the change it records.
 */
@Component
public class AuditLog {

    private static final String COLUMNS = "seq, at, type, actor_type, actor_id, actor_name, subject, action_id, data, hash";

    private static final Object CHAIN_HEADS = new Object();

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;

    AuditLog(JdbcClient jdbc, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void append(String workspaceId, String type, Actor actor, String subject, @Nullable String actionId,
            Map<String, ?> data) {
        Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Map<String, Link> heads = chainHeadsOfThisTransaction();
        String key = workspaceId + "\u001f" + subject;
        Link previous = heads.containsKey(key) ? heads.get(key) : jdbc.sql("""
                        select subject_seq, hash from audit_events
                        where workspace_id = ? and subject = ? order by subject_seq desc limit 1""")
                .params(workspaceId, subject)
                .query((rs, n) -> new Link(rs.getInt(1), rs.getString(2)))
                .optional()
                .orElse(null);
        int subjectSeq = previous == null ? 1 : previous.subjectSeq() + 1;
        String prevHash = previous == null ? null : previous.hash();
        String dataJson = json.writeValueAsString(data);
        String hash = hash(workspaceId, at, type, actor, subject, subjectSeq, actionId, dataJson, prevHash);
        jdbc.sql("""
                        insert into audit_events (workspace_id, at, type, actor_type, actor_id, actor_name, subject,
                            subject_seq, action_id, data, prev_hash, hash)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(workspaceId, Timestamp.from(at), type, actor.type(), actor.id(), actor.name(), subject,
                        subjectSeq, actionId, dataJson, prevHash, hash)
                .update();
        heads.put(key, new Link(subjectSeq, hash));
    }

    /**
     * The last event of each subject this transaction appended to, so a transition that writes
     * several events of one action looks its chain head up once. Dropped when the transaction ends.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Link> chainHeadsOfThisTransaction() {
        var heads = (Map<String, Link>) TransactionSynchronizationManager.getResource(CHAIN_HEADS);
        if (heads == null) {
            Map<String, Link> fresh = new HashMap<>();
            TransactionSynchronizationManager.bindResource(CHAIN_HEADS, fresh);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void suspend() {
                    TransactionSynchronizationManager.unbindResourceIfPossible(CHAIN_HEADS);
                }

                @Override
                public void resume() {
                    TransactionSynchronizationManager.bindResource(CHAIN_HEADS, fresh);
                }

                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(CHAIN_HEADS);
                }
            });
            heads = fresh;
        }
        return heads;
    }

    /**
     * Every event of one action, oldest first: what was requested, decided, reviewed and what
     * happened. Events of one action are appended under that action's row lock, so seq order is
     * the order in which they happened.
     */
    public List<AuditEvent> timeline(String workspaceId, String actionId) {
        return jdbc.sql("select " + COLUMNS + " from audit_events where workspace_id = ? and action_id = ? order by seq")
                .params(workspaceId, actionId)
                .query((rs, n) -> event(rs))
                .list();
    }

    /**
     * A page of events matching the filter: a timeline (oldest first) when an action is named,
     * otherwise newest first. {@code after} is the seq the previous page ended with.
     */
    public List<AuditEvent> events(String workspaceId, Filter filter, @Nullable Long after, int limit) {
        boolean timeline = filter.actionId() != null;
        var sql = new StringBuilder("select " + COLUMNS + " from audit_events where workspace_id = ?");
        var params = new ArrayList<Object>();
        params.add(workspaceId);
        if (filter.actionId() != null) {
            sql.append(" and action_id = ?");
            params.add(filter.actionId());
        }
        if (filter.type() != null) {
            sql.append(" and type = ?");
            params.add(filter.type());
        }
        if (filter.subject() != null) {
            sql.append(" and subject = ?");
            params.add(filter.subject());
        }
        if (after != null) {
            sql.append(timeline ? " and seq > ?" : " and seq < ?");
            params.add(after);
        }
        sql.append(timeline ? " order by seq" : " order by seq desc").append(" limit ?");
        params.add(limit);
        return jdbc.sql(sql.toString()).params(params).query((rs, n) -> event(rs)).list();
    }

    /** Which events a list shows; a null field does not filter. */
    public record Filter(@Nullable String actionId, @Nullable String type, @Nullable String subject) {}

    private AuditEvent event(ResultSet rs) throws SQLException {
        return new AuditEvent(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3),
                new Actor(rs.getString(4), rs.getString(5), rs.getString(6)), rs.getString(7), rs.getString(8),
                json.readTree(rs.getString(9)), rs.getString(10));
    }

    /**
     * The hash of one event over every stored field, so editing any of them breaks the chain. Each
     * field is length-prefixed and a missing one is marked as such, so no edit can move text from one
     * field to its neighbour, or turn a missing value into the text "null", and keep the hash.
     */
    static String hash(String workspaceId, Instant at, String type, Actor actor, String subject, int subjectSeq,
            @Nullable String actionId, String data, @Nullable String prevHash) {
        var canonical = new StringBuilder("audit-event-v1");
        for (String field : new String[] {workspaceId, at.toString(), type, actor.type(), actor.id(), actor.name(),
                subject, Integer.toString(subjectSeq), actionId, data, prevHash}) {
            canonical.append('|');
            if (field == null) {
                canonical.append('-');
            } else {
                canonical.append(field.length()).append(':').append(field);
            }
        }
        return sha256(canonical.toString());
    }

    static String sha256(String text) {
        return HexFormat.of().formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Link(int subjectSeq, String hash) {}
}
