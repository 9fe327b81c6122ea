package com.polaris.operator.notification;

import com.polaris.operator.api.RecordEndpoints;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Reading notifications: every member and integration key of the workspace may. */
@RestController
@RequestMapping("/api/v1/notifications")
class NotificationController extends RecordEndpoints<Notification> {

    NotificationController(Notifications notifications) {
        super("Notification", notifications);
    }
}
