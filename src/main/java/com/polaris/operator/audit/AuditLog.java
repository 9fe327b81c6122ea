package com.polaris.operator.audit;

import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.Page;
import com.polaris.operator.api.PageRequest;
import com.polaris.operator.identity.Actor;
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
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
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
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class AuditLog {

    private static final String COLUMNS =
            "seq, at, type, actor_type, actor_id, actor_name, subject, action_id, data, hash";

    private static final Object PENDING = new Object();
    private static final MessageDigest SHA_256 = lookUpSha256();
    private static final int WRITE_CHUNK = 100;

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;
    private final AuditFence fence;

    public void append(
            String workspaceId,
            AuditEventType type,
            Actor actor,
            String subject,
            @Nullable String actionId,
            Map<String, ?> data) {
        Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Pending pending = pendingOfThisTransaction();
        String key = headKey(workspaceId, subject);
        if (!pending.heads.containsKey(key)) {
            lookUpHeads(workspaceId, List.of(subject));
        }
        Link previous = pending.heads.get(key);
        int subjectSeq = previous == null ? 1 : previous.subjectSeq() + 1;
        String prevHash = previous == null ? null : previous.hash();
        String dataJson = json.writeValueAsString(data);
        String hash = new HashedEvent(
                        workspaceId, at, type.wire(), actor, subject, subjectSeq, actionId, dataJson, prevHash)
                .hash();
        pending.rows.add(new Object[] {
            workspaceId,
            Timestamp.from(at),
            type.wire(),
            actor.type(),
            actor.id(),
            actor.name(),
            subject,
            subjectSeq,
            actionId,
            dataJson,
            prevHash,
            hash
        });
        pending.heads.put(key, new Link(subjectSeq, hash));
    }

    /**
     * Looks up the last event of each of {@code subjects} in one query, for a transaction about to
     * append to all of them (a batch of runs), so their appends need no look-up of their own (an
     * append to a subject whose head is not known yet looks up that one alone).
     * Call it after taking the locks that serialise those subjects' writers: a head read before
     * another writer commits would be stale, and the unique subject sequence would then fail this
     * transaction rather than fork the chain. A subject this transaction already appended to, or
     * declared {@linkplain #newSubject new}, keeps what it knows; one without events is left to
     * its first append.
     */
    public void lookUpHeads(String workspaceId, Collection<String> subjects) {
        if (subjects.isEmpty()) {
            return;
        }
        Pending pending = pendingOfThisTransaction();
        // Each subject's last event by the unique (workspace_id, subject, subject_seq) index, one probe
        // a subject: a join with a grouped subquery is planned as a nested loop over the workspace's
        // whole log whenever the table's statistics are stale, as they are right after a burst of runs.
        jdbc.sql("""
                        select e.subject, e.subject_seq, e.hash from audit_events e
                        where e.workspace_id = :workspace and e.subject in (:subjects)
                          and e.subject_seq = (select max(l.subject_seq) from audit_events l
                                               where l.workspace_id = e.workspace_id and l.subject = e.subject)""")
                .param("workspace", workspaceId)
                .param("subjects", subjects)
                .query((rs, n) ->
                        Map.entry(headKey(workspaceId, rs.getString(1)), new Link(rs.getInt(2), rs.getString(3))))
                .list()
                .forEach(head -> {
                    if (!pending.heads.containsKey(head.getKey())) {
                        pending.heads.put(head.getKey(), head.getValue());
                    }
                });
    }

    /**
     * Declares that {@code subject} has no events yet (it was created in this transaction), so its
     * first event needs no look-up of a previous one. Should it have events after all, the first
     * append's insert breaks the unique subject sequence and the transaction fails.
     */
    public void newSubject(String workspaceId, String subject) {
        pendingOfThisTransaction().heads.putIfAbsent(headKey(workspaceId, subject), null);
    }

    private static String headKey(String workspaceId, String subject) {
        return workspaceId + "\u001f" + subject;
    }

    /**
     * The events this transaction appended, written together in one batch just before it commits,
     * and the last event of each subject it appended to, so a transition that writes several events
     * of one action looks its chain head up once. Dropped when the transaction ends.
     */
    private Pending pendingOfThisTransaction() {
        // Checked by hand rather than declared (@Transactional(MANDATORY)): appends are frequent,
        // and a proxy's interception costs more than the append itself.
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalTransactionStateException(
                    "An audit event is appended in the transaction of the change it records");
        }
        var pending = (Pending) TransactionSynchronizationManager.getResource(PENDING);
        if (pending != null && pending.written) {
            throw new IllegalTransactionStateException(
                    "An audit event is appended before its transaction starts to commit, not while it commits");
        }
        if (pending == null) {
            Pending fresh = new Pending();
            TransactionSynchronizationManager.bindResource(PENDING, fresh);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void suspend() {
                    TransactionSynchronizationManager.unbindResourceIfPossible(PENDING);
                }

                @Override
                public void resume() {
                    TransactionSynchronizationManager.bindResource(PENDING, fresh);
                }

                @Override
                public void beforeCommit(boolean readOnly) {
                    fresh.written = true;
                    if (!fresh.rows.isEmpty()) {
                        fence.writing();
                        fresh.fenced = true;
                        write(fresh.rows);
                    }
                }

                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(PENDING);
                    if (fresh.fenced) {
                        fresh.fenced = false;
                        fence.written();
                    }
                }
            });
            pending = fresh;
        }
        return pending;
    }

    /** Inserts the rows in their order (so seq follows the order of appends), up to 100 per statement. */
    private void write(List<Object[]> rows) {
        for (int from = 0; from < rows.size(); from += WRITE_CHUNK) {
            List<Object[]> chunk = rows.subList(from, Math.min(rows.size(), from + WRITE_CHUNK));
            var sql = new StringBuilder("""
                    insert into audit_events (workspace_id, at, type, actor_type, actor_id, actor_name, subject,
                        subject_seq, action_id, data, prev_hash, hash) values """);
            var params = new ArrayList<>(chunk.size() * 12);
            for (Object[] row : chunk) {
                sql.append(params.isEmpty() ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                params.addAll(Arrays.asList(row));
            }
            jdbc.sql(sql.toString()).params(params).update();
        }
        rows.clear();
    }

    private static final class Pending {
        final Map<String, @Nullable Link> heads = new HashMap<>();
        final List<Object[]> rows = new ArrayList<>();
        boolean written;
        /** Between {@link AuditFence#writing} and {@link AuditFence#written}. */
        boolean fenced;
    }

    /**
     * Every event of one action, oldest first: what was requested, decided, reviewed and what
     * happened. Events of one action are appended under that action's row lock, so seq order is
     * the order in which they happened.
     */
    public List<AuditEvent> timeline(String workspaceId, String actionId) {
        return jdbc.sql("select " + COLUMNS
                        + " from audit_events where workspace_id = ? and action_id = ? order by seq")
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
        return jdbc.sql(sql.toString())
                .params(params)
                .query((rs, n) -> event(rs))
                .list();
    }

    /**
     * A page of events as {@link #events} lists them: the first, or the one after the event a cursor
     * of the page before points to.
     */
    public Page<AuditEvent> page(String workspaceId, Filter filter, PageRequest page) {
        var rows = events(workspaceId, filter, seq(page.after()), page.rows());
        return page.page(rows, event -> Long.toString(event.seq()));
    }

    private static @Nullable Long seq(@Nullable String after) {
        if (after == null) {
            return null;
        }
        try {
            return Long.parseLong(after);
        } catch (NumberFormatException e) {
            throw ApiProblem.badCursor();
        }
    }

    /** Which events a list shows; a null field does not filter. */
    public record Filter(
            @Nullable String actionId,
            @Nullable String type,
            @Nullable String subject) {}

    private AuditEvent event(ResultSet rs) throws SQLException {
        return new AuditEvent(
                rs.getLong(1),
                rs.getTimestamp(2).toInstant(),
                rs.getString(3),
                new Actor(rs.getString(4), rs.getString(5), rs.getString(6)),
                rs.getString(7),
                rs.getString(8),
                json.readTree(rs.getString(9)),
                rs.getString(10));
    }

    static String sha256(String text) {
        return HexFormat.of().formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** A fresh SHA-256 digest, cloned from one looked up once (the look-up is the slow part). */
    static MessageDigest sha256() {
        try {
            return (MessageDigest) SHA_256.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static MessageDigest lookUpSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Link(int subjectSeq, String hash) {}
}
