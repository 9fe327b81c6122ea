package com.polaris.operator.notification;

import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.Page;
import com.polaris.operator.identity.Caller;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Reading notifications: every member and integration key of the workspace may. */
@RestController
@RequestMapping("/api/v1/notifications")
class NotificationController {

    private final Notifications notifications;

    NotificationController(Notifications notifications) {
        this.notifications = notifications;
    }

    @GetMapping("/{id}")
    Notification one(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        return notifications
                .find(caller.workspaceId(), id)
                .orElseThrow(() -> ApiProblem.notFound("Notification " + id));
    }

    @GetMapping
    Page<Notification> list(
            @AuthenticationPrincipal Caller caller,
            @RequestParam(required = false) @Nullable String conversationId,
            @RequestParam(required = false) @Nullable String cursor,
            @RequestParam(required = false) @Nullable Integer limit) {
        return Page.read(
                cursor,
                limit,
                (after, size) -> notifications.list(caller.workspaceId(), conversationId, after, size + 1),
                Notification::id,
                Function.identity());
    }
}
