package com.polaris.operator.notification;

import com.polaris.operator.approval.ApprovalNotice;
import lombok.RequiredArgsConstructor;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Tells the members an {@link ApprovalNotice} is for: one notification, fanned out to them, for
 * those who want it an email on its way, and a post to the chat webhook when it wants the type. A plain synchronous listener, so it runs in the
 * transaction that opened (or reminded of, escalated, expired) the approval: a rolled-back approval
 * leaves no notification and no email.
 */
@Component
@RequiredArgsConstructor
class ApprovalNotices {

    private final Audiences audiences;
    private final Notifications notifications;
    private final ReviewerEmails emails;
    private final ChatDeliveries chat;

    @EventListener
    void on(ApprovalNotice notice) {
        NotificationType type = type(notice.kind());
        var recipients = audiences.of(notice.workspaceId(), notice.audience());
        notifications
                .announce(
                        notice.workspaceId(),
                        type,
                        notice.text(),
                        notice.approvalId(),
                        notice.subjectId(),
                        notice.approvalId() + ":" + type.wire() + (notice.version() > 1 ? ":" + notice.version() : ""),
                        recipients.stream().map(Audiences.Recipient::memberId).toList())
                .ifPresent(id -> {
                    if (type.emailed()) {
                        emails.queue(notice.workspaceId(), id, recipients);
                    }
                    chat.queue(notice.workspaceId(), id, type);
                });
    }

    /**
     * The approval module cannot name notification types (this module already depends on it), so each
     * kind of notice is given its type here, where the compiler sees that none is missing.
     */
    private static NotificationType type(ApprovalNotice.Kind kind) {
        return switch (kind) {
            case REQUESTED -> NotificationType.APPROVAL_REQUESTED;
            case REMINDER -> NotificationType.APPROVAL_REMINDER;
            case ESCALATED -> NotificationType.APPROVAL_ESCALATED;
            case EXPIRED -> NotificationType.APPROVAL_EXPIRED;
        };
    }
}
