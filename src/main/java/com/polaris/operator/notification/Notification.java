package com.polaris.operator.notification;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A notification for people of the workspace. A {@code message} is one that {@code send_notification}
 * left, for {@code audience} (a role name or a member's email; null means everyone), in the
 * conversation {@code conversationId}; the product's own notifications ({@code approval.requested}
 * …) name the approval and its action and have no audience. {@code text} is the plain sentence to
 * show, the same as {@code message}, which is kept for the callers that read it. {@code readAt} is
 * when the calling member read it: null while unread, when it is not theirs, and for integration keys.
 */
public record Notification(
        String id,
        NotificationType type,
        String text,
        String message,
        @Nullable String audience,
        @Nullable String approvalId,
        String actionId,
        @Nullable String conversationId,
        Instant createdAt,
        @Nullable Instant readAt) {}
