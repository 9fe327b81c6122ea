package com.polaris.operator.tool;

import com.polaris.operator.catalog.BuiltInTool;
import com.polaris.operator.notification.Notification;
import com.polaris.operator.notification.Notifications;
import org.springframework.stereotype.Component;

/** {@code send_notification}: leaves a message for the team (or a role or member), answers {@code {"notificationId"}}. */
@Component
class SendNotificationExecutor extends RecordingExecutor {

    private final Notifications notifications;

    SendNotificationExecutor(Notifications notifications) {
        super(BuiltInTool.SEND_NOTIFICATION);
        this.notifications = notifications;
    }

    @Override
    ToolResult record(ToolRun run, Arguments arguments) {
        Notification notification = notifications.send(
                run.workspaceId(),
                run.actionId(),
                arguments.required("message"),
                arguments.text("audience"),
                run.conversationId());
        return recorded("notificationId", notification.id());
    }
}
