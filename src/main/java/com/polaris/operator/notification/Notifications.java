package com.polaris.operator.notification;

import com.polaris.operator.Ids;
import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.CappedCount;
import com.polaris.operator.api.Page;
import com.polaris.operator.api.PageRequest;
import com.polaris.operator.identity.Caller;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The notifications of each workspace and who each one is for. A notification is written once per
 * origin (a message per action that left it, a product notification per approval and type, or per
 * action, type and attempt), so
 * running an action again, or telling of an approval twice, finds the notification instead of
 * notifying twice. When it is written it is fanned out to its members ({@code
 * notification_recipients}), where each member's bell reads it and marks it read.
 *
 * <p>Integration keys see only messages; members see every notification of the workspace, each with
 * when they read it.
 */
@Repository
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class Notifications {

    private static final int INSERT_CHUNK = 100;
    private static final String COLUMNS =
            "n.id, n.type, n.message, n.audience, n.approval_id, n.action_id, n.conversation_id, n.created_at";

    /** A member's unread notifications (member and workspace), counted up to the cap. */
    static final String UNREAD_COUNT = CappedCount.of(
            "select 1 from notification_recipients where member_id = ? and workspace_id = ? and read_at is null"
                    + " order by notification_id");

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Audiences audiences;

    /**
     * Leaves the message of an action, for the members of its {@code audience}, or returns the one
     * that action already left.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Notification send(
            String workspaceId,
            String actionId,
            String message,
            @Nullable String audience,
            @Nullable String conversationId) {
        String id = Ids.next("ntf");
        Instant now = now();
        if (insert(
                id,
                workspaceId,
                NotificationType.MESSAGE,
                message,
                audience,
                null,
                actionId,
                conversationId,
                actionId,
                now)) {
            addRecipients(
                    workspaceId,
                    id,
                    audiences.ofMessage(workspaceId, audience).stream()
                            .map(Audiences.Recipient::memberId)
                            .toList());
            return new Notification(
                    id,
                    NotificationType.MESSAGE,
                    message,
                    message,
                    audience,
                    null,
                    actionId,
                    conversationId,
                    now,
                    null);
        }
        return jdbc.sql("select " + COLUMNS
                        + ", cast(null as timestamp with time zone) as read_at from notifications n where n.origin = ?")
                .param(actionId)
                .query((rs, n) -> read(rs))
                .single();
    }

    /**
     * Writes one of the product's notifications about {@code actionId} (and its approval {@code
     * approvalId}, if any) for {@code memberIds}; answers its id, or nothing when one with this
     * {@code origin} was written already.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    Optional<String> announce(
            String workspaceId,
            NotificationType type,
            String text,
            @Nullable String approvalId,
            String actionId,
            String origin,
            List<String> memberIds) {
        String id = Ids.next("ntf");
        if (!insert(id, workspaceId, type, text, null, approvalId, actionId, null, origin, now())) {
            return Optional.empty();
        }
        addRecipients(workspaceId, id, memberIds);
        return Optional.of(id);
    }

    private boolean insert(
            String id,
            String workspaceId,
            NotificationType type,
            String text,
            @Nullable String audience,
            @Nullable String approvalId,
            String actionId,
            @Nullable String conversationId,
            String origin,
            Instant at) {
        List<@Nullable Object> params = Arrays.asList(
                id,
                workspaceId,
                type.wire(),
                text,
                audience,
                approvalId,
                actionId,
                conversationId,
                origin,
                Timestamp.from(at));
        return jdbc.sql("""
                        insert into notifications (id, workspace_id, type, message, audience, approval_id, action_id,
                            conversation_id, origin, created_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing""").params(params).update() == 1;
    }

    private void addRecipients(String workspaceId, String notificationId, List<String> memberIds) {
        for (int from = 0; from < memberIds.size(); from += INSERT_CHUNK) {
            List<String> chunk = memberIds.subList(from, Math.min(memberIds.size(), from + INSERT_CHUNK));
            var params = new ArrayList<Object>();
            for (String memberId : chunk) {
                params.addAll(List.of(memberId, notificationId, workspaceId));
            }
            jdbc.sql("insert into notification_recipients (member_id, notification_id, workspace_id) values "
                            + String.join(", ", Collections.nCopies(chunk.size(), "(?, ?, ?)")))
                    .params(params)
                    .update();
        }
    }

    /** One notification of the workspace, whatever its type, read by nobody in particular. */
    public Optional<Notification> find(String workspaceId, String id) {
        return jdbc.sql("select " + COLUMNS + ", cast(null as timestamp with time zone) as read_at from notifications n"
                        + " where n.workspace_id = ? and n.id = ?")
                .params(workspaceId, id)
                .query((rs, n) -> read(rs))
                .optional();
    }

    /** One notification as the caller may see it: an integration key only a message. */
    public Notification find(Caller caller, String id) {
        var rows = caller.isMember()
                ? jdbc.sql("select " + COLUMNS + ", r.read_at from notifications n"
                                + " left join notification_recipients r on r.notification_id = n.id and r.member_id = ?"
                                + " where n.workspace_id = ? and n.id = ?")
                        .params(caller.id(), caller.workspaceId(), id)
                : jdbc.sql("select " + COLUMNS
                                + ", cast(null as timestamp with time zone) as read_at from notifications n"
                                + " where n.workspace_id = ? and n.id = ? and n.type = ?")
                        .params(caller.workspaceId(), id, NotificationType.MESSAGE.wire());
        return rows.query((rs, n) -> read(rs)).optional().orElseThrow(() -> notFound(id));
    }

    /** Which notifications a list shows: the caller's own ({@code mine}), only unread ones, of one conversation. */
    public record Filter(
            boolean mine, boolean unread, @Nullable String conversationId) {

        public static final Filter ALL = new Filter(false, false, null);
    }

    /**
     * A page of notifications, newest first. The caller's own are read from their recipient rows,
     * so a member's bell (unread first of all) is a look-up by member; the workspace's list shows
     * a member every notification, an integration key the messages.
     */
    public Page<Notification> list(Caller caller, Filter filter, PageRequest page) {
        var sql = new StringBuilder();
        var params = new ArrayList<Object>();
        String idColumn;
        if (filter.mine()) {
            caller.requireMember();
            sql.append("select ")
                    .append(COLUMNS)
                    .append(", r.read_at from notification_recipients r")
                    .append(" join notifications n on n.id = r.notification_id")
                    .append(" where r.member_id = ? and r.workspace_id = ?");
            params.addAll(List.of(caller.id(), caller.workspaceId()));
            if (filter.unread()) {
                sql.append(" and r.read_at is null");
            }
            idColumn = "r.notification_id";
        } else if (caller.isMember()) {
            sql.append("select ")
                    .append(COLUMNS)
                    .append(", r.read_at from notifications n")
                    .append(" left join notification_recipients r on r.notification_id = n.id and r.member_id = ?")
                    .append(" where n.workspace_id = ?");
            params.addAll(List.of(caller.id(), caller.workspaceId()));
            idColumn = "n.id";
        } else {
            sql.append("select ")
                    .append(COLUMNS)
                    .append(", cast(null as timestamp with time zone) as read_at from notifications n")
                    .append(" where n.workspace_id = ? and n.type = ?");
            params.addAll(List.of(caller.workspaceId(), NotificationType.MESSAGE.wire()));
            idColumn = "n.id";
        }
        if (filter.conversationId() != null) {
            sql.append(" and n.conversation_id = ?");
            params.add(filter.conversationId());
        }
        if (page.after() != null) {
            sql.append(" and ").append(idColumn).append(" < ?");
            params.add(page.after());
        }
        sql.append(" order by ").append(idColumn).append(" desc limit ?");
        params.add(page.rows());
        return page.page(
                jdbc.sql(sql.toString())
                        .params(params)
                        .query((rs, n) -> read(rs))
                        .list(),
                Notification::id);
    }

    /** How many of the member's notifications are unread. */
    public long unreadCount(Caller caller) {
        caller.requireMember();
        return jdbc.sql(UNREAD_COUNT)
                .params(caller.id(), caller.workspaceId())
                .query(Long.class)
                .single();
    }

    /**
     * Marks one of the member's notifications read (a read one keeps when it was first read);
     * another member's, or another workspace's, is not found.
     */
    @Transactional
    public Notification markRead(Caller caller, String id) {
        caller.requireMember();
        int marked = jdbc.sql("update notification_recipients set read_at = coalesce(read_at, ?)"
                        + " where member_id = ? and workspace_id = ? and notification_id = ?")
                .params(Timestamp.from(now()), caller.id(), caller.workspaceId(), id)
                .update();
        if (marked == 0) {
            throw notFound(id);
        }
        return find(caller, id);
    }

    /** Marks every unread notification of the member read; answers how many were. */
    @Transactional
    public int markAllRead(Caller caller) {
        caller.requireMember();
        return jdbc.sql("update notification_recipients set read_at = ?"
                        + " where member_id = ? and workspace_id = ? and read_at is null")
                .params(Timestamp.from(now()), caller.id(), caller.workspaceId())
                .update();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static ApiProblem notFound(String id) {
        return ApiProblem.notFound("Notification " + id);
    }

    private static Notification read(ResultSet rs) throws SQLException {
        String type = rs.getString("type");
        Timestamp readAt = rs.getTimestamp("read_at");
        return new Notification(
                rs.getString("id"),
                NotificationType.parse(type)
                        .orElseThrow(() -> new IllegalStateException("Unknown notification type " + type)),
                rs.getString("message"),
                rs.getString("message"),
                rs.getString("audience"),
                rs.getString("approval_id"),
                rs.getString("action_id"),
                rs.getString("conversation_id"),
                rs.getTimestamp("created_at").toInstant(),
                readAt == null ? null : readAt.toInstant());
    }
}
