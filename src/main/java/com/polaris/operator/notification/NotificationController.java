package com.polaris.operator.notification;

import com.polaris.operator.api.ApiExamples;
import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.Page;
import com.polaris.operator.api.PageRequest;
import com.polaris.operator.api.ProblemAnswers;
import com.polaris.operator.api.ProblemType;
import com.polaris.operator.identity.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Notifications: the messages {@code send_notification} leaves and the product's own notifications
 * for members. Every member reads the workspace's, integration keys only the messages; a member's
 * own ({@code ?for=me}) are the ones they can mark read.
 */
@RestController
@RequestMapping("/api/v1/notifications")
@Tag(name = "Notifications", description = "Messages of send_notification and the product's notifications for members.")
@RequiredArgsConstructor
class NotificationController {

    private final Notifications notifications;

    /** How many notifications {@code read-all} marked read. */
    record ReadAll(int read) {}

    @GetMapping
    @Operation(summary = "Notifications, newest first", description = """
            Members see every notification of the workspace (type message, approval.requested, \
            approval.reminder, approval.escalated, approval.expired, action.failed, action.needs_review), \
            each with readAt, when they read it (null while unread or when it is not theirs); integration \
            keys see only type message. for=me (members only) lists the caller's own: messages addressed \
            to everyone, their role or their email when they were left, and the product's notifications \
            for them; unread=true (with for=me) only those not read yet. conversationId: only those of \
            one conversation.""")
    @ProblemAnswers({ProblemType.BAD_PARAMETER, ProblemType.FORBIDDEN})
    @ApiExamples(response = """
            {"items": [{"id": "ntf_01jdq8x4a1b2c3d4e5f6g7h8j9", "type": "approval.requested",
             "text": "An action waits for your approval: Apply 20% off for Ana Ruiz.",
             "message": "An action waits for your approval: Apply 20% off for Ana Ruiz.", "audience": null, "approvalId": "apr_01jdq8x3n0p1q2r3s4t5v6w7x8",
             "actionId": "act_01jdq8x3m5a2b7c9d4e6f8g0h1", "conversationId": "conv_81",
             "createdAt": "2026-11-23T10:15:31Z", "readAt": null}], "nextCursor": null}""")
    Page<Notification> list(
            @AuthenticationPrincipal Caller caller,
            @RequestParam(name = "for", required = false)
                    @Parameter(description = "me: only the caller's own")
                    @Nullable
                    String forWhom,
            @RequestParam(required = false) @Parameter(description = "true: only unread ones (needs for=me)") @Nullable
                    String unread,
            @RequestParam(required = false) @Nullable String conversationId,
            PageRequest page) {
        if (forWhom != null && !forWhom.equals("me")) {
            throw ApiProblem.badParameter("for must be me.");
        }
        if (unread != null && !unread.equals("true") && !unread.equals("false")) {
            throw ApiProblem.badParameter("unread must be true or false.");
        }
        boolean onlyUnread = "true".equals(unread);
        if (onlyUnread && forWhom == null) {
            throw ApiProblem.badParameter("unread=true needs for=me.");
        }
        if (forWhom != null) {
            caller.requireMember();
        }
        return notifications.list(caller, new Notifications.Filter(forWhom != null, onlyUnread, conversationId), page);
    }

    @GetMapping("/{id}")
    @Operation(summary = "Read a notification", description = """
                    One notification as the list shows it. Integration keys read only type message; any \
                    other is 404 for them, as is another workspace's.""")
    @ProblemAnswers(ProblemType.NOT_FOUND)
    @ApiExamples(response = """
            {"id": "ntf_01jdq8x4a1b2c3d4e5f6g7h8j9", "type": "approval.requested",
             "text": "An action waits for your approval: Apply 20% off for Ana Ruiz.",
             "message": "An action waits for your approval: Apply 20% off for Ana Ruiz.", "audience": null, "approvalId": "apr_01jdq8x3n0p1q2r3s4t5v6w7x8",
             "actionId": "act_01jdq8x3m5a2b7c9d4e6f8g0h1", "conversationId": "conv_81",
             "createdAt": "2026-11-23T10:15:31Z", "readAt": null}""")
    Notification one(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        return notifications.find(caller, id);
    }

    @PostMapping("/{id}/read")
    @Operation(summary = "Mark one of the caller's notifications read (members)", description = """
            Answers the notification with readAt; one already read keeps when it was first read. A \
            notification that is not the caller's (another member's, another workspace's) is 404. \
            Integration keys have none (403).""")
    @ProblemAnswers({ProblemType.FORBIDDEN, ProblemType.NOT_FOUND})
    @ApiExamples(response = """
            {"id": "ntf_01jdq8x4a1b2c3d4e5f6g7h8j9", "type": "approval.requested",
             "text": "An action waits for your approval: Apply 20% off for Ana Ruiz.",
             "message": "An action waits for your approval: Apply 20% off for Ana Ruiz.", "audience": null, "approvalId": "apr_01jdq8x3n0p1q2r3s4t5v6w7x8",
             "actionId": "act_01jdq8x3m5a2b7c9d4e6f8g0h1", "conversationId": "conv_81",
             "createdAt": "2026-11-23T10:15:31Z", "readAt": "2026-11-23T10:20:00Z"}""")
    Notification read(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        return notifications.markRead(caller, id);
    }

    @PostMapping("/read-all")
    @Operation(summary = "Mark all of the caller's notifications read (members)", description = """
            Answers {"read": n}, how many were unread. Integration keys have none (403).""")
    @ProblemAnswers(ProblemType.FORBIDDEN)
    @ApiExamples(response = """
            {"read": 3}""")
    ReadAll readAll(@AuthenticationPrincipal Caller caller) {
        return new ReadAll(notifications.markAllRead(caller));
    }
}
