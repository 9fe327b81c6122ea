package com.polaris.operator.notification;

import com.polaris.operator.Ids;
import com.polaris.operator.api.Page;
import com.polaris.operator.api.PageRequest;
import com.polaris.operator.api.RecordTable;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
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

    private final RecordTable<Notification> table;

    Notifications(JdbcClient jdbc, Clock clock) {
        this.table = new RecordTable<>(
                jdbc,
                clock,
                "notifications",
                "id, message, audience, action_id, conversation_id, created_at",
                Notifications::map,
                Notification::id);
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
        var row = new Notification(id, message, audience, actionId, conversationId, table.now());
        return table.insertOnce(
                workspaceId, actionId, row, id, message, audience, actionId, conversationId, row.createdAt());
    }

    public Optional<Notification> find(String workspaceId, String id) {
        return table.find(workspaceId, id);
    }

    /** A page of the workspace's notifications, newest first, of one conversation when {@code conversationId} is not null. */
    public Page<Notification> list(String workspaceId, @Nullable String conversationId, PageRequest page) {
        return table.list(workspaceId, conversationId, page);
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
