package com.polaris.operator.notification;

import com.polaris.operator.Ids;
import com.polaris.operator.api.RecordTable;
import java.time.Clock;
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
public class Notifications extends RecordTable<Notification> {

    Notifications(JdbcClient jdbc, Clock clock) {
        super(jdbc, clock, "notifications", Notification.class);
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
        var row = new Notification(id, message, audience, actionId, conversationId, now());
        return insertOnce(workspaceId, row);
    }
}
