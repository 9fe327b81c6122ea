package com.polaris.operator.notification;

import org.jspecify.annotations.Nullable;

/**
 * An action ended without doing its work for sure: it {@code failed}, or it {@code needs_review}
 * (it may have happened; a person must look). The action module publishes it inside the
 * transaction that records the outcome, so an outcome that rolls back tells nobody. It is declared
 * here rather than in the action module because the action module sits above this one (its tools
 * write notifications): the notification module may not depend on it.
 *
 * @param attempt the action's attempt that ended it, so an action retried by a person and ending
 *     again is told of again
 * @param requestedByMemberId the member who asked for the action, null when an integration asked
 * @param errorCode the machine-readable reason ({@code timeout}, {@code rejected} …), shown in the text
 */
public record ActionNotice(
        String workspaceId,
        String actionId,
        String tool,
        Kind kind,
        int attempt,
        @Nullable String requestedByMemberId,
        String errorCode) {

    /** How the action ended, named as the notification types of API.md name it. */
    public enum Kind {
        FAILED(NotificationType.ACTION_FAILED),
        NEEDS_REVIEW(NotificationType.ACTION_NEEDS_REVIEW);

        private final NotificationType type;

        Kind(NotificationType type) {
            this.type = type;
        }

        NotificationType type() {
            return type;
        }
    }
}
