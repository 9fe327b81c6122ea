package com.polaris.operator.notification;

import com.polaris.operator.approval.ApprovalNotice;
import com.polaris.operator.identity.Role;
import java.util.Set;
import lombok.RequiredArgsConstructor;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Tells owners and admins (and the member who asked for the action, if a member did) that an action
 * failed or needs review: one notification on their bells and, when it wants the type, a post to the
 * chat webhook. A plain synchronous listener, in the transaction that recorded the outcome.
 */
@Component
@RequiredArgsConstructor
class ActionNotices {

    private final Audiences audiences;
    private final Notifications notifications;
    private final ChatDeliveries chat;

    @EventListener
    void on(ActionNotice notice) {
        NotificationType type = notice.kind().type();
        var audience = new ApprovalNotice.Audience(
                Set.of(Role.OWNER, Role.ADMIN),
                notice.requestedByMemberId() == null ? Set.of() : Set.of(notice.requestedByMemberId()),
                Set.of());
        var recipients = audiences.of(notice.workspaceId(), audience).stream()
                .map(Audiences.Recipient::memberId)
                .toList();
        notifications
                .announce(
                        notice.workspaceId(),
                        type,
                        text(notice),
                        null,
                        notice.actionId(),
                        notice.actionId() + ":" + type.wire() + ":" + notice.attempt(),
                        recipients)
                .ifPresent(id -> chat.queue(notice.workspaceId(), id, type));
    }

    static String text(ActionNotice notice) {
        return switch (notice.kind()) {
            case FAILED -> "The action " + notice.tool() + " failed (" + notice.errorCode() + ").";
            case NEEDS_REVIEW ->
                "The action " + notice.tool() + " may or may not have happened (" + notice.errorCode()
                        + "); check it and retry or leave it.";
        };
    }
}
