package com.polaris.operator.notification;

import com.polaris.operator.Ids;
import com.polaris.operator.api.NewestFirst;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The notifications of each workspace. A notification is keyed by the action that left it (unique),
 * so running that action again finds it instead of notifying twice.
 */
@Repository
public class Notifications {

    private static final String COLUMNS = "id, message, audience, action_id, conversation_id, created_at";

    private final JdbcClient jdbc;
    private final Clock clock;

    Notifications(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Leaves the notification of an action, or returns the one that action already left. */
    @Transactional(propagation = Propagation.MANDATORY)
    public Notification send(
            String workspaceId,
            String actionId,
            String message,
            @Nullable String audience,
            @Nullable String conversationId) {
        String id = Ids.next("ntf");
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        int inserted = jdbc.sql("""
                        insert into notifications (id, workspace_id, action_id, message, audience, conversation_id,
                            created_at)
                        values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing""")
                .params(id, workspaceId, actionId, message, audience, conversationId, Timestamp.from(now))
                .update();
        if (inserted == 0) {
            return byAction(workspaceId, actionId).orElseThrow();
        }
        return new Notification(id, message, audience, actionId, conversationId, now);
    }

    public Optional<Notification> find(String workspaceId, String id) {
        return jdbc.sql("select " + COLUMNS + " from notifications where workspace_id = ? and id = ?")
                .params(workspaceId, id)
                .query(Notifications::map)
                .optional();
    }

    public Optional<Notification> byAction(String workspaceId, String actionId) {
        return jdbc.sql("select " + COLUMNS + " from notifications where workspace_id = ? and action_id = ?")
                .params(workspaceId, actionId)
                .query(Notifications::map)
                .optional();
    }

    /** Newest first, after the notification {@code after} (exclusive), at most {@code limit} rows. */
    public List<Notification> list(
            String workspaceId, @Nullable String conversationId, @Nullable String after, int limit) {
        return NewestFirst.from("notifications", COLUMNS, workspaceId)
                .where("conversation_id", conversationId)
                .list(jdbc, after, limit, Notifications::map);
    }

    private static Notification map(ResultSet rs, int row) throws SQLException {
        return new Notification(
                rs.getString("id"),
                rs.getString("message"),
                rs.getString("audience"),
                rs.getString("action_id"),
                rs.getString("conversation_id"),
                rs.getTimestamp("created_at").toInstant());
    }
}
